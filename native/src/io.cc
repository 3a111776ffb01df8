// Data syscalls: recv, send, recvfrom, sendto, recvmsg, sendmsg (which also
// serve readv/writev), and poll(2) for the synchronous deadline path.
// Every call adds MSG_DONTWAIT and every send MSG_NOSIGNAL (kRecvFlags,
// kSendFlags in syscall.h).
#include <limits.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>

#include "common.h"
#include "syscall.h"

namespace sock {

namespace {

constexpr size_t kMaxIov = IOV_MAX;

// recv(fd, buf, offset, length, flags) -> bytes read (0 = end of stream or an empty datagram)
Napi::Value Recv(const Napi::CallbackInfo& info) {
  int fd, flags;
  uint8_t* p;
  size_t n;
  if (!ArgFd(info, 0, &fd) || !ArgRange(info, 1, &p, &n) || !ArgInt32(info, 4, &flags, "flags must be an integer"))
    return Napi::Value();
  return Int(info.Env(), Retry([&] { return ::recv(fd, p, n, flags | kRecvFlags); }));
}

// send(fd, buf, offset, length, flags) -> bytes written
Napi::Value Send(const Napi::CallbackInfo& info) {
  int fd, flags;
  uint8_t* p;
  size_t n;
  if (!ArgFd(info, 0, &fd) || !ArgRange(info, 1, &p, &n) || !ArgInt32(info, 4, &flags, "flags must be an integer"))
    return Napi::Value();
  return Int(info.Env(), Retry([&] { return ::send(fd, p, n, flags | kSendFlags); }));
}

// recvfrom(fd, buf, offset, length, flags, address out | null) -> bytes; the
// sender's address length goes to scratch[0] (0: the sender had no address).
Napi::Value RecvFrom(const Napi::CallbackInfo& info) {
  int fd, flags;
  uint8_t *p, *sa;
  size_t n, salen;
  if (!ArgFd(info, 0, &fd) || !ArgRange(info, 1, &p, &n) || !ArgInt32(info, 4, &flags, "flags must be an integer") ||
      !ArgOptBytes(info, 5, &sa, &salen, "address must be a Uint8Array or null"))
    return Napi::Value();
  socklen_t len = static_cast<socklen_t>(salen);
  long r = Retry(
      [&] { return ::recvfrom(fd, p, n, flags | kRecvFlags, reinterpret_cast<sockaddr*>(sa), sa ? &len : nullptr); });
  Data(info.Env())->scratch[0] = r >= 0 && sa ? static_cast<int32_t>(len) : 0;
  return Int(info.Env(), r);
}

// sendto(fd, buf, offset, length, address, addressLength) -> bytes
Napi::Value SendTo(const Napi::CallbackInfo& info) {
  int fd;
  uint8_t *p, *sa;
  size_t n, salen;
  int64_t len;
  if (!ArgFd(info, 0, &fd) || !ArgRange(info, 1, &p, &n) ||
      !ArgBytes(info, 4, &sa, &salen, "address must be a Uint8Array") ||
      !ArgInt(info, 5, 0, static_cast<int64_t>(salen), &len, "address length out of range"))
    return Napi::Value();
  return Int(info.Env(), Retry([&] {
               return ::sendto(fd, p, n, kSendFlags, reinterpret_cast<sockaddr*>(sa), static_cast<socklen_t>(len));
             }));
}

// Fills iov from a Uint8Array or an array of them; returns the count or -1
// after throwing.
long ArgIov(const Napi::CallbackInfo& info, size_t i, iovec* iov) {
  napi_env env = info.Env();
  napi_value v = info[i];
  bool is_array = false;
  napi_is_array(env, v, &is_array);
  if (!is_array) {
    uint8_t* p;
    size_t n;
    if (!ArgBytes(info, i, &p, &n, "buffers must be a Uint8Array or an array of them")) return -1;
    iov[0] = {p, n};
    return 1;
  }
  uint32_t count = 0;
  napi_get_array_length(env, v, &count);
  if (count > kMaxIov) return ThrowRange(env, "too many buffers (more than IOV_MAX)"), -1;
  // Two passes: reading an element can run a getter (which may detach or
  // shrink another element's buffer), so every element is read first, and only
  // then are their memory and lengths taken, with no JS running in between.
  napi_value elements[kMaxIov];
  for (uint32_t k = 0; k < count; k++)
    if (napi_get_element(env, v, k, &elements[k]) != napi_ok) return ThrowType(env, "buffers must be Uint8Arrays"), -1;
  size_t total = 0;
  for (uint32_t k = 0; k < count; k++) {
    napi_typedarray_type type;
    void* p = nullptr;
    size_t n = 0;
    if (napi_get_typedarray_info(env, elements[k], &type, &n, &p, nullptr, nullptr) != napi_ok ||
        type != napi_uint8_array)
      return ThrowType(env, "buffers must be Uint8Arrays"), -1;
    if (n > static_cast<size_t>(INT32_MAX) - total) n = static_cast<size_t>(INT32_MAX) - total;
    total += n;
    iov[k] = {p, n};
  }
  return static_cast<long>(count);
}

// recvmsg(fd, buffers, name out | null, control out | null, flags) -> bytes;
// scratch[0] = name length, scratch[1] = control length, scratch[2] = msg_flags.
Napi::Value RecvMsg(const Napi::CallbackInfo& info) {
  iovec iov[kMaxIov];
  int fd, flags;
  uint8_t *name, *control;
  size_t namelen, controllen;
  long iovcnt;
  if (!ArgFd(info, 0, &fd) || (iovcnt = ArgIov(info, 1, iov)) < 0 ||
      !ArgOptBytes(info, 2, &name, &namelen, "name must be a Uint8Array or null") ||
      !ArgOptBytes(info, 3, &control, &controllen, "control must be a Uint8Array or null") ||
      !ArgInt32(info, 4, &flags, "flags must be an integer"))
    return Napi::Value();
  msghdr msg{};
  msg.msg_name = name;
  msg.msg_namelen = static_cast<socklen_t>(namelen);
  msg.msg_iov = iov;
  msg.msg_iovlen = static_cast<size_t>(iovcnt);
  msg.msg_control = control;
  msg.msg_controllen = controllen;
  long r = Retry([&] { return ::recvmsg(fd, &msg, flags | kRecvFlags); });
  int32_t* s = Data(info.Env())->scratch;
  s[0] = r >= 0 && name ? static_cast<int32_t>(msg.msg_namelen) : 0;
  s[1] = r >= 0 && control ? static_cast<int32_t>(msg.msg_controllen) : 0;
  s[2] = r >= 0 ? msg.msg_flags : 0;
  return Int(info.Env(), r);
}

// sendmsg(fd, buffers, name | null, nameLength, control | null, flags) -> bytes
Napi::Value SendMsg(const Napi::CallbackInfo& info) {
  iovec iov[kMaxIov];
  int fd, flags;
  uint8_t *name, *control;
  size_t namesize, controllen;
  int64_t namelen;
  long iovcnt;
  if (!ArgFd(info, 0, &fd) || (iovcnt = ArgIov(info, 1, iov)) < 0 ||
      !ArgOptBytes(info, 2, &name, &namesize, "name must be a Uint8Array or null") ||
      !ArgInt(info, 3, 0, static_cast<int64_t>(namesize), &namelen, "name length out of range") ||
      !ArgOptBytes(info, 4, &control, &controllen, "control must be a Uint8Array or null") ||
      !ArgInt32(info, 5, &flags, "flags must be an integer"))
    return Napi::Value();
  msghdr msg{};
  msg.msg_name = name;
  msg.msg_namelen = static_cast<socklen_t>(namelen);
  msg.msg_iov = iov;
  msg.msg_iovlen = static_cast<size_t>(iovcnt);
  msg.msg_control = controllen ? control : nullptr;
  msg.msg_controllen = controllen;
  return Int(info.Env(), Retry([&] { return ::sendmsg(fd, &msg, flags | kSendFlags); }));
}

int64_t MonotonicMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

// poll(fd, events, timeoutMs) -> revents (0 = timed out); timeoutMs < 0 waits
// forever. EINTR retries with the remaining time from CLOCK_MONOTONIC.
Napi::Value Poll(const Napi::CallbackInfo& info) {
  int fd, events, timeout;
  if (!ArgFd(info, 0, &fd) || !ArgInt32(info, 1, &events, "events must be an integer") ||
      !ArgInt32(info, 2, &timeout, "timeout must be an integer (ms)"))
    return Napi::Value();
  int64_t end = timeout >= 0 ? MonotonicMs() + timeout : 0;
  pollfd p{fd, static_cast<short>(events), 0};
  for (;;) {
    int r = ::poll(&p, 1, timeout);
    if (r >= 0) return Int(info.Env(), r == 0 ? 0 : p.revents);
    if (errno != EINTR) return Int(info.Env(), -errno);
    if (timeout >= 0) {
      int64_t left = end - MonotonicMs();
      timeout = left > 0 ? static_cast<int>(left) : 0;
    }
  }
}

}  // namespace

void InitIo(Napi::Env env, Napi::Object exports) {
  SetFn(env, exports, "recv", Recv);
  SetFn(env, exports, "send", Send);
  SetFn(env, exports, "recvfrom", RecvFrom);
  SetFn(env, exports, "sendto", SendTo);
  SetFn(env, exports, "recvmsg", RecvMsg);
  SetFn(env, exports, "sendmsg", SendMsg);
  SetFn(env, exports, "poll", Poll);
}

}  // namespace sock
