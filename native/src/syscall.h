// Syscall wrappers return n >= 0 or -errno; EINTR is retried (close(2) and
// poll(2) handle it themselves: see socket.cc and io.cc).
#pragma once

#include <cerrno>

namespace sock {

template <typename F>
inline long Retry(F f) {
  long r;
  do {
    r = static_cast<long>(f());
  } while (r == -1 && errno == EINTR);
  return r == -1 ? -errno : r;
}

}  // namespace sock
