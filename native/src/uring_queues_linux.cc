// See uring_queues_linux.h.
#include "uring_queues_linux.h"

#include <errno.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

namespace sock {

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

static_assert(offsetof(io_uring_buf_ring, tail) == 14 && sizeof(io_uring_buf) == 16, "the kernel's buffer ring layout");
static_assert(sizeof(io_uring_probe) == 16 && sizeof(io_uring_probe_op) == 8, "the kernel's probe layout");

}  // namespace

int UringQueues::Open(unsigned entries, unsigned buf_count, unsigned buf_size) {
  buf_count_ = buf_count;
  buf_size_ = buf_size;
  // COOP_TASKRUN: completions due to this thread never interrupt it with an IPI
  // while it runs JS; they are run at its next syscall (a sleeping epoll_wait is
  // still woken). Not DEFER_TASKRUN: its deferred work does not wake a poller of
  // the ring fd (libuv's epoll would sleep on completions that are due), and the
  // eventfd it signals instead is signalled late from softirq context (one RCU
  // grace period: 15 ms per round trip measured here, Linux 6.18).
  const unsigned base = IORING_SETUP_CLAMP | IORING_SETUP_CQSIZE;
  const unsigned wanted[] = {base | IORING_SETUP_SUBMIT_ALL | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_COOP_TASKRUN |
                                 IORING_SETUP_TASKRUN_FLAG,
                             base | IORING_SETUP_SUBMIT_ALL | IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG,
                             base};
  step_ = "io_uring_setup";
  io_uring_params p{};
  int fd = -1;
  for (unsigned flags : wanted) {  // newest first: SINGLE_ISSUER needs Linux 6.0, COOP_TASKRUN 5.19
    p = io_uring_params{};
    p.flags = flags;
    p.cq_entries = entries * 4;  // multishot requests post many completions each
    fd = Setup(entries, &p);
    if (fd >= 0 || errno != EINVAL) break;
  }
  if (fd < 0) return errno;
  fd_ = fd;
  step_ = "mmap";
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
  cq_local_head_ = *cq_head_;
  cqes_ = reinterpret_cast<io_uring_cqe*>(cq_ring_ + p.cq_off.cqes);
  Probe();

  step_ = "provided buffers";
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
  step_ = "io_uring_register(IORING_REGISTER_PBUF_RING)";
  if (Register(fd, IORING_REGISTER_PBUF_RING, &reg, 1) < 0) return errno;
  for (unsigned bid = 0; bid < buf_count_; bid++) Recycle(bid);
  PublishBuffers();
  return 0;
}

// IORING_REGISTER_PROBE (Linux 5.6): a header, then one 8-byte entry per
// opcode with IO_URING_OP_SUPPORTED in its flags. Failing, nothing is supported.
void UringQueues::Probe() {
  constexpr size_t kHead = 16, kOp = 8;
  alignas(8) uint8_t probe[kHead + 256 * kOp] = {};
  if (Register(fd_, IORING_REGISTER_PROBE, probe, 256) < 0) return;
  const unsigned n = probe[1];  // ops_len
  for (unsigned i = 0; i < n && i < 256; i++) {
    const uint8_t* op = probe + kHead + i * kOp;
    uint16_t flags;
    memcpy(&flags, op + 2, 2);
    if (flags & IO_URING_OP_SUPPORTED) ops_[op[0] / 64] |= uint64_t{1} << (op[0] % 64);
  }
}

void UringQueues::Close(bool free_buffers) {
  if (sqes_) munmap(sqes_, sqes_len_);
  if (cq_ring_ && cq_ring_ != sq_ring_) munmap(cq_ring_, cq_len_);
  if (sq_ring_) munmap(sq_ring_, sq_len_);
  sqes_ = nullptr;
  sq_ring_ = cq_ring_ = nullptr;
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (free_buffers) {
    if (br_) munmap(br_, br_len_);
    if (bufs_) munmap(bufs_, bufs_len_);
  }
  br_ = nullptr;
  bufs_ = nullptr;
}

io_uring_sqe* UringQueues::GetSqe() {
  if (sq_local_tail_ - LoadAcquire(sq_head_) >= sq_entries_) {
    Submit();
    if (sq_local_tail_ - LoadAcquire(sq_head_) >= sq_entries_) return nullptr;
  }
  unsigned i = sq_local_tail_ & sq_mask_;
  io_uring_sqe* sqe = &sqes_[i];
  memset(sqe, 0, sizeof(*sqe));
  sq_array_[i] = i;
  sq_local_tail_++;
  pending_++;
  return sqe;
}

int UringQueues::Submit(bool getevents, unsigned min_complete) {
  // task work waiting (IORING_SQ_TASKRUN) or completions that overflowed: entering posts them
  const bool waiting = LoadAcquire(sq_flags_) & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN);
  if (pending_ == 0 && !getevents && min_complete == 0 && !waiting) return 0;
  StoreRelease(sq_tail_, sq_local_tail_);
  unsigned flags = getevents || min_complete > 0 || waiting ? IORING_ENTER_GETEVENTS : 0;
  int r = Enter(fd_, pending_, min_complete, flags);
  if (r < 0) return errno == EINTR || errno == EAGAIN || errno == EBUSY ? 0 : -errno;
  pending_ = pending_ > static_cast<unsigned>(r) ? pending_ - r : 0;
  return 0;
}

const io_uring_cqe* UringQueues::PeekCqe() {
  if (cq_local_head_ == LoadAcquire(cq_tail_)) return nullptr;
  return &cqes_[cq_local_head_ & cq_mask_];
}

void UringQueues::ConsumeCqe() { StoreRelease(cq_head_, ++cq_local_head_); }

void UringQueues::Recycle(unsigned bid) {
  // not br_->bufs: in C++ the header's __DECLARE_FLEX_ARRAY puts an empty
  // struct (1 byte, not 0) before it and shifts it by 8 bytes
  io_uring_buf* b = reinterpret_cast<io_uring_buf*>(br_) + (br_tail_ & (buf_count_ - 1));
  b->addr = reinterpret_cast<uint64_t>(Buffer(bid));
  b->len = buf_size_;
  b->bid = static_cast<uint16_t>(bid);
  br_tail_++;
}

// The tail overlays bufs[0].resv (offset 14), as the kernel reads it.
void UringQueues::PublishBuffers() { StoreRelease(&br_->tail, br_tail_); }

}  // namespace sock
