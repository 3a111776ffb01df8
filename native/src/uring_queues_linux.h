// The kernel side of an io_uring, by raw syscalls (io_uring_setup/enter/
// register: the prebuilt addon needs no liburing): the SQ and CQ rings and
// the SQE array mapped from the ring fd, and a provided-buffer ring (buffer
// group 0) with its buffers. No JS, no libuv: uring_linux.cc builds the Ring
// that @sock/uring uses on top of this.
#pragma once

#include <linux/io_uring.h>

#include <cstddef>
#include <cstdint>

namespace sock {

class UringQueues {
 public:
  // io_uring_setup with the newest flags the kernel takes, the mmaps, and
  // `buf_count` (a power of 2) buffers of `buf_size` bytes registered as
  // buffer group 0. 0 or an errno; step() names what failed.
  int Open(unsigned entries, unsigned buf_count, unsigned buf_size);

  // Unmaps the rings and closes the ring fd; the buffers are freed only with
  // `free_buffers` (a caller that could not drain the ring leaks them rather
  // than free memory the kernel may still write). Idempotent.
  void Close(bool free_buffers);

  // A zeroed SQE in the SQ ring, or null when it is full even after a submit.
  io_uring_sqe* GetSqe();

  // io_uring_enter for the SQEs not yet submitted (and the task work that
  // posts completions, with `getevents` or when the kernel asks for it),
  // waiting for `min_complete` completions. 0 or -errno; EINTR, EAGAIN and
  // EBUSY are 0 (the SQEs stay queued for the next call).
  int Submit(bool getevents = false, unsigned min_complete = 0);

  // The oldest completion not yet consumed, or null.
  const io_uring_cqe* PeekCqe();
  // Marks the completion PeekCqe returned as consumed (its slot is the kernel's again).
  void ConsumeCqe();

  // Buffer `bid`'s bytes, and giving it back to the kernel (visible after PublishBuffers).
  uint8_t* Buffer(unsigned bid) const { return bufs_ + static_cast<size_t>(bid) * buf_size_; }
  void Recycle(unsigned bid);
  void PublishBuffers();

  // Whether the kernel knows opcode `op` (IORING_REGISTER_PROBE at Open).
  bool Supports(unsigned op) const { return op < 256 && (ops_[op / 64] >> (op % 64)) & 1; }

  int fd() const { return fd_; }
  unsigned pending() const { return pending_; }
  const char* step() const { return step_; }

 private:
  void Probe();
  int fd_ = -1;
  const char* step_ = "";
  uint8_t *sq_ring_ = nullptr, *cq_ring_ = nullptr;
  size_t sq_len_ = 0, cq_len_ = 0, sqes_len_ = 0;
  io_uring_sqe* sqes_ = nullptr;
  unsigned *sq_head_ = nullptr, *sq_tail_ = nullptr, *sq_flags_ = nullptr, *sq_array_ = nullptr;
  unsigned sq_mask_ = 0, sq_entries_ = 0, sq_local_tail_ = 0, pending_ = 0;
  unsigned *cq_head_ = nullptr, *cq_tail_ = nullptr, cq_mask_ = 0, cq_local_head_ = 0;
  io_uring_cqe* cqes_ = nullptr;
  io_uring_buf_ring* br_ = nullptr;
  size_t br_len_ = 0, bufs_len_ = 0;
  uint8_t* bufs_ = nullptr;
  unsigned buf_count_ = 0, buf_size_ = 0;
  uint16_t br_tail_ = 0;
  uint64_t ops_[4] = {};  // a bit per supported opcode
};

}  // namespace sock
