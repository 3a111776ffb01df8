// Syscall wrappers return n >= 0 or -errno; EINTR is retried (close(2) and
// poll(2) handle it themselves: see socket.cc and io.cc).
#pragma once

#include <sys/socket.h>

#include <cerrno>

namespace sock {

// Every data call adds MSG_DONTWAIT (O_NONBLOCK may be shared with other
// holders of an adopted socket); every send adds MSG_NOSIGNAL (no SIGPIPE).
constexpr int kRecvFlags = MSG_DONTWAIT;
constexpr int kSendFlags = MSG_DONTWAIT | MSG_NOSIGNAL;

template <typename F>
inline long Retry(F f) {
  long r;
  do {
    r = static_cast<long>(f());
  } while (r == -1 && errno == EINTR);
  return r == -1 ? -errno : r;
}

}  // namespace sock
