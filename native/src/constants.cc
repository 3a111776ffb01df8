// Constants and struct layouts read from the system headers at build time, so
// that values that differ between systems never hard-code into JS.
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <uv.h>

#include "common.h"

namespace sock {

#define SET(obj, name) obj.Set(#name, Napi::Number::New(env, static_cast<double>(name)))

void InitConstants(Napi::Env env, Napi::Object exports) {
  Napi::Object c = Napi::Object::New(env);
  // address families / socket types
  SET(c, AF_UNSPEC); SET(c, AF_INET); SET(c, AF_INET6); SET(c, AF_UNIX);
  SET(c, SOCK_STREAM); SET(c, SOCK_DGRAM); SET(c, SOCK_SEQPACKET); SET(c, SOCK_RAW);
  SET(c, IPPROTO_IP); SET(c, IPPROTO_IPV6); SET(c, IPPROTO_TCP); SET(c, IPPROTO_UDP);
  SET(c, IPPROTO_ICMP); SET(c, IPPROTO_ICMPV6); SET(c, IPPROTO_RAW);
  SET(c, SHUT_RD); SET(c, SHUT_WR); SET(c, SHUT_RDWR);
  SET(c, SOMAXCONN);
  // message flags
  SET(c, MSG_PEEK); SET(c, MSG_TRUNC); SET(c, MSG_CTRUNC); SET(c, MSG_DONTWAIT);
  SET(c, MSG_NOSIGNAL); SET(c, MSG_WAITALL); SET(c, MSG_OOB); SET(c, MSG_EOR);
  // SOL_SOCKET
  SET(c, SOL_SOCKET); SET(c, SO_REUSEADDR); SET(c, SO_REUSEPORT); SET(c, SO_KEEPALIVE);
  SET(c, SO_RCVBUF); SET(c, SO_SNDBUF); SET(c, SO_ERROR); SET(c, SO_TYPE); SET(c, SO_LINGER);
  SET(c, SO_BROADCAST); SET(c, SO_ACCEPTCONN); SET(c, SO_PEERCRED); SET(c, SO_PASSCRED);
  SET(c, SCM_RIGHTS); SET(c, SCM_CREDENTIALS); SET(c, MSG_CMSG_CLOEXEC);
#ifdef SO_DOMAIN
  SET(c, SO_DOMAIN); SET(c, SO_PROTOCOL);
#endif
#ifdef SO_BINDTODEVICE
  SET(c, SO_BINDTODEVICE);
#endif
#ifdef SO_MARK
  SET(c, SO_MARK);
#endif
  // IPPROTO_IP / IPPROTO_IPV6
  SET(c, IP_TTL); SET(c, IP_TOS); SET(c, IPV6_V6ONLY); SET(c, IPV6_UNICAST_HOPS);
#ifdef IP_FREEBIND
  SET(c, IP_FREEBIND);
#endif
#ifdef IPV6_FREEBIND
  SET(c, IPV6_FREEBIND);
#endif
  // IPPROTO_TCP
  SET(c, TCP_NODELAY); SET(c, TCP_MAXSEG);
#ifdef TCP_KEEPIDLE
  SET(c, TCP_KEEPIDLE);
#endif
  SET(c, TCP_KEEPINTVL); SET(c, TCP_KEEPCNT);
  // fcntl
  SET(c, F_GETFL); SET(c, F_SETFL); SET(c, F_GETFD); SET(c, F_SETFD);
  SET(c, O_NONBLOCK); SET(c, FD_CLOEXEC);
  // poll(2) events
  SET(c, POLLIN); SET(c, POLLOUT); SET(c, POLLERR); SET(c, POLLHUP); SET(c, POLLNVAL);
#ifdef POLLRDHUP
  SET(c, POLLRDHUP);
#endif
  // libuv readiness bits, for the Poller
  SET(c, UV_READABLE); SET(c, UV_WRITABLE); SET(c, UV_DISCONNECT);
  // errno values JS compares against
  SET(c, EAGAIN); SET(c, EWOULDBLOCK); SET(c, EINPROGRESS); SET(c, EINTR); SET(c, ETIMEDOUT);
  SET(c, ECONNREFUSED); SET(c, ECONNRESET); SET(c, ECONNABORTED); SET(c, EPIPE); SET(c, EBADF);
  SET(c, EINVAL); SET(c, EMFILE); SET(c, ENFILE); SET(c, ENOTCONN); SET(c, EISCONN);
  SET(c, EALREADY); SET(c, EADDRINUSE); SET(c, EPROTO); SET(c, ENOTSOCK); SET(c, ENOPROTOOPT);
  SET(c, EPERM); SET(c, EACCES); SET(c, EAFNOSUPPORT); SET(c, EPROTONOSUPPORT);
  SET(c, ESOCKTNOSUPPORT); SET(c, EMSGSIZE); SET(c, ENOBUFS);
  SET(c, INADDR_ANY);
  SET(c, IF_NAMESIZE);
  exports.Set("constants", c);

  // Struct sizes and field offsets, so @sock/addr lays out kernel bytes exactly.
  Napi::Object l = Napi::Object::New(env);
  auto num = [&](const char* k, size_t v) { l.Set(k, Napi::Number::New(env, static_cast<double>(v))); };
  num("sockaddr_storage", sizeof(sockaddr_storage));
  num("sa_family_offset", offsetof(sockaddr, sa_family));
  num("sa_family_size", sizeof(((sockaddr*)nullptr)->sa_family));
  num("sockaddr_in", sizeof(sockaddr_in));
  num("sin_port", offsetof(sockaddr_in, sin_port));
  num("sin_addr", offsetof(sockaddr_in, sin_addr));
  num("sockaddr_in6", sizeof(sockaddr_in6));
  num("sin6_port", offsetof(sockaddr_in6, sin6_port));
  num("sin6_flowinfo", offsetof(sockaddr_in6, sin6_flowinfo));
  num("sin6_addr", offsetof(sockaddr_in6, sin6_addr));
  num("sin6_scope_id", offsetof(sockaddr_in6, sin6_scope_id));
  num("sockaddr_un", sizeof(sockaddr_un));
  num("sun_path", offsetof(sockaddr_un, sun_path));
  num("sun_path_size", sizeof(((sockaddr_un*)nullptr)->sun_path));
  num("linger", sizeof(struct linger));
  num("l_onoff", offsetof(struct linger, l_onoff));
  num("l_linger", offsetof(struct linger, l_linger));
  num("int", sizeof(int));
  // ancillary data: CMSG_ALIGN unit, header size, CMSG_DATA offset
  num("cmsghdr", sizeof(cmsghdr));
  num("cmsg_align", sizeof(size_t));
  num("cmsg_len", offsetof(cmsghdr, cmsg_len));
  num("cmsg_len_size", sizeof(((cmsghdr*)nullptr)->cmsg_len));
  num("cmsg_level", offsetof(cmsghdr, cmsg_level));
  num("cmsg_type", offsetof(cmsghdr, cmsg_type));
  num("cmsg_data", CMSG_LEN(0));
  num("ucred", sizeof(ucred));
  num("ucred_pid", offsetof(ucred, pid));
  num("ucred_uid", offsetof(ucred, uid));
  num("ucred_gid", offsetof(ucred, gid));
  num("scratch_slots", kScratchSlots);
#ifdef __APPLE__
  num("sa_len", 1);  // BSD sockaddrs start with a length byte
#else
  num("sa_len", 0);
#endif
  exports.Set("layout", l);
}

}  // namespace sock
