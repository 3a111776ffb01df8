// epoll(7) for the caller's own readiness loops (@sock/core's Poll): an epoll
// fd is an fd like any socket, so the libuv loop can watch it (one readiness
// event, then one epollWait hands over every ready socket), and a synchronous
// loop can block on it. Stateless: tokens are plain integers, never pointers.
#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "common.h"

namespace sock {
namespace {

// The most events one epollWait reports (libuv's own batch size); the rest
// stay ready for the next call.
constexpr int kMaxEvents = 1024;

// epollCreate() -> a new epoll fd (close-on-exec) or -errno
Napi::Value EpollCreate(const Napi::CallbackInfo& info) {
  int fd = ::epoll_create1(EPOLL_CLOEXEC);
  return Int(info.Env(), fd < 0 ? -errno : fd);
}

// epollCtl(epfd, op, fd, events, token) -> 0 or -errno. op: EPOLL_CTL_ADD /
// MOD / DEL; events: EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLPRI | EPOLLET |
// EPOLLONESHOT; token: a uint32 reported back with the fd's events.
Napi::Value EpollCtl(const Napi::CallbackInfo& info) {
  int epfd, op, fd;
  int64_t events, token;
  // events as uint32 or as the int32 that JS's `|` makes of EPOLLET (bit 31)
  if (!ArgFd(info, 0, &epfd) || !ArgInt32(info, 1, &op, "op must be an integer") || !ArgFd(info, 2, &fd) ||
      !ArgInt(info, 3, INT32_MIN, UINT32_MAX, &events, "events must be a 32-bit mask") ||
      !ArgInt(info, 4, 0, UINT32_MAX, &token, "token must be an integer in [0, 2^32-1]"))
    return Napi::Value();
  epoll_event ev{};
  ev.events = static_cast<uint32_t>(events);
  ev.data.u64 = static_cast<uint64_t>(token);
  int r = ::epoll_ctl(epfd, op, fd, &ev);
  return Int(info.Env(), r < 0 ? -errno : 0);
}

// epollWait(epfd, out, timeoutMs) -> the number of ready fds n (0: timed out
// or interrupted by a signal) or -errno. out: a Uint32Array receiving n pairs
// (token, events); at most min(out.length / 2, 1024) per call. timeoutMs < 0
// waits forever, 0 does not wait.
Napi::Value EpollWait(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  int epfd, timeout;
  if (!ArgFd(info, 0, &epfd)) return Napi::Value();
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, info[1], &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_uint32_array) {
    ThrowType(env, "out must be a Uint32Array");
    return Napi::Value();
  }
  if (!ArgInt32(info, 2, &timeout, "timeout must be an integer (ms)")) return Napi::Value();
  int max = static_cast<int>(length / 2 < kMaxEvents ? length / 2 : kMaxEvents);
  if (max == 0) {
    ThrowRange(env, "out must hold at least one (token, events) pair");
    return Napi::Value();
  }
  // Nothing can run JS while epoll_wait blocks, so `out` is still the memory read above.
  epoll_event events[kMaxEvents];
  int n = ::epoll_wait(epfd, events, max, timeout);
  if (n < 0) return Int(env, errno == EINTR ? 0 : -errno);
  auto* out = static_cast<uint32_t*>(data);
  for (int i = 0; i < n; i++) {
    out[2 * i] = static_cast<uint32_t>(events[i].data.u64);
    out[2 * i + 1] = events[i].events;
  }
  return Int(env, n);
}

}  // namespace

void InitEpoll(Napi::Env env, Napi::Object exports) {
  SetFn(env, exports, "epollCreate", EpollCreate);
  SetFn(env, exports, "epollCtl", EpollCtl);
  SetFn(env, exports, "epollWait", EpollWait);
}

}  // namespace sock
