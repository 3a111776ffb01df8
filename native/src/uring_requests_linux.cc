// The requests JS makes of a Ring (see uring_linux.h): multishot accept and
// receive, sends (copied, one at a time per fd, in call order), cancellation
// by fd, and closing. Each checks its arguments before any SQE is written.
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdlib>
#include <cstring>

#include "uring_linux.h"

namespace sock {

using namespace uring;  // NOLINT: the shared helpers

// A send finished (or failed): report it, then start the fd's next one.
// (A cancelled one reports the bytes that went out if some did: it stops short.)
void Ring::SendDone(SendOp* op, int32_t res, bool deliver) {
  if (res > 0 && op->done + res < op->len && !op->orphan && !op->stop && !draining_) {  // short: send the rest
    op->done += res;
    if (SubmitSend(op)) return;
    res = -EBUSY;
  }
  // a send cancelled after some of it went out reports that much (less than its length)
  if (res < 0 && op->stop && op->done > 0) res = 0;
  if (deliver) Record(op->token, res < 0 ? res : static_cast<int32_t>(op->done + res), kSend, false, -1);
  if (op->orphan || draining_) {
    ReleaseSend(op);
    return;
  }
  SendQueue& q = sends_[op->fd];
  q.head = op->next;
  if (!q.head) q.tail = nullptr;
  ReleaseSend(op);
  q.busy = false;
  if (q.head) {
    queued_--;
    if (SubmitSend(q.head))
      q.busy = true;
    else  // the SQ ring stays full: fail it rather than stall the queue
      SendDone(q.head, -EBUSY, deliver);
  }
}

void Ring::ReleaseSend(SendOp* op) {
  if (op->notifs > 0)
    op->released = true;
  else
    free(op);
}

// A send's completion (IORING_CQE_F_MORE: a zero-copy notification will
// follow, and the request stays in flight until it), or that notification.
void Ring::CompleteSend(const io_uring_cqe* cqe, bool deliver) {
  auto* op = reinterpret_cast<SendOp*>(cqe->user_data & kPayloadMask);
  if (cqe->flags & IORING_CQE_F_NOTIF) {  // the kernel is done with the bytes
    inflight_--;
    zc_owed_--;
    zc_notifs_++;
    if (zc_report_ && (static_cast<uint32_t>(cqe->res) & IORING_NOTIF_USAGE_ZC_COPIED)) zc_copied_++;
    if (--op->notifs == 0 && op->released) free(op);
    return;
  }
  if (cqe->flags & IORING_CQE_F_MORE)
    op->notifs++, zc_owed_++;
  else
    inflight_--;
  SendDone(op, cqe->res, deliver);
}

// IORING_OP_SEND of what is left of `op` (IORING_OP_SEND_ZC from zeroCopyMin bytes).
bool Ring::SubmitSend(SendOp* op) {
  io_uring_sqe* sqe = Sqe();
  if (!sqe) return false;
  const bool zc = zc_min_ > 0 && op->len >= zc_min_;
  sqe->opcode = zc ? IORING_OP_SEND_ZC : IORING_OP_SEND;
  if (zc && zc_report_) sqe->ioprio = IORING_SEND_ZC_REPORT_USAGE;
  sqe->fd = op->fd;
  sqe->addr = reinterpret_cast<uint64_t>(op->data + op->done);
  sqe->len = op->len - op->done;
  sqe->msg_flags = MSG_NOSIGNAL | MSG_WAITALL;
  sqe->user_data = (kSend << kKindShift) | reinterpret_cast<uint64_t>(op);
  inflight_++;
  return true;
}

bool Ring::Usable(napi_env env) {
  if (torn_down_ || close_requested_) return ThrowClosed(env), false;
  return true;
}

// The common start of a request on (fd, token), both checked first (callers
// check their other arguments before this: a thrown error must not leave an
// SQE taken): the ring usable, an SQE with the fd and user_data (kind, token)
// set. Null after throwing, or with *busy = -EBUSY when the SQ ring stays full.
io_uring_sqe* Ring::TokenRequest(const Napi::CallbackInfo& info, uint64_t kind, Napi::Value* busy) {
  int fd;
  int64_t token;
  if (!ArgFd(info, 0, &fd) || !ArgInt(info, 1, 0, kMaxToken, &token, "token must be an integer from 0 to 16777215"))
    return nullptr;
  if (!Usable(info.Env())) return nullptr;
  io_uring_sqe* sqe = Sqe();
  if (!sqe) {
    *busy = Int(info.Env(), -EBUSY);
    return nullptr;
  }
  sqe->fd = fd;
  sqe->user_data = (kind << kKindShift) | static_cast<uint64_t>(token);
  return sqe;
}

// A request prepared: in flight until its (final) completion, keeping the loop alive. -> 0
Napi::Value Ring::Submitted(napi_env env) {
  inflight_++;
  UpdateRef();
  return Int(env, 0);
}

// acceptMultishot(fd, token) -> 0 or -errno: one accept request that posts
// a completion per connection (IORING_ACCEPT_MULTISHOT; non-blocking,
// close-on-exec fds).
Napi::Value Ring::AcceptMultishot(const Napi::CallbackInfo& info) {
  Napi::Value busy;
  io_uring_sqe* sqe = TokenRequest(info, kAccept, &busy);
  if (!sqe) return busy;
  sqe->opcode = IORING_OP_ACCEPT;
  sqe->ioprio = IORING_ACCEPT_MULTISHOT;
  sqe->accept_flags = SOCK_NONBLOCK | SOCK_CLOEXEC;
  return Submitted(info.Env());
}

// A multishot receive reading into buffer group 0 (the ring's provided buffers).
static void MultishotIntoBuffers(io_uring_sqe* sqe) {
  sqe->ioprio = IORING_RECV_MULTISHOT;
  sqe->flags = IOSQE_BUFFER_SELECT;
  sqe->buf_group = 0;
}

// recvMultishot(fd, token) -> 0 or -errno: one recv request that posts a
// completion per read into a provided buffer (IORING_RECV_MULTISHOT).
Napi::Value Ring::RecvMultishot(const Napi::CallbackInfo& info) {
  Napi::Value busy;
  io_uring_sqe* sqe = TokenRequest(info, kRecv, &busy);
  if (!sqe) return busy;
  sqe->opcode = IORING_OP_RECV;
  MultishotIntoBuffers(sqe);
  return Submitted(info.Env());
}

// send(fd, bytes, token) -> the send's sequence number (>= 0, for cancelSend)
// or -errno: copies the bytes; an fd's sends go one at a time in call order
// (each completes fully: MSG_WAITALL), zero-copy from zeroCopyMin bytes.
Napi::Value Ring::Send(const Napi::CallbackInfo& info) {
  int fd;
  uint8_t* bytes;
  size_t len;
  int64_t token;
  if (!ArgFd(info, 0, &fd) || !ArgBytes(info, 1, &bytes, &len, "data must be a Uint8Array") ||
      !ArgInt(info, 2, 0, kMaxToken, &token, "token must be an integer from 0 to 16777215"))
    return {};
  if (len > INT32_MAX) return ThrowRange(info.Env(), "data is larger than 2 GiB"), Napi::Value();
  if (!Usable(info.Env())) return {};
  auto* op = static_cast<SendOp*>(malloc(sizeof(SendOp) + len));
  if (!op) return Int(info.Env(), -ENOMEM);
  op->next = nullptr;
  op->token = static_cast<uint32_t>(token);
  op->seq = send_seq_;
  op->fd = fd;
  op->orphan = op->stop = op->released = false;
  op->notifs = 0;
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
  send_seq_ = (send_seq_ + 1) & INT32_MAX;
  UpdateRef();
  return Int(info.Env(), static_cast<int32_t>(op->seq));
}

// cancelSend(fd, seq) -> how many sends were dropped (never submitted: that
// one if it was queued, and every one after it; no completion will report
// them), or -ENOENT when it is no longer queued. The one in flight stops
// (IORING_OP_ASYNC_CANCEL by its user_data) and completes as usual.
Napi::Value Ring::CancelSend(const Napi::CallbackInfo& info) {
  int fd;
  int64_t seq;
  if (!ArgFd(info, 0, &fd) || !ArgInt(info, 1, 0, INT32_MAX, &seq, "seq must be an integer from 0 to 2147483647"))
    return {};
  if (torn_down_ || static_cast<size_t>(fd) >= sends_.size()) return Int(info.Env(), -ENOENT);
  SendQueue& q = sends_[fd];
  SendOp *prev = nullptr, *op = q.head;
  while (op && op->seq != seq) prev = op, op = op->next;
  if (!op || op->orphan) return Int(info.Env(), -ENOENT);
  SendOp* rest = op;
  if (op == q.head && q.busy) {  // in flight: cancel it, drop the ones behind it
    io_uring_sqe* sqe = Sqe();
    if (!sqe) return Int(info.Env(), -EBUSY);
    sqe->opcode = IORING_OP_ASYNC_CANCEL;
    sqe->fd = -1;
    sqe->addr = (kSend << kKindShift) | reinterpret_cast<uint64_t>(op);
    sqe->user_data = kCancel << kKindShift;
    inflight_++;
    op->stop = true;
    rest = op->next;
    op->next = nullptr;
    q.tail = op;
  } else if (prev) {
    prev->next = nullptr;
    q.tail = prev;
  } else {
    q.head = q.tail = nullptr;
  }
  int dropped = 0;
  while (rest) {
    SendOp* next = rest->next;
    free(rest);
    queued_--;
    dropped++;
    rest = next;
  }
  UpdateRef();
  return Int(info.Env(), dropped);
}

// cancelFd(fd) -> the number of queued sends dropped (the fd's last ones,
// never submitted: no completion will report them), or -errno. Cancels every request on the fd
// (IORING_ASYNC_CANCEL_FD | ALL), submitted now, so the caller may close(2)
// the fd right after.
Napi::Value Ring::CancelFd(const Napi::CallbackInfo& info) {
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
  io_uring_sqe* sqe = Sqe();
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

// recvMsgMultishot(fd, token, controlLength = 0) -> 0 or -errno: one recvmsg
// request that posts a completion per datagram into a provided buffer, with its
// sender and up to controlLength bytes of ancillary data (IORING_OP_RECVMSG with
// IORING_RECV_MULTISHOT; the buffer holds the header, the sender, the control
// room, then the payload).
Napi::Value Ring::RecvMsgMultishot(const Napi::CallbackInfo& info) {
  int64_t control = 0;
  if (!info[2].IsUndefined() && !ArgInt(info, 2, 0, kMaxRecvControl, &control, "control length must be from 0 to 4096"))
    return {};
  if (sizeof(io_uring_recvmsg_out) + sizeof(sockaddr_in6) + control >= buf_size_)
    return ThrowRange(info.Env(), "the buffers are too small for the header, the sender and the control length"),
           Napi::Value();
  Napi::Value busy;
  io_uring_sqe* sqe = TokenRequest(info, kRecvMsg, &busy);
  if (!sqe) return busy;
  msghdr& hdr = recvmsg_hdrs_[static_cast<uint32_t>(control)];
  hdr.msg_namelen = sizeof(sockaddr_in6);  // room for either family's sender
  hdr.msg_controllen = static_cast<size_t>(control);
  const uint32_t token = static_cast<uint32_t>(sqe->user_data & kPayloadMask);
  if (recvmsg_control_.size() <= token) recvmsg_control_.resize(static_cast<size_t>(token) + 1);
  recvmsg_control_[token] = static_cast<uint16_t>(control);
  sqe->opcode = IORING_OP_RECVMSG;
  sqe->addr = reinterpret_cast<uint64_t>(&hdr);
  sqe->len = 1;
  MultishotIntoBuffers(sqe);
  return Submitted(info.Env());
}

// connect(fd, sockaddr, length, token) -> 0 or -errno: IORING_OP_CONNECT; the
// address is copied (the kernel may read it after this call returns).
Napi::Value Ring::Connect(const Napi::CallbackInfo& info) {
  int fd;
  uint8_t* addr;
  size_t size;
  int64_t len, token;
  if (!ArgFd(info, 0, &fd) || !ArgBytes(info, 1, &addr, &size, "sockaddr must be a Uint8Array") ||
      !ArgInt(info, 2, 1, sizeof(ConnectOp::addr), &len, "length must be from 1 to 128") ||
      !ArgInt(info, 3, 0, kMaxToken, &token, "token must be an integer from 0 to 16777215"))
    return {};
  if (static_cast<size_t>(len) > size) return ThrowRange(info.Env(), "length exceeds the sockaddr"), Napi::Value();
  if (!Usable(info.Env())) return {};
  if (token < static_cast<int64_t>(connects_.size()) && connects_[token]) return Int(info.Env(), -EALREADY);
  auto* op = static_cast<ConnectOp*>(malloc(sizeof(ConnectOp)));
  if (!op) return Int(info.Env(), -ENOMEM);
  op->token = static_cast<uint32_t>(token);
  memcpy(op->addr, addr, static_cast<size_t>(len));
  io_uring_sqe* sqe = Sqe();
  if (!sqe) {
    free(op);
    return Int(info.Env(), -EBUSY);
  }
  sqe->opcode = IORING_OP_CONNECT;
  sqe->fd = fd;
  sqe->addr = reinterpret_cast<uint64_t>(op->addr);
  sqe->off = static_cast<uint64_t>(len);  // addr2: the address length
  sqe->user_data = (kConnect << kKindShift) | reinterpret_cast<uint64_t>(op);
  if (connects_.size() <= static_cast<size_t>(token)) connects_.resize(static_cast<size_t>(token) + 1);
  connects_[token] = op;
  inflight_++;
  UpdateRef();
  return Int(info.Env(), 0);
}

// closeFd(fd, id) -> 0 or -errno: IORING_OP_CLOSE of an fd its owner gave up
// (a detached socket's); the completion reports close(2)'s result under `id`.
Napi::Value Ring::CloseFd(const Napi::CallbackInfo& info) {
  Napi::Value busy;
  io_uring_sqe* sqe = TokenRequest(info, kClose, &busy);
  if (!sqe) return busy;
  sqe->opcode = IORING_OP_CLOSE;
  return Submitted(info.Env());
}

// shutdown(fd, token, how) -> 0 or -errno: IORING_OP_SHUTDOWN.
Napi::Value Ring::Shutdown(const Napi::CallbackInfo& info) {
  int64_t how;
  if (!ArgInt(info, 2, SHUT_RD, SHUT_RDWR, &how, "how must be SHUT_RD, SHUT_WR or SHUT_RDWR")) return {};
  Napi::Value busy;
  io_uring_sqe* sqe = TokenRequest(info, kShutdown, &busy);
  if (!sqe) return busy;
  sqe->opcode = IORING_OP_SHUTDOWN;
  sqe->len = static_cast<uint32_t>(how);
  return Submitted(info.Env());
}

// cancelRequest(kind, token) -> 0 or -errno: cancels one request by its
// user_data (a multishot accept, recv or recvmsg: (kind, token); a connect: the
// address block it points at); it ends with an ECANCELED completion.
Napi::Value Ring::CancelRequest(const Napi::CallbackInfo& info) {
  int64_t kind, token;
  if (!ArgInt(info, 0, kAccept, kConnect, &kind, "kind must be 1 (accept), 2 (recv), 5 (recvmsg) or 6 (connect)") ||
      !ArgInt(info, 1, 0, kMaxToken, &token, "token must be an integer from 0 to 16777215"))
    return {};
  if (kind != kAccept && kind != kRecv && kind != kRecvMsg && kind != kConnect)
    return ThrowRange(info.Env(), "kind must be 1 (accept), 2 (recv), 5 (recvmsg) or 6 (connect)"), Napi::Value();
  if (torn_down_) return Int(info.Env(), 0);
  uint64_t target = (static_cast<uint64_t>(kind) << kKindShift) | static_cast<uint64_t>(token);
  if (kind == kConnect) {
    if (token >= static_cast<int64_t>(connects_.size()) || !connects_[token]) return Int(info.Env(), -ENOENT);
    target = (kConnect << kKindShift) | reinterpret_cast<uint64_t>(connects_[token]);
  }
  io_uring_sqe* sqe = Sqe();
  if (!sqe) return Int(info.Env(), -EBUSY);
  sqe->opcode = IORING_OP_ASYNC_CANCEL;
  sqe->fd = -1;
  sqe->addr = target;
  sqe->user_data = kCancel << kKindShift;
  return Submitted(info.Env());
}

// setRef(bool): whether requests in flight keep the event loop alive.
Napi::Value Ring::SetRef(const Napi::CallbackInfo& info) {
  ref_ = info[0].ToBoolean().Value();
  UpdateRef();
  return info.Env().Undefined();
}

// close(): cancels everything, waits until nothing is in flight, frees the
// ring. Idempotent; from inside a completion callback it happens once the
// batch returns.
Napi::Value Ring::Close(const Napi::CallbackInfo& info) {
  if (in_dispatch_) {
    close_requested_ = true;
    return info.Env().Undefined();
  }
  Teardown();
  UpdateRef();
  return info.Env().Undefined();
}

// stats() -> [requests in flight, sends queued, SQEs not yet submitted,
//             zero-copy notifications, of which the kernel copied, zeroCopyMin in use (0: off)]
Napi::Value Ring::Stats(const Napi::CallbackInfo& info) {
  const double values[] = {static_cast<double>(inflight_),
                           static_cast<double>(queued_),
                           static_cast<double>(q_.pending()),
                           zc_notifs_,
                           zc_copied_,
                           static_cast<double>(zc_min_)};
  Napi::Array a = Napi::Array::New(info.Env(), 6);
  for (uint32_t i = 0; i < 6; i++) a.Set(i, Napi::Number::New(info.Env(), values[i]));
  return a;
}

}  // namespace sock
