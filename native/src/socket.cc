// Socket lifecycle syscalls: socket, socketpair, bind, listen, accept4,
// connect, shutdown, close, getsockname, getpeername, fcntl. Each returns
// n >= 0 or -errno; extra results go to the scratch area.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"
#include "syscall.h"

namespace sock {

namespace {

constexpr int kNewSocketFlags = SOCK_NONBLOCK | SOCK_CLOEXEC;

// socket(domain, type, protocol) -> fd; always non-blocking and close-on-exec.
Napi::Value Socket(const Napi::CallbackInfo& info) {
  int domain, type, protocol;
  if (!ArgInt32(info, 0, &domain, "domain must be an integer") ||
      !ArgInt32(info, 1, &type, "type must be an integer") ||
      !ArgInt32(info, 2, &protocol, "protocol must be an integer"))
    return Napi::Value();
  return Int(info.Env(), Retry([&] { return ::socket(domain, type | kNewSocketFlags, protocol); }));
}

// socketpair(domain, type, protocol) -> 0; the fds go to scratch[0] and scratch[1].
Napi::Value SocketPair(const Napi::CallbackInfo& info) {
  int domain, type, protocol;
  if (!ArgInt32(info, 0, &domain, "domain must be an integer") ||
      !ArgInt32(info, 1, &type, "type must be an integer") ||
      !ArgInt32(info, 2, &protocol, "protocol must be an integer"))
    return Napi::Value();
  int fds[2];
  long r = Retry([&] { return ::socketpair(domain, type | kNewSocketFlags, protocol, fds); });
  if (r == 0) {
    int32_t* s = Data(info.Env())->scratch;
    s[0] = fds[0];
    s[1] = fds[1];
  }
  return Int(info.Env(), r);
}

// Reads (fd, sockaddr bytes, length) where length <= the bytes' size.
bool ArgAddr(const Napi::CallbackInfo& info, size_t i, int* fd, sockaddr** sa, socklen_t* len) {
  uint8_t* data;
  size_t size;
  int64_t n;
  if (!ArgFd(info, i, fd) || !ArgBytes(info, i + 1, &data, &size, "address must be a Uint8Array") ||
      !ArgInt(info, i + 2, 0, static_cast<int64_t>(size), &n, "address length out of range"))
    return false;
  *sa = reinterpret_cast<sockaddr*>(data);
  *len = static_cast<socklen_t>(n);
  return true;
}

// bind(fd, sockaddr, length) -> 0
Napi::Value Bind(const Napi::CallbackInfo& info) {
  int fd;
  sockaddr* sa;
  socklen_t len;
  if (!ArgAddr(info, 0, &fd, &sa, &len)) return Napi::Value();
  return Int(info.Env(), Retry([&] { return ::bind(fd, sa, len); }));
}

// connect(fd, sockaddr, length) -> 0 or -EINPROGRESS for a non-blocking dial.
// A connect interrupted by a signal continues in the background; retrying it
// would give EALREADY, so EINTR is reported as EINPROGRESS.
Napi::Value Connect(const Napi::CallbackInfo& info) {
  int fd;
  sockaddr* sa;
  socklen_t len;
  if (!ArgAddr(info, 0, &fd, &sa, &len)) return Napi::Value();
  int r = ::connect(fd, sa, len);
  if (r == -1) r = errno == EINTR ? -EINPROGRESS : -errno;
  return Int(info.Env(), r);
}

// listen(fd, backlog) -> 0
Napi::Value Listen(const Napi::CallbackInfo& info) {
  int fd, backlog;
  if (!ArgFd(info, 0, &fd) || !ArgInt32(info, 1, &backlog, "backlog must be an integer")) return Napi::Value();
  return Int(info.Env(), Retry([&] { return ::listen(fd, backlog); }));
}

// accept4(fd, address out | null) -> new fd (non-blocking, close-on-exec); the
// peer address length goes to scratch[0]. ECONNABORTED and EPROTO (a peer that
// gave up while queued) are retried: they say nothing about this listener.
Napi::Value Accept(const Napi::CallbackInfo& info) {
  int fd;
  uint8_t* data;
  size_t size;
  if (!ArgFd(info, 0, &fd) || !ArgOptBytes(info, 1, &data, &size, "address must be a Uint8Array or null"))
    return Napi::Value();
  socklen_t len;
  long r;
  do {
    len = static_cast<socklen_t>(size);
    r = Retry([&] { return ::accept4(fd, reinterpret_cast<sockaddr*>(data), data ? &len : nullptr, kNewSocketFlags); });
  } while (r == -ECONNABORTED || r == -EPROTO);
  Data(info.Env())->scratch[0] = r >= 0 && data ? static_cast<int32_t>(len) : 0;
  return Int(info.Env(), r);
}

// shutdown(fd, how) -> 0
Napi::Value Shutdown(const Napi::CallbackInfo& info) {
  int fd, how;
  if (!ArgFd(info, 0, &fd) || !ArgInt32(info, 1, &how, "how must be SHUT_RD, SHUT_WR or SHUT_RDWR"))
    return Napi::Value();
  return Int(info.Env(), Retry([&] { return ::shutdown(fd, how); }));
}

// close(fd) -> 0; never retried: on Linux the fd is released even on EINTR.
Napi::Value Close(const Napi::CallbackInfo& info) {
  int fd;
  if (!ArgFd(info, 0, &fd)) return Napi::Value();
  int r = ::close(fd);
  return Int(info.Env(), r == -1 && errno != EINTR ? -errno : 0);
}

// get{sock,peer}name(fd, out) -> the kernel's address length (which may exceed
// the buffer: the caller clamps).
template <int (*F)(int, sockaddr*, socklen_t*)>
Napi::Value Name(const Napi::CallbackInfo& info) {
  int fd;
  uint8_t* data;
  size_t size;
  if (!ArgFd(info, 0, &fd) || !ArgBytes(info, 1, &data, &size, "address must be a Uint8Array")) return Napi::Value();
  socklen_t len = static_cast<socklen_t>(size);
  long r = Retry([&] { return F(fd, reinterpret_cast<sockaddr*>(data), &len); });
  return Int(info.Env(), r == 0 ? static_cast<long>(len) : r);
}

// fcntl(fd, cmd, arg) for F_GETFL, F_SETFL, F_GETFD, F_SETFD and F_DUPFD_CLOEXEC only.
Napi::Value Fcntl(const Napi::CallbackInfo& info) {
  int fd, cmd, arg;
  if (!ArgFd(info, 0, &fd) || !ArgInt32(info, 1, &cmd, "cmd must be an integer") ||
      !ArgInt32(info, 2, &arg, "arg must be an integer"))
    return Napi::Value();
  if (cmd != F_GETFL && cmd != F_SETFL && cmd != F_GETFD && cmd != F_SETFD && cmd != F_DUPFD_CLOEXEC) {
    ThrowRange(info.Env(), "cmd must be F_GETFL, F_SETFL, F_GETFD, F_SETFD or F_DUPFD_CLOEXEC");
    return Napi::Value();
  }
  return Int(info.Env(), Retry([&] { return ::fcntl(fd, cmd, arg); }));
}

}  // namespace

void InitSocket(Napi::Env env, Napi::Object exports) {
  SetFn(env, exports, "socket", Socket);
  SetFn(env, exports, "socketpair", SocketPair);
  SetFn(env, exports, "bind", Bind);
  SetFn(env, exports, "connect", Connect);
  SetFn(env, exports, "listen", Listen);
  SetFn(env, exports, "accept", Accept);
  SetFn(env, exports, "shutdown", Shutdown);
  SetFn(env, exports, "close", Close);
  SetFn(env, exports, "getsockname", Name<::getsockname>);
  SetFn(env, exports, "getpeername", Name<::getpeername>);
  SetFn(env, exports, "fcntl", Fcntl);
}

}  // namespace sock
