// io_uring for @sock/uring, by raw syscalls (io_uring_setup/enter/register:
// the prebuilt addon needs no liburing). A Ring's fd is watched by a
// uv_poll_t; submissions queue in the SQ ring and are flushed once per loop
// turn (a uv_prepare_t, or at the end of a completion batch); completions
// reach JS in batches: this file writes (token, result, kind|more, offset)
// records into a JS-owned Int32Array and received bytes into a JS-owned
// arena, then makes one call per batch.
//
// Memory safety: what the kernel writes (the provided-buffer ring and its
// buffers) and reads (the copies sends are made from) is native-owned and
// freed only once no request is in flight: close() and environment teardown
// cancel every request and reap until nothing is left. Received bytes are
// copied out of a provided buffer into the JS arena (checked intact first)
// and the buffer goes back to the kernel at once, so no JS action (detaching
// or transferring a view, dropping the Ring, a worker exiting) can make the
// kernel touch freed or foreign memory.
#include <linux/io_uring.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <uv.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "common.h"

namespace sock {

class Ring;

namespace {

int Setup(unsigned entries, io_uring_params* p) { return static_cast<int>(syscall(__NR_io_uring_setup, entries, p)); }

int Enter(int fd, unsigned submit, unsigned min_complete, unsigned flags) {
  return static_cast<int>(syscall(__NR_io_uring_enter, fd, submit, min_complete, flags, nullptr, 0));
}

int Register(int fd, unsigned op, void* arg, unsigned n) {
  return static_cast<int>(syscall(__NR_io_uring_register, fd, op, arg, n));
}

template <typename T>
T LoadAcquire(const T* p) {
  return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

template <typename T>
void StoreRelease(T* p, T v) {
  __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

// What a request is, in the top byte of its user_data (the rest: a JS token,
// or for a send the address of its SendOp; user-space pointers leave the top
// byte zero on x86-64 and arm64).
enum Kind : uint64_t { kAccept = 1, kRecv = 2, kSend = 3, kCancel = 4 };
constexpr int kKindShift = 56;
constexpr uint64_t kPayloadMask = (uint64_t{1} << kKindShift) - 1;

static_assert(offsetof(io_uring_buf_ring, tail) == 14 && sizeof(io_uring_buf) == 16, "the kernel's buffer ring layout");

constexpr int kRecordFields = 4;  // token, result, kind << 8 | more, arena offset (-1: none)
constexpr unsigned kMaxEntries = 32768;
constexpr unsigned kMaxBuffers = 32768;  // a buffer id is 16 bits
constexpr unsigned kMaxBufferSize = 1 << 20;

// One send's bytes, copied at the call: sends on one fd go one at a time, in order.
struct SendOp {
  SendOp* next;
  uint32_t token;
  int fd;
  bool orphan;  // its fd was cancelled: the completion only frees it
  uint32_t len, done;
  uint8_t data[1];
};

struct SendQueue {
  SendOp* head = nullptr;  // in flight when `busy`
  SendOp* tail = nullptr;
  bool busy = false;
};

// uv handles outlive their Ring until uv_close's callback (see CloseTracker).
struct PollBox {
  uv_poll_t poll;
  Ring* owner;
  CloseTracker* tracker;
};
struct PrepareBox {
  uv_prepare_t prepare;
  Ring* owner;
  CloseTracker* tracker;
};

template <typename Box>
void OnBoxClosed(uv_handle_t* h) {
  auto* box = reinterpret_cast<Box*>(h);
  CloseTracker* tracker = box->tracker;
  delete box;
  tracker->closing--;
  FinishCleanupIfIdle(tracker);
}

}  // namespace

class Ring : public Napi::ObjectWrap<Ring> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Ring",
                       {InstanceMethod<&Ring::AcceptMultishot>("acceptMultishot"),
                        InstanceMethod<&Ring::RecvMultishot>("recvMultishot"), InstanceMethod<&Ring::Send>("send"),
                        InstanceMethod<&Ring::CancelFd>("cancelFd"), InstanceMethod<&Ring::SetRef>("setRef"),
                        InstanceMethod<&Ring::Close>("close"), InstanceMethod<&Ring::Stats>("stats")});
  }

