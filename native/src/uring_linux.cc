// io_uring for @sock/uring: the Ring JS uses, over UringQueues (the kernel's
// rings, uring_queues_linux.h). The ring fd is watched by a uv_poll_t; submissions queue in the SQ ring and are flushed
// once per loop turn (a uv_prepare_t, or at the end of a completion batch); completions reach JS in batches: this file
// writes (token, result, kind|more, offset) records into a JS-owned Int32Array and received bytes into a JS-owned
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
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "uring_linux.h"

namespace sock {

using namespace uring;  // NOLINT: this file's own helpers

// Whether the running kernel is at least major.minor (uname(2)).
static bool KernelAtLeast(int major, int minor) {
  utsname u;
  int ma = 0, mi = 0;
  if (uname(&u) != 0 || sscanf(u.release, "%d.%d", &ma, &mi) != 2) return false;
  return ma > major || (ma == major && mi >= minor);
}

// new Ring(entries, bufferCount, bufferSize, table: Int32Array, arena: Uint8Array, callback(count), zeroCopyMin)
Ring::Ring(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Ring>(info) {
  napi_env env = info.Env();
  int64_t entries, count, size, zc_min = 0;
  if (!ArgInt(info, 0, 1, kMaxEntries, &entries, "entries must be an integer from 1 to 32768") ||
      !ArgInt(info, 1, 1, kMaxBuffers, &count, "buffer count must be a power of 2 from 1 to 32768") ||
      !ArgInt(info, 2, 1, kMaxBufferSize, &size, "buffer size must be an integer from 1 to 1048576") ||
      (!info[6].IsUndefined() &&
       !ArgInt(info, 6, 0, INT32_MAX, &zc_min, "zeroCopyMin must be an integer from 0 to 2147483647")))
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
  if (Data(env)->no_uv_poll || Data(env)->no_uv_prepare) {  // see InstanceData: the ring runs on libuv
    Napi::Error e =
        Napi::Error::New(env, "this runtime lacks the libuv functions a ring runs on (uv_poll, uv_prepare)");
    e.Set("code", Napi::String::New(env, "ERR_SOCK_URING_UNAVAILABLE"));
    e.ThrowAsJavaScriptException();
    return;
  }
  int err = q_.Open(static_cast<unsigned>(entries), static_cast<unsigned>(count), static_cast<unsigned>(size));
  if (err) {
    q_.Close(true);
    Napi::Error e = Napi::Error::New(env, std::string(q_.step()) + ": " + strerror(err));
    e.Set("code", Napi::String::New(env, "ERR_SOCK_URING_UNAVAILABLE"));
    e.Set("errno", Napi::Number::New(env, -err));
    e.Set("syscall", Napi::String::New(env, q_.step()));
    e.ThrowAsJavaScriptException();
    return;
  }
  buf_size_ = static_cast<unsigned>(size);
  if (zc_min > 0 && q_.Supports(IORING_OP_SEND_ZC)) {
    zc_min_ = static_cast<uint32_t>(zc_min);
    zc_report_ = KernelAtLeast(6, 2);
  }
  table_ref_ = Napi::Persistent(info[3]);
  arena_ref_ = Napi::Persistent(info[4]);
  callback_ = Napi::Persistent(info[5].As<Napi::Function>());
  uv_loop_t* loop = nullptr;
  napi_get_uv_event_loop(env, &loop);
  data_ = Data(env);
  poll_ = new PollBox{{}, this, data_->tracker};
  prepare_ = new PrepareBox{{}, this, data_->tracker};
  uv_poll_init(loop, &poll_->poll, q_.fd());
  uv_prepare_init(loop, &prepare_->prepare);
  uv_unref(reinterpret_cast<uv_handle_t*>(&prepare_->prepare));
  uv_poll_start(&poll_->poll, UV_READABLE, OnPoll);
  UpdateRef();
  next_ = data_->rings;
  if (next_) next_->prev_ = this;
  data_->rings = this;
}

Ring::~Ring() {
  Teardown();
  Unlink();
}

// Cancels every request, waits until none is in flight, then frees the
// rings and buffers. No napi call (runs from finalizers and env teardown).
void Ring::Teardown() {
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
  if (q_.fd() < 0) return;
  draining_ = true;
  // sends not yet submitted never will be
  for (auto& q : sends_) {
    SendOp* op = q.busy ? q.head->next : q.head;
    if (q.busy) q.head->next = nullptr;
    while (op) {
      SendOp* next = op->next;
      free(op);  // never submitted: no notification owed
      queued_--;
      op = next;
    }
  }
  sends_.clear();
  if (inflight_ > zc_owed_) {
    io_uring_sqe* sqe = q_.GetSqe();
    if (sqe) {
      sqe->opcode = IORING_OP_ASYNC_CANCEL;
      sqe->fd = -1;
      sqe->cancel_flags = IORING_ASYNC_CANCEL_ANY;
      sqe->user_data = kCancel << kKindShift;
      inflight_++;
    }
  }
  // Zero-copy sends' notifications are not waited for: the kernel hands their
  // bytes back only once the network is done with them (a peer that does not
  // read: never). Those sends' copies are leaked, never freed under the kernel.
  bool drained = true;
  for (int spins = 0; inflight_ > zc_owed_; spins++) {
    if (q_.Submit(true, 1) < 0) {
      drained = false;
      break;
    }
    Reap(false);
    if (spins > 1000000) {  // a request the kernel would not cancel: give up waiting (and freeing)
      drained = false;
      break;
    }
  }
  // Not drained (the kernel refused to wait): the buffers may still be
  // written, so they are leaked rather than freed.
  q_.Close(drained);
}

void Ring::Forget() {
  prev_ = next_ = nullptr;
  data_ = nullptr;
}

void Ring::Unlink() {
  if (!data_) return;
  if (prev_)
    prev_->next_ = next_;
  else
    data_->rings = next_;
  if (next_) next_->prev_ = prev_;
  prev_ = next_ = nullptr;
}

// An SQE (null when the SQ ring stays full); the first one of a turn starts
// the uv_prepare_t that submits them before the loop sleeps.
io_uring_sqe* Ring::Sqe() {
  io_uring_sqe* sqe = q_.GetSqe();
  if (sqe && prepare_ && q_.pending() == 1) uv_prepare_start(&prepare_->prepare, OnPrepare);
  return sqe;
}

// Submits what is queued (and runs the task work that posts completions). 0 or -errno.
int Ring::Flush() {
  int r = q_.Submit();
  if (q_.pending() == 0 && prepare_) uv_prepare_stop(&prepare_->prepare);
  return r;
}

void Ring::OnPrepare(uv_prepare_t* p) {
  Ring* self = reinterpret_cast<PrepareBox*>(p)->owner;
  if (self) self->Flush();
}

// The ring fd is readable: completions are waiting.
void Ring::OnPoll(uv_poll_t* p, int status, int events) {
  Ring* self = reinterpret_cast<PollBox*>(p)->owner;
  if (!self) return;
  Napi::Env env = self->Env();
  Napi::HandleScope scope(env);
  self->Flush();
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
bool Ring::JsMemoryIntact() {
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
void Ring::Reap(bool deliver) {
  if (deliver && !JsMemoryIntact()) deliver = false, broken_ = true;
  records_ = 0;
  arena_used_ = 0;
  for (const io_uring_cqe* cqe; (cqe = q_.PeekCqe()) != nullptr; q_.ConsumeCqe()) {
    if (deliver &&
        (records_ == table_records_ || (IsRecvData(cqe) && arena_used_ + cqe->res + kDatagramHead > arena_len_))) {
      q_.PublishBuffers();
      if (!Deliver()) deliver = false;
    }
    Complete(cqe, deliver);
  }
  q_.PublishBuffers();
  if (deliver && records_ > 0) Deliver();
  if (broken_ && deliver_broken_once_) {
    deliver_broken_once_ = false;
    CallJs(-1);  // JS reports ERR_INVALID_STATE and closes the ring
  }
}

bool Ring::IsRecvData(const io_uring_cqe* cqe) {
  uint64_t kind = cqe->user_data >> kKindShift;
  return (kind == kRecv || kind == kRecvMsg) && cqe->res > 0 && (cqe->flags & IORING_CQE_F_BUFFER);
}

void Ring::Record(uint32_t token, int32_t res, uint64_t kind, bool more, int32_t offset, bool truncated) {
  int32_t* r = table_ + records_ * kRecordFields;
  r[0] = static_cast<int32_t>(token);
  r[1] = res;
  r[2] = static_cast<int32_t>(kind << 8) | (truncated ? 2 : 0) | (more ? 1 : 0);
  r[3] = offset;
  records_++;
}

void Ring::CompleteRecvMsg(const io_uring_cqe* cqe, bool deliver) {
  uint32_t token = static_cast<uint32_t>(cqe->user_data & kPayloadMask);
  bool more = (cqe->flags & IORING_CQE_F_MORE) != 0;
  if (!(cqe->flags & IORING_CQE_F_BUFFER)) {
    if (deliver) Record(token, cqe->res, kRecvMsg, more, -1);
    return;
  }
  unsigned bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
  // the buffer: io_uring_recvmsg_out, msg_namelen bytes of name, msg_controllen of control, then the payload
  const uint32_t room = token < recvmsg_control_.size() ? recvmsg_control_[token] : 0;
  const size_t head = sizeof(io_uring_recvmsg_out) + sizeof(sockaddr_in6) + room;
  const uint8_t* buf = q_.Buffer(bid);
  if (deliver && cqe->res >= 0 && static_cast<size_t>(cqe->res) >= head) {
    io_uring_recvmsg_out out;
    memcpy(&out, buf, sizeof out);
    const uint32_t bytes = static_cast<uint32_t>(cqe->res - head);  // what fit in the buffer
    const uint32_t namelen = out.namelen < sizeof(sockaddr_in6) ? out.namelen : sizeof(sockaddr_in6);
    const uint32_t controllen = out.controllen < room ? out.controllen : room;
    uint8_t* at = arena_ + arena_used_;
    memcpy(at, &namelen, 4);
    memcpy(at + 4, buf + sizeof out, namelen);
    memcpy(at + 32, &controllen, 4);
    memcpy(at + 36, &out.flags, 4);
    memcpy(at + kDatagramHead, buf + sizeof out + sizeof(sockaddr_in6), controllen);
    memcpy(at + kDatagramHead + room, buf + head, bytes);
    const int32_t offset = static_cast<int32_t>(arena_used_);
    arena_used_ += (kDatagramHead + room + bytes + 7) & ~size_t{7};
    if (arena_used_ > arena_len_) arena_used_ = arena_len_;
    Record(token, static_cast<int32_t>(bytes), kRecvMsg, more, offset,
           (out.flags & MSG_TRUNC) || out.payloadlen > bytes);
  } else if (deliver) {
    Record(token, cqe->res < 0 ? cqe->res : -EPROTO, kRecvMsg, more, -1);
  }
  q_.Recycle(bid);
}

void Ring::Complete(const io_uring_cqe* cqe, bool deliver) {
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
          memcpy(arena_ + arena_used_, q_.Buffer(bid), cqe->res);
          offset = static_cast<int32_t>(arena_used_);
          arena_used_ += (static_cast<size_t>(cqe->res) + 7) & ~size_t{7};
          if (arena_used_ > arena_len_) arena_used_ = arena_len_;
        }
        q_.Recycle(bid);
      }
      if (deliver) Record(static_cast<uint32_t>(payload), cqe->res, kind, more, offset);
      break;
    }
    case kRecvMsg:
      if (!more) inflight_--;
      CompleteRecvMsg(cqe, deliver);
      break;
    case kConnect: {
      inflight_--;
      auto* op = reinterpret_cast<ConnectOp*>(payload);
      if (deliver) Record(op->token, cqe->res, kind, false, -1);
      if (op->token < connects_.size() && connects_[op->token] == op) connects_[op->token] = nullptr;
      free(op);
      break;
    }
    case kShutdown:
    case kClose:
      inflight_--;
      if (deliver) Record(static_cast<uint32_t>(payload), cqe->res, kind, false, -1);
      break;
    case kSend:
      CompleteSend(cqe, deliver);
      break;
    default:  // kCancel: nothing to report
      inflight_--;
      break;
  }
}

// One JS call for the records so far; false if JS memory went away.
bool Ring::Deliver() {
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

void Ring::CallJs(int n) {
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
// (A zero-copy notification still owed does neither: nothing is reported of it.)
void Ring::UpdateRef() {
  bool busy = !torn_down_ && inflight_ - zc_owed_ + queued_ > 0;
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
