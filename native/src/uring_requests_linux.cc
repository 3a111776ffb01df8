// The requests JS makes of a Ring (see uring_linux.h): multishot accept and
// receive, sends (copied, one at a time per fd, in call order), cancellation
// by fd, and closing. Each checks its arguments before any SQE is written.
#include <sys/socket.h>

#include <cstdlib>
#include <cstring>

#include "uring_linux.h"

namespace sock {

using namespace uring;  // NOLINT: the shared helpers

// A send finished (or failed): report it, then start the fd's next one.
void Ring::SendDone(SendOp* op, int32_t res, bool deliver) {
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

bool Ring::SubmitSend(SendOp* op) {
  io_uring_sqe* sqe = Sqe();
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
  if (!ArgFd(info, 0, &fd) || !ArgInt(info, 1, 0, UINT32_MAX, &token, "token must be a uint32")) return nullptr;
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

// send(fd, bytes, token) -> 0 or -errno: copies the bytes; an fd's sends
// go one at a time in call order (each completes fully: MSG_WAITALL).
Napi::Value Ring::Send(const Napi::CallbackInfo& info) {
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

// recvMsgMultishot(fd, token) -> 0 or -errno: one recvmsg request that posts a
// completion per datagram into a provided buffer, with its sender
// (IORING_OP_RECVMSG with IORING_RECV_MULTISHOT).
Napi::Value Ring::RecvMsgMultishot(const Napi::CallbackInfo& info) {
  Napi::Value busy;
  io_uring_sqe* sqe = TokenRequest(info, kRecvMsg, &busy);
  if (!sqe) return busy;
  sqe->opcode = IORING_OP_RECVMSG;
  sqe->addr = reinterpret_cast<uint64_t>(&recvmsg_hdr_);
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
      !ArgInt(info, 3, 0, UINT32_MAX, &token, "token must be a uint32"))
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
      !ArgInt(info, 1, 0, UINT32_MAX, &token, "token must be a uint32"))
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

// stats() -> [requests in flight, sends queued, SQEs not yet submitted]
Napi::Value Ring::Stats(const Napi::CallbackInfo& info) {
  Napi::Array a = Napi::Array::New(info.Env(), 3);
  a.Set(0u, Napi::Number::New(info.Env(), inflight_));
  a.Set(1u, Napi::Number::New(info.Env(), queued_));
  a.Set(2u, Napi::Number::New(info.Env(), q_.pending()));
  return a;
}

}  // namespace sock