  // new Ring(entries, bufferCount, bufferSize, table: Int32Array, arena: Uint8Array, callback(count))
  explicit Ring(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Ring>(info) {
    napi_env env = info.Env();
    int64_t entries, count, size;
    if (!ArgInt(info, 0, 1, kMaxEntries, &entries, "entries must be an integer from 1 to 32768") ||
        !ArgInt(info, 1, 1, kMaxBuffers, &count, "buffer count must be a power of 2 from 1 to 32768") ||
        !ArgInt(info, 2, 1, kMaxBufferSize, &size, "buffer size must be an integer from 1 to 1048576"))
      return;
    if (count & (count - 1)) {
      ThrowRange(env, "buffer count must be a power of 2 from 1 to 32768");
      return;
    }
    size_t table_len = 0, arena_len = 0;
    napi_typedarray_type type;
    void* p = nullptr;
    if (napi_get_typedarray_info(env, info[3], &type, &table_len, &p, nullptr, nullptr) != napi_ok ||
        type != napi_int32_array || table_len < kRecordFields) {
      ThrowType(env, "table must be an Int32Array of at least one record");
      return;
    }
    table_ = static_cast<int32_t*>(p);
    table_records_ = table_len / kRecordFields;
    if (!ArgBytes(info, 4, &arena_, &arena_len, "arena must be a Uint8Array")) return;
    if (arena_len < static_cast<size_t>(size)) {
      ThrowRange(env, "arena must hold at least one buffer");
      return;
    }
    arena_len_ = arena_len;
    if (!info[5].IsFunction()) {
      ThrowType(env, "callback must be a function");
      return;
    }
    buf_count_ = static_cast<unsigned>(count);
    buf_size_ = static_cast<unsigned>(size);
    int err = Open(static_cast<unsigned>(entries));
    if (err) {
      Unmap();
      Napi::Error e = Napi::Error::New(env, std::string(open_step_) + ": " + strerror(err));
      e.Set("code", Napi::String::New(env, "ERR_SOCK_URING_UNAVAILABLE"));
      e.Set("errno", Napi::Number::New(env, -err));
      e.Set("syscall", Napi::String::New(env, open_step_));
      e.ThrowAsJavaScriptException();
      return;
    }
    table_ref_ = Napi::Persistent(info[3]);
    arena_ref_ = Napi::Persistent(info[4]);
    callback_ = Napi::Persistent(info[5].As<Napi::Function>());
    uv_loop_t* loop = nullptr;
    napi_get_uv_event_loop(env, &loop);
    data_ = Data(env);
    poll_ = new PollBox{{}, this, data_->tracker};
    prepare_ = new PrepareBox{{}, this, data_->tracker};
    uv_poll_init(loop, &poll_->poll, ring_fd_);
    uv_prepare_init(loop, &prepare_->prepare);
    uv_unref(reinterpret_cast<uv_handle_t*>(&prepare_->prepare));
    uv_poll_start(&poll_->poll, UV_READABLE, OnPoll);
    UpdateRef();
    next_ = data_->rings;
    if (next_) next_->prev_ = this;
    data_->rings = this;
  }

  ~Ring() override {
    Teardown();
    Unlink();
  }

  // Cancels every request, waits until none is in flight, then frees the
  // rings and buffers. No napi call (runs from finalizers and env teardown).
  void Teardown() {
    if (torn_down_) return;
    torn_down_ = true;
    if (poll_) {
      uv_poll_stop(&poll_->poll);
      poll_->owner = nullptr;
      poll_->tracker->closing++;
      uv_close(reinterpret_cast<uv_handle_t*>(&poll_->poll), OnBoxClosed<PollBox>);
    }
    if (prepare_) {
      uv_prepare_stop(&prepare_->prepare);
      prepare_->owner = nullptr;
      prepare_->tracker->closing++;
      uv_close(reinterpret_cast<uv_handle_t*>(&prepare_->prepare), OnBoxClosed<PrepareBox>);
    }
    poll_ = nullptr;
    prepare_ = nullptr;
    if (ring_fd_ < 0) return;
    draining_ = true;
    // sends not yet submitted never will be
    for (auto& q : sends_) {
      SendOp* op = q.busy ? q.head->next : q.head;
      if (q.busy) q.head->next = nullptr;
      while (op) {
        SendOp* next = op->next;
        free(op);
        queued_--;
        op = next;
      }
    }
    sends_.clear();
    if (inflight_ > 0) {
      io_uring_sqe* sqe = GetSqe();
      if (sqe) {
        sqe->opcode = IORING_OP_ASYNC_CANCEL;
        sqe->fd = -1;
        sqe->cancel_flags = IORING_ASYNC_CANCEL_ANY;
        sqe->user_data = kCancel << kKindShift;
        inflight_++;
      }
    }
    bool drained = true;
    for (int spins = 0; inflight_ > 0; spins++) {
      StoreRelease(sq_tail_, sq_local_tail_);
      int r = Enter(ring_fd_, pending_, 1, IORING_ENTER_GETEVENTS);
      if (r >= 0) pending_ = pending_ > static_cast<unsigned>(r) ? pending_ - r : 0;
      if (r < 0 && errno != EINTR && errno != EAGAIN && errno != EBUSY) {
        drained = false;
        break;
      }
      Reap(false);
      if (spins > 1000000) {  // a request the kernel would not cancel: give up waiting (and freeing)
        drained = false;
        break;
      }
    }
    ::close(ring_fd_);
    ring_fd_ = -1;
    // Not drained (the kernel refused to wait): the buffers may still be
    // written, so they are leaked rather than freed.
    if (drained) Unmap();
  }

  void Forget() {
    prev_ = next_ = nullptr;
    data_ = nullptr;
  }

  void Unlink() {
    if (!data_) return;
    if (prev_)
      prev_->next_ = next_;
    else
      data_->rings = next_;
    if (next_) next_->prev_ = prev_;
    prev_ = next_ = nullptr;
  }

  Ring* next_ = nullptr;
  Ring* prev_ = nullptr;

 private:
  // io_uring_setup, the three mmaps and the provided-buffer ring; 0 or errno
  // (open_step_ names the failing step).
  int Open(unsigned entries) {
    io_uring_params p{};
    // COOP_TASKRUN: completions due to this thread never interrupt it with an IPI
    // while it runs JS; they are run at its next syscall (a sleeping epoll_wait is
    // still woken). Not DEFER_TASKRUN: its deferred work does not wake a poller of
    // the ring fd (libuv's epoll would sleep on completions that are due).
    const unsigned base = IORING_SETUP_CLAMP | IORING_SETUP_CQSIZE;
    const unsigned wanted[] = {base | IORING_SETUP_SUBMIT_ALL | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_COOP_TASKRUN |
                                   IORING_SETUP_TASKRUN_FLAG,
                               base | IORING_SETUP_SUBMIT_ALL | IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG,
                               base};
    open_step_ = "io_uring_setup";
    int fd = -1;
    for (unsigned flags : wanted) {  // newest first: SINGLE_ISSUER needs Linux 6.0, COOP_TASKRUN 5.19
      p = io_uring_params{};
      p.flags = flags;
      p.cq_entries = entries * 4;  // multishot requests post many completions each
      fd = Setup(entries, &p);
      if (fd >= 0 || errno != EINVAL) break;
    }
    if (fd < 0) return errno;
    ring_fd_ = fd;
    defer_taskrun_ = (p.flags & IORING_SETUP_DEFER_TASKRUN) != 0;
    open_step_ = "mmap";
    sq_len_ = p.sq_off.array + p.sq_entries * sizeof(unsigned);
    cq_len_ = p.cq_off.cqes + p.cq_entries * sizeof(io_uring_cqe);
    if (p.features & IORING_FEAT_SINGLE_MMAP) sq_len_ = cq_len_ = sq_len_ > cq_len_ ? sq_len_ : cq_len_;
    void* sq = mmap(nullptr, sq_len_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQ_RING);
    if (sq == MAP_FAILED) return errno;
    sq_ring_ = static_cast<uint8_t*>(sq);
    if (p.features & IORING_FEAT_SINGLE_MMAP) {
      cq_ring_ = sq_ring_;
    } else {
      void* cq = mmap(nullptr, cq_len_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_CQ_RING);
      if (cq == MAP_FAILED) return errno;
      cq_ring_ = static_cast<uint8_t*>(cq);
    }
    sqes_len_ = p.sq_entries * sizeof(io_uring_sqe);
    void* sqes = mmap(nullptr, sqes_len_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQES);
    if (sqes == MAP_FAILED) return errno;
    sqes_ = static_cast<io_uring_sqe*>(sqes);
    sq_head_ = reinterpret_cast<unsigned*>(sq_ring_ + p.sq_off.head);
    sq_tail_ = reinterpret_cast<unsigned*>(sq_ring_ + p.sq_off.tail);
    sq_mask_ = *reinterpret_cast<unsigned*>(sq_ring_ + p.sq_off.ring_mask);
    sq_entries_ = p.sq_entries;
    sq_flags_ = reinterpret_cast<unsigned*>(sq_ring_ + p.sq_off.flags);
    sq_array_ = reinterpret_cast<unsigned*>(sq_ring_ + p.sq_off.array);
    sq_local_tail_ = *sq_tail_;
    cq_head_ = reinterpret_cast<unsigned*>(cq_ring_ + p.cq_off.head);
    cq_tail_ = reinterpret_cast<unsigned*>(cq_ring_ + p.cq_off.tail);
    cq_mask_ = *reinterpret_cast<unsigned*>(cq_ring_ + p.cq_off.ring_mask);
    cqes_ = reinterpret_cast<io_uring_cqe*>(cq_ring_ + p.cq_off.cqes);

    open_step_ = "provided buffers";
    br_len_ = buf_count_ * sizeof(io_uring_buf);
    void* br = mmap(nullptr, br_len_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (br == MAP_FAILED) return errno;
    br_ = static_cast<io_uring_buf_ring*>(br);
    memset(br_, 0, br_len_);  // faulted in before the kernel pins it (an untouched page would be the zero page)
    bufs_len_ = static_cast<size_t>(buf_count_) * buf_size_;
    void* bufs = mmap(nullptr, bufs_len_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (bufs == MAP_FAILED) return errno;
    bufs_ = static_cast<uint8_t*>(bufs);
    io_uring_buf_reg reg{};
    reg.ring_addr = reinterpret_cast<uint64_t>(br_);
    reg.ring_entries = buf_count_;
    reg.bgid = 0;
    open_step_ = "io_uring_register(IORING_REGISTER_PBUF_RING)";
    if (Register(fd, IORING_REGISTER_PBUF_RING, &reg, 1) < 0) return errno;
    for (unsigned bid = 0; bid < buf_count_; bid++) Recycle(bid);
    PublishBuffers();
    return 0;
  }

  void Unmap() {
    if (sqes_) munmap(sqes_, sqes_len_);
    if (cq_ring_ && cq_ring_ != sq_ring_) munmap(cq_ring_, cq_len_);
    if (sq_ring_) munmap(sq_ring_, sq_len_);
    if (br_) munmap(br_, br_len_);
    if (bufs_) munmap(bufs_, bufs_len_);
    sqes_ = nullptr;
    sq_ring_ = cq_ring_ = nullptr;
    br_ = nullptr;
    bufs_ = nullptr;
    if (ring_fd_ >= 0) ::close(ring_fd_);
    ring_fd_ = -1;
  }

  // Gives buffer `bid` back to the kernel (visible after PublishBuffers).
  void Recycle(unsigned bid) {
    // not br_->bufs: in C++ the header's __DECLARE_FLEX_ARRAY puts an empty
    // struct (1 byte, not 0) before it and shifts it by 8 bytes
    io_uring_buf* b = reinterpret_cast<io_uring_buf*>(br_) + (br_tail_ & (buf_count_ - 1));
    b->addr = reinterpret_cast<uint64_t>(bufs_ + static_cast<size_t>(bid) * buf_size_);
    b->len = buf_size_;
    b->bid = static_cast<uint16_t>(bid);
    br_tail_++;
  }

  // The tail overlays bufs[0].resv (offset 14), as the kernel reads it.
  void PublishBuffers() { StoreRelease(&br_->tail, br_tail_); }

  // A zeroed SQE, or null when the SQ ring is full even after a flush.
  io_uring_sqe* GetSqe() {
    if (sq_local_tail_ - LoadAcquire(sq_head_) >= sq_entries_) {
      Flush();
      if (sq_local_tail_ - LoadAcquire(sq_head_) >= sq_entries_) return nullptr;
    }
    unsigned i = sq_local_tail_ & sq_mask_;
    io_uring_sqe* sqe = &sqes_[i];
    memset(sqe, 0, sizeof(*sqe));
    sq_array_[i] = i;
    sq_local_tail_++;
    pending_++;
    if (prepare_ && pending_ == 1) uv_prepare_start(&prepare_->prepare, OnPrepare);
    return sqe;
  }

  // io_uring_enter for every queued SQE (and, with DEFER_TASKRUN, the task
  // work that posts completions). 0 or -errno.
  int Flush(bool getevents = false) {
    if (pending_ == 0 && !getevents) return 0;
    StoreRelease(sq_tail_, sq_local_tail_);
    unsigned flags = getevents || (LoadAcquire(sq_flags_) & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN))
                         ? IORING_ENTER_GETEVENTS
                         : 0;
    int r = Enter(ring_fd_, pending_, 0, flags);
    if (r < 0) return errno == EINTR || errno == EAGAIN || errno == EBUSY ? 0 : -errno;
    pending_ = pending_ > static_cast<unsigned>(r) ? pending_ - r : 0;
    if (pending_ == 0 && prepare_) uv_prepare_stop(&prepare_->prepare);
    return 0;
  }

  static void OnPrepare(uv_prepare_t* p) {
    Ring* self = reinterpret_cast<PrepareBox*>(p)->owner;
    if (self) self->Flush();
  }

  // The ring fd is readable: completions are waiting (or, with DEFER_TASKRUN,
  // task work that will post them).
  static void OnPoll(uv_poll_t* p, int status, int events) {
    Ring* self = reinterpret_cast<PollBox*>(p)->owner;
    if (!self) return;
    Napi::Env env = self->Env();
    Napi::HandleScope scope(env);
    self->Flush(self->defer_taskrun_);
    self->Reap(true);
    if (self->close_requested_) {
      self->Teardown();
      self->UpdateRef();
      return;
    }
    self->Flush();
    self->UpdateRef();
  }

  // Whether the JS table and arena are still the memory registered (a view
  // handed to a callback can have its buffer transferred or detached).
  bool JsMemoryIntact() {
    napi_env env = Env();
    napi_typedarray_type type;
    size_t length = 0;
    void* p = nullptr;
    if (napi_get_typedarray_info(env, table_ref_.Value(), &type, &length, &p, nullptr, nullptr) != napi_ok ||
        p != table_ || length < table_records_ * kRecordFields)
      return false;
    if (napi_get_typedarray_info(env, arena_ref_.Value(), &type, &length, &p, nullptr, nullptr) != napi_ok ||
        p != arena_ || length < arena_len_)
      return false;
    return true;
  }

  // Drains the CQ ring. With `deliver`, completions go to JS in batches; the
  // teardown drain only frees and counts.
  void Reap(bool deliver) {
    if (deliver && !JsMemoryIntact()) deliver = false, broken_ = true;
    records_ = 0;
    arena_used_ = 0;
    for (;;) {
      unsigned head = *cq_head_;
      unsigned tail = LoadAcquire(cq_tail_);
      if (head == tail) break;
      for (; head != tail; head++) {
        const io_uring_cqe* cqe = &cqes_[head & cq_mask_];
        if (deliver && (records_ == table_records_ || (IsRecvData(cqe) && arena_used_ + cqe->res > arena_len_))) {
          StoreRelease(cq_head_, head);
          PublishBuffers();
          if (!Deliver()) deliver = false;
        }
        Complete(cqe, deliver);
      }
      StoreRelease(cq_head_, head);
      PublishBuffers();
    }
    if (deliver && records_ > 0) Deliver();
    if (broken_ && deliver_broken_once_) {
      deliver_broken_once_ = false;
      CallJs(-1);  // JS reports ERR_INVALID_STATE and closes the ring
    }
  }

  static bool IsRecvData(const io_uring_cqe* cqe) {
    return (cqe->user_data >> kKindShift) == kRecv && cqe->res > 0 && (cqe->flags & IORING_CQE_F_BUFFER);
  }

  void Record(uint32_t token, int32_t res, uint64_t kind, bool more, int32_t offset) {
    int32_t* r = table_ + records_ * kRecordFields;
    r[0] = static_cast<int32_t>(token);
    r[1] = res;
    r[2] = static_cast<int32_t>(kind << 8) | (more ? 1 : 0);
    r[3] = offset;
    records_++;
  }

  void Complete(const io_uring_cqe* cqe, bool deliver) {
    uint64_t kind = cqe->user_data >> kKindShift;
    uint64_t payload = cqe->user_data & kPayloadMask;
    bool more = (cqe->flags & IORING_CQE_F_MORE) != 0;
    switch (kind) {
      case kAccept:
        if (!more) inflight_--;
        if (deliver)
          Record(static_cast<uint32_t>(payload), cqe->res, kind, more, -1);
        else if (cqe->res >= 0)
          ::close(cqe->res);  // accepted while tearing down: nobody will own it
        break;
      case kRecv: {
        if (!more) inflight_--;
        int32_t offset = -1;
        if (cqe->flags & IORING_CQE_F_BUFFER) {
          unsigned bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
          if (deliver && cqe->res > 0) {
            memcpy(arena_ + arena_used_, bufs_ + static_cast<size_t>(bid) * buf_size_, cqe->res);
            offset = static_cast<int32_t>(arena_used_);
            arena_used_ += (static_cast<size_t>(cqe->res) + 7) & ~size_t{7};
            if (arena_used_ > arena_len_) arena_used_ = arena_len_;
          }
          Recycle(bid);
        }
        if (deliver) Record(static_cast<uint32_t>(payload), cqe->res, kind, more, offset);
        break;
      }
      case kSend:
        inflight_--;
        SendDone(reinterpret_cast<SendOp*>(payload), cqe->res, deliver);
        break;
      default:  // kCancel: nothing to report
        inflight_--;
        break;
    }
  }

  // A send finished (or failed): report it, then start the fd's next one.
  void SendDone(SendOp* op, int32_t res, bool deliver) {
    if (res > 0 && op->done + res < op->len && !op->orphan && !draining_) {  // short: send the rest
      op->done += res;
      if (SubmitSend(op)) return;
      res = -EBUSY;
    }
    if (deliver) Record(op->token, res < 0 ? res : static_cast<int32_t>(op->len), kSend, false, -1);
    if (op->orphan || draining_) {
      free(op);
      return;
    }
    SendQueue& q = sends_[op->fd];
    q.head = op->next;
    if (!q.head) q.tail = nullptr;
    free(op);
    q.busy = false;
    if (q.head) {
      queued_--;
      if (SubmitSend(q.head))
        q.busy = true;
      else  // the SQ ring stays full: fail it rather than stall the queue
        SendDone(q.head, -EBUSY, deliver);
    }
  }

  bool SubmitSend(SendOp* op) {
    io_uring_sqe* sqe = GetSqe();
    if (!sqe) return false;
    sqe->opcode = IORING_OP_SEND;
    sqe->fd = op->fd;
    sqe->addr = reinterpret_cast<uint64_t>(op->data + op->done);
    sqe->len = op->len - op->done;
    sqe->msg_flags = MSG_NOSIGNAL | MSG_WAITALL;
    sqe->user_data = (kSend << kKindShift) | reinterpret_cast<uint64_t>(op);
    inflight_++;
    return true;
  }

  // One JS call for the records so far; false if JS memory went away.
  bool Deliver() {
    int n = static_cast<int>(records_);
    records_ = 0;
    arena_used_ = 0;
    CallJs(n);
    if (!JsMemoryIntact()) {
      broken_ = true;
      return false;
    }
    return true;
  }

  void CallJs(int n) {
    napi_env env = Env();
    in_dispatch_++;
    napi_value argv[1];
    napi_create_int32(env, n, &argv[0]);
    napi_value result;
    napi_status st = napi_make_callback(env, nullptr, Value(), callback_.Value(), 1, argv, &result);
    if (st == napi_pending_exception) {
      napi_value err;
      napi_get_and_clear_last_exception(env, &err);
      napi_fatal_exception(env, err);
    }
    in_dispatch_--;
  }

  // The loop stays alive while requests are in flight (unless unref'd), and
  // the JS object stays reachable while the kernel may still report to it.
  void UpdateRef() {
    bool busy = !torn_down_ && inflight_ + queued_ > 0;
    if (poll_) {
      auto* h = reinterpret_cast<uv_handle_t*>(&poll_->poll);
      if (busy && ref_)
        uv_ref(h);
      else
        uv_unref(h);
    }
    if (busy != strong_) {
      strong_ = busy;
      if (busy)
        Ref();
      else
        Unref();
    }
  }

  bool Usable(napi_env env) {
    if (torn_down_ || close_requested_) return ThrowClosed(env), false;
    return true;
  }

  static void ThrowClosed(napi_env env) { napi_throw_error(env, "ERR_SOCK_CLOSED", "the ring is closed"); }

  // acceptMultishot(fd, token) -> 0 or -errno: one accept request that posts
  // a completion per connection (IORING_ACCEPT_MULTISHOT; non-blocking,
  // close-on-exec fds).
  Napi::Value AcceptMultishot(const Napi::CallbackInfo& info) {
    int fd;
    int64_t token;
    if (!ArgFd(info, 0, &fd) || !ArgInt(info, 1, 0, UINT32_MAX, &token, "token must be a uint32")) return {};
    if (!Usable(info.Env())) return {};
    io_uring_sqe* sqe = GetSqe();
    if (!sqe) return Int(info.Env(), -EBUSY);
    sqe->opcode = IORING_OP_ACCEPT;
    sqe->fd = fd;
    sqe->ioprio = IORING_ACCEPT_MULTISHOT;
    sqe->accept_flags = SOCK_NONBLOCK | SOCK_CLOEXEC;
    sqe->user_data = (kAccept << kKindShift) | static_cast<uint64_t>(token);
    inflight_++;
    UpdateRef();
    return Int(info.Env(), 0);
  }

  // recvMultishot(fd, token) -> 0 or -errno: one recv request that posts a
  // completion per read into a provided buffer (IORING_RECV_MULTISHOT).
  Napi::Value RecvMultishot(const Napi::CallbackInfo& info) {
    int fd;
    int64_t token;
    if (!ArgFd(info, 0, &fd) || !ArgInt(info, 1, 0, UINT32_MAX, &token, "token must be a uint32")) return {};
    if (!Usable(info.Env())) return {};
    io_uring_sqe* sqe = GetSqe();
    if (!sqe) return Int(info.Env(), -EBUSY);
    sqe->opcode = IORING_OP_RECV;
    sqe->fd = fd;
    sqe->ioprio = IORING_RECV_MULTISHOT;
    sqe->flags = IOSQE_BUFFER_SELECT;
    sqe->buf_group = 0;
    sqe->user_data = (kRecv << kKindShift) | static_cast<uint64_t>(token);
    inflight_++;
    UpdateRef();
    return Int(info.Env(), 0);
  }

  // send(fd, bytes, token) -> 0 or -errno: copies the bytes; an fd's sends
  // go one at a time in call order (each completes fully: MSG_WAITALL).
  Napi::Value Send(const Napi::CallbackInfo& info) {
    int fd;
    uint8_t* bytes;
    size_t len;
    int64_t token;
    if (!ArgFd(info, 0, &fd) || !ArgBytes(info, 1, &bytes, &len, "data must be a Uint8Array") ||
        !ArgInt(info, 2, 0, UINT32_MAX, &token, "token must be a uint32"))
      return {};
    if (len > INT32_MAX) return ThrowRange(info.Env(), "data is larger than 2 GiB"), Napi::Value();
    if (!Usable(info.Env())) return {};
    auto* op = static_cast<SendOp*>(malloc(sizeof(SendOp) + len));
    if (!op) return Int(info.Env(), -ENOMEM);
    op->next = nullptr;
    op->token = static_cast<uint32_t>(token);
    op->fd = fd;
    op->orphan = false;
    op->len = static_cast<uint32_t>(len);
    op->done = 0;
    memcpy(op->data, bytes, len);
    if (sends_.size() <= static_cast<size_t>(fd)) sends_.resize(static_cast<size_t>(fd) + 1);
    SendQueue& q = sends_[fd];
    if (q.busy) {
      q.tail->next = op;
      q.tail = op;
      queued_++;
    } else {
      if (!SubmitSend(op)) {
        free(op);
        return Int(info.Env(), -EBUSY);
      }
      q.head = q.tail = op;
      q.busy = true;
    }
    UpdateRef();
    return Int(info.Env(), 0);
  }

  // cancelFd(fd) -> the number of queued sends dropped (the fd's last ones,
  // never submitted: no completion will report them), or -errno. Cancels every request on the fd
  // (IORING_ASYNC_CANCEL_FD | ALL), submitted now, so the caller may close(2)
  // the fd right after.
  Napi::Value CancelFd(const Napi::CallbackInfo& info) {
    int fd;
    if (!ArgFd(info, 0, &fd)) return {};
    if (torn_down_) return Int(info.Env(), 0);
    int dropped = 0;
    if (static_cast<size_t>(fd) < sends_.size()) {
      SendQueue& q = sends_[fd];
      SendOp* op = q.head;
      if (q.busy) {
        q.head->orphan = true;  // its completion (ECANCELED or done) is reported, then it is freed
        op = q.head->next;
      }
      // queued, never submitted: the caller learns how many (the last ones it sent)
      while (op) {
        SendOp* next = op->next;
        free(op);
        queued_--;
        op = next;
        dropped++;
      }
      q = SendQueue{};
    }
    io_uring_sqe* sqe = GetSqe();
    if (!sqe) return Int(info.Env(), -EBUSY);
    sqe->opcode = IORING_OP_ASYNC_CANCEL;
    sqe->fd = fd;
    sqe->cancel_flags = IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_ALL;
    sqe->user_data = kCancel << kKindShift;
    inflight_++;
    int r = Flush();
    UpdateRef();
    return Int(info.Env(), r < 0 ? r : dropped);
  }

  // setRef(bool): whether requests in flight keep the event loop alive.
  Napi::Value SetRef(const Napi::CallbackInfo& info) {
    ref_ = info[0].ToBoolean().Value();
    UpdateRef();
    return info.Env().Undefined();
  }

  // close(): cancels everything, waits until nothing is in flight, frees the
  // ring. Idempotent; from inside a completion callback it happens once the
  // batch returns.
  Napi::Value Close(const Napi::CallbackInfo& info) {
    if (in_dispatch_) {
      close_requested_ = true;
      return info.Env().Undefined();
    }
    Teardown();
    UpdateRef();
    return info.Env().Undefined();
  }

  // stats() -> [requests in flight, sends queued, DEFER_TASKRUN 1/0]
  Napi::Value Stats(const Napi::CallbackInfo& info) {
    Napi::Array a = Napi::Array::New(info.Env(), 3);
    a.Set(0u, Napi::Number::New(info.Env(), inflight_));
    a.Set(1u, Napi::Number::New(info.Env(), queued_));
    a.Set(2u, Napi::Number::New(info.Env(), defer_taskrun_ ? 1 : 0));
    return a;
  }

  int ring_fd_ = -1;
  const char* open_step_ = "";
  bool defer_taskrun_ = false;
  uint8_t *sq_ring_ = nullptr, *cq_ring_ = nullptr;
  size_t sq_len_ = 0, cq_len_ = 0, sqes_len_ = 0;
  io_uring_sqe* sqes_ = nullptr;
  unsigned *sq_head_ = nullptr, *sq_tail_ = nullptr, *sq_flags_ = nullptr, *sq_array_ = nullptr;
  unsigned sq_mask_ = 0, sq_entries_ = 0, sq_local_tail_ = 0, pending_ = 0;
  unsigned *cq_head_ = nullptr, *cq_tail_ = nullptr, cq_mask_ = 0;
  io_uring_cqe* cqes_ = nullptr;

  io_uring_buf_ring* br_ = nullptr;
  size_t br_len_ = 0, bufs_len_ = 0;
  uint8_t* bufs_ = nullptr;
  unsigned buf_count_ = 0, buf_size_ = 0;
  uint16_t br_tail_ = 0;

  std::vector<SendQueue> sends_;  // by fd
  unsigned inflight_ = 0;         // requests submitted or queued in the SQ ring, final completion not reaped
  unsigned queued_ = 0;           // sends waiting behind their fd's current one

  int32_t* table_ = nullptr;
  size_t table_records_ = 0, records_ = 0;
  uint8_t* arena_ = nullptr;
  size_t arena_len_ = 0, arena_used_ = 0;
  Napi::Reference<Napi::Value> table_ref_, arena_ref_;
  Napi::FunctionReference callback_;

  PollBox* poll_ = nullptr;
  PrepareBox* prepare_ = nullptr;
  InstanceData* data_ = nullptr;
  bool ref_ = true, strong_ = false, torn_down_ = false, draining_ = false;
  bool close_requested_ = false, broken_ = false, deliver_broken_once_ = true;
  int in_dispatch_ = 0;
};

void CloseAllRings(InstanceData* data) {
  for (Ring* r = data->rings; r;) {
    Ring* next = r->next_;
    r->Teardown();
    r->Forget();
    r = next;
  }
  data->rings = nullptr;
}

void InitUring(Napi::Env env, Napi::Object exports) { exports.Set("Ring", Ring::Define(env)); }

}  // namespace sock
