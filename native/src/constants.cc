// Constants and struct layouts read from the system headers at build time, so
// that values that differ between systems never hard-code into JS.
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>

#include <sys/epoll.h>
#include <time.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6/ip6_tables.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <uv.h>

#include "common.h"

namespace sock {

#define SET(obj, name) obj.Set(#name, Napi::Number::New(env, static_cast<double>(name)))

void InitConstants(Napi::Env env, Napi::Object exports) {
  // clang-format off: tables, a row per group
  Napi::Object c = Napi::Object::New(env);
  // address families / socket types
  SET(c, AF_UNSPEC);
  SET(c, AF_INET);
  SET(c, AF_INET6);
  SET(c, AF_UNIX);
  SET(c, SOCK_STREAM);
  SET(c, SOCK_DGRAM);
  SET(c, SOCK_SEQPACKET);
  SET(c, SOCK_RAW);
  SET(c, IPPROTO_IP);
  SET(c, IPPROTO_IPV6);
  SET(c, IPPROTO_TCP);
  SET(c, IPPROTO_UDP);
  SET(c, IPPROTO_ICMP);
  SET(c, IPPROTO_ICMPV6);
  SET(c, IPPROTO_RAW);
  SET(c, SHUT_RD);
  SET(c, SHUT_WR);
  SET(c, SHUT_RDWR);
  SET(c, SOMAXCONN);
  // message flags
  SET(c, MSG_PEEK);
  SET(c, MSG_TRUNC);
  SET(c, MSG_CTRUNC);
  SET(c, MSG_DONTWAIT);
  SET(c, MSG_NOSIGNAL);
  SET(c, MSG_WAITALL);
  SET(c, MSG_OOB);
  SET(c, MSG_EOR);
  // SOL_SOCKET
  SET(c, SOL_SOCKET);
  SET(c, SO_REUSEADDR);
  SET(c, SO_REUSEPORT);
  SET(c, SO_KEEPALIVE);
  SET(c, SO_RCVBUF);
  SET(c, SO_SNDBUF);
  SET(c, SO_ERROR);
  SET(c, SO_TYPE);
  SET(c, SO_LINGER);
  SET(c, SO_BROADCAST);
  SET(c, SO_ACCEPTCONN);
  SET(c, SO_PEERCRED);
  SET(c, SO_PASSCRED);
  SET(c, SCM_RIGHTS);
  SET(c, SCM_CREDENTIALS);
  SET(c, MSG_CMSG_CLOEXEC);
#ifdef SO_DOMAIN
  SET(c, SO_DOMAIN);
  SET(c, SO_PROTOCOL);
#endif
#ifdef SO_BINDTODEVICE
  SET(c, SO_BINDTODEVICE);
#endif
#ifdef SO_MARK
  SET(c, SO_MARK);
#endif
  // IPPROTO_IP / IPPROTO_IPV6
  SET(c, IP_TTL);
  SET(c, IP_TOS);
  SET(c, IPV6_V6ONLY);
  SET(c, IPV6_UNICAST_HOPS);
#ifdef IP_FREEBIND
  SET(c, IP_FREEBIND);
#endif
#ifdef IPV6_FREEBIND
  SET(c, IPV6_FREEBIND);
#endif
  // IPPROTO_TCP
  SET(c, TCP_NODELAY);
  SET(c, TCP_MAXSEG);
#ifdef TCP_KEEPIDLE
  SET(c, TCP_KEEPIDLE);
#endif
  SET(c, TCP_KEEPINTVL);
  SET(c, TCP_KEEPCNT);
  // fcntl
  SET(c, F_GETFL);
  SET(c, F_SETFL);
  SET(c, F_GETFD);
  SET(c, F_SETFD);
  SET(c, F_DUPFD_CLOEXEC);
  SET(c, O_NONBLOCK);
  SET(c, FD_CLOEXEC);
  // epoll(7) and poll(2) events
  SET(c, EPOLLIN);
  SET(c, EPOLLOUT);
  SET(c, EPOLLRDHUP);
  SET(c, EPOLLPRI);
  SET(c, EPOLLERR);
  SET(c, EPOLLHUP);
  SET(c, EPOLLET);
  SET(c, EPOLLONESHOT);
  SET(c, EPOLL_CTL_ADD);
  SET(c, EPOLL_CTL_MOD);
  SET(c, EPOLL_CTL_DEL);
  SET(c, POLLIN);
  SET(c, POLLOUT);
  SET(c, POLLERR);
  SET(c, POLLHUP);
  SET(c, POLLNVAL);
#ifdef POLLRDHUP
  SET(c, POLLRDHUP);
#endif
  // libuv readiness bits, for the Poller
  SET(c, UV_READABLE);
  SET(c, UV_WRITABLE);
  SET(c, UV_DISCONNECT);
  // errno values JS compares against
  SET(c, EAGAIN);
  SET(c, EWOULDBLOCK);
  SET(c, EINPROGRESS);
  SET(c, EINTR);
  SET(c, ETIMEDOUT);
  SET(c, ECONNREFUSED);
  SET(c, ECONNRESET);
  SET(c, ECONNABORTED);
  SET(c, EPIPE);
  SET(c, EBADF);
  SET(c, EINVAL);
  SET(c, EMFILE);
  SET(c, ENFILE);
  SET(c, ENOTCONN);
  SET(c, EISCONN);
  SET(c, EALREADY);
  SET(c, EADDRINUSE);
  SET(c, EPROTO);
  SET(c, ENOTSOCK);
  SET(c, ENOPROTOOPT);
  SET(c, EPERM);
  SET(c, EACCES);
  SET(c, EAFNOSUPPORT);
  SET(c, EPROTONOSUPPORT);
  SET(c, ESOCKTNOSUPPORT);
  SET(c, EMSGSIZE);
  SET(c, ENOBUFS);
  SET(c, ECANCELED);
  SET(c, ENOMEM);
  SET(c, ENOSYS);
  SET(c, INADDR_ANY);
  // UDP and ancillary data
  SET(c, IP_PKTINFO);
  SET(c, IP_RECVTOS);
  SET(c, IP_RECVTTL);
  SET(c, IP_MTU_DISCOVER);
  SET(c, IP_MTU);
  SET(c, IP_MULTICAST_IF);
  SET(c, IP_MULTICAST_TTL);
  SET(c, IP_MULTICAST_LOOP);
  SET(c, IP_ADD_MEMBERSHIP);
  SET(c, IP_DROP_MEMBERSHIP);
  SET(c, IP_ADD_SOURCE_MEMBERSHIP);
  SET(c, IP_DROP_SOURCE_MEMBERSHIP);
  SET(c, IP_MULTICAST_ALL);
  SET(c, IP_PMTUDISC_DO);
  SET(c, IP_PMTUDISC_DONT);
  SET(c, IP_PMTUDISC_WANT);
  SET(c, IP_PMTUDISC_PROBE);
  SET(c, IP_TRANSPARENT);
  SET(c, IP_RECVERR);
  SET(c, IP_HDRINCL);
  SET(c, IPV6_RECVPKTINFO);
  SET(c, IPV6_PKTINFO);
  SET(c, IPV6_RECVTCLASS);
  SET(c, IPV6_TCLASS);
  SET(c, IPV6_RECVHOPLIMIT);
  SET(c, IPV6_HOPLIMIT);
  SET(c, IPV6_MULTICAST_IF);
  SET(c, IPV6_MULTICAST_HOPS);
  SET(c, IPV6_MULTICAST_LOOP);
  SET(c, IPV6_JOIN_GROUP);
  SET(c, IPV6_LEAVE_GROUP);
  SET(c, IPV6_MULTICAST_ALL);
  SET(c, IPV6_MTU_DISCOVER);
  SET(c, IPV6_MTU);
  SET(c, IPV6_RECVERR);
  SET(c, IPV6_CHECKSUM);
  SET(c, MCAST_JOIN_SOURCE_GROUP);
  SET(c, MCAST_LEAVE_SOURCE_GROUP);
  SET(c, MCAST_JOIN_GROUP);
  SET(c, MCAST_LEAVE_GROUP);
  SET(c, SO_TIMESTAMP);
  SET(c, SO_TIMESTAMPNS);
  SET(c, SCM_TIMESTAMPNS);
  SET(c, SO_PRIORITY);
  SET(c, SO_RCVLOWAT);
  SET(c, SO_SNDLOWAT);
  SET(c, SO_INCOMING_CPU);
  SET(c, SO_BUSY_POLL);
  SET(c, SO_ZEROCOPY);
  SET(c, SO_RCVTIMEO);
  SET(c, SOL_UDP);
  SET(c, UDP_SEGMENT);
  SET(c, UDP_GRO);
  SET(c, UDP_CORK);
  SET(c, TCP_CONGESTION);
  SET(c, TCP_CORK);
  SET(c, TCP_DEFER_ACCEPT);
  SET(c, TCP_FASTOPEN);
  SET(c, TCP_INFO);
  SET(c, TCP_LINGER2);
  SET(c, TCP_NOTSENT_LOWAT);
  SET(c, TCP_QUICKACK);
  SET(c, TCP_SYNCNT);
  SET(c, TCP_USER_TIMEOUT);
  SET(c, TCP_WINDOW_CLAMP);
  SET(c, SO_ORIGINAL_DST);
  SET(c, IP6T_SO_ORIGINAL_DST);
  SET(c, TCP_ESTABLISHED);
  SET(c, TCP_SYN_SENT);
  SET(c, TCP_SYN_RECV);
  SET(c, TCP_FIN_WAIT1);
  SET(c, TCP_FIN_WAIT2);
  SET(c, TCP_TIME_WAIT);
  SET(c, TCP_CLOSE);
  SET(c, TCP_CLOSE_WAIT);
  SET(c, TCP_LAST_ACK);
  SET(c, TCP_LISTEN);
  SET(c, TCP_CLOSING);
  SET(c, SOL_IP);
  SET(c, SOL_IPV6);
  SET(c, IPPROTO_SCTP);
  SET(c, IPPROTO_UDPLITE);
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
  num("in_pktinfo", sizeof(in_pktinfo));
  num("ipi_ifindex", offsetof(in_pktinfo, ipi_ifindex));
  num("ipi_spec_dst", offsetof(in_pktinfo, ipi_spec_dst));
  num("ipi_addr", offsetof(in_pktinfo, ipi_addr));
  num("in6_pktinfo", sizeof(in6_pktinfo));
  num("ipi6_addr", offsetof(in6_pktinfo, ipi6_addr));
  num("ipi6_ifindex", offsetof(in6_pktinfo, ipi6_ifindex));
  num("timespec", sizeof(timespec));
  num("tv_sec", offsetof(timespec, tv_sec));
  num("tv_nsec", offsetof(timespec, tv_nsec));
  num("ip_mreqn", sizeof(ip_mreqn));
  num("ip_mreq_source", sizeof(ip_mreq_source));
  num("imr_multiaddr", offsetof(ip_mreqn, imr_multiaddr));
  num("imr_address", offsetof(ip_mreqn, imr_address));
  num("imr_ifindex", offsetof(ip_mreqn, imr_ifindex));
  num("imrs_multiaddr", offsetof(ip_mreq_source, imr_multiaddr));
  num("imrs_interface", offsetof(ip_mreq_source, imr_interface));
  num("imrs_sourceaddr", offsetof(ip_mreq_source, imr_sourceaddr));
  num("ipv6_mreq", sizeof(ipv6_mreq));
  num("ipv6mr_multiaddr", offsetof(ipv6_mreq, ipv6mr_multiaddr));
  num("ipv6mr_interface", offsetof(ipv6_mreq, ipv6mr_interface));
  num("group_source_req", sizeof(group_source_req));
  num("gsr_interface", offsetof(group_source_req, gsr_interface));
  num("gsr_group", offsetof(group_source_req, gsr_group));
  num("gsr_source", offsetof(group_source_req, gsr_source));
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
  // clang-format on
}

}  // namespace sock
