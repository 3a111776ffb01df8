import { constants as C, type SocketOptions } from '@sock/core'
import { configureSocket } from '@sock/core/internal'
import { RawConn, openRaw, type RawAddressInput } from './raw-conn.js'

/** socket(AF_INET, SOCK_RAW, protocol): needs CAP_NET_RAW. Reads include the IPv4 header. */
export function newRawSocket4(protocol: number): RawConn {
  return openRaw(C.AF_INET, C.SOCK_RAW, protocol)
}

/** socket(AF_INET6, SOCK_RAW, protocol): needs CAP_NET_RAW. Reads do not include the IPv6 header. */
export function newRawSocket6(protocol: number): RawConn {
  return openRaw(C.AF_INET6, C.SOCK_RAW, protocol)
}

/** socket(AF_INET, SOCK_RAW, IPPROTO_ICMP), as Go's NewICMPSocket4: needs CAP_NET_RAW; reads include the IPv4 header. */
export function newICMPSocket4(): RawConn {
  return openRaw(C.AF_INET, C.SOCK_RAW, C.IPPROTO_ICMP)
}

/** socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6), as Go's NewICMPSocket6: needs CAP_NET_RAW; reads are the ICMPv6 message. */
export function newICMPSocket6(): RawConn {
  return openRaw(C.AF_INET6, C.SOCK_RAW, C.IPPROTO_ICMPV6)
}

/** socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP): an unprivileged ping socket (the kernel sets the echo id to the local "port"). */
export function newPingSocket4(): RawConn {
  return openRaw(C.AF_INET, C.SOCK_DGRAM, C.IPPROTO_ICMP)
}

/** socket(AF_INET6, SOCK_DGRAM, IPPROTO_ICMPV6): an unprivileged ICMPv6 ping socket. */
export function newPingSocket6(): RawConn {
  return openRaw(C.AF_INET6, C.SOCK_DGRAM, C.IPPROTO_ICMPV6)
}

/** A raw socket bound to `laddr` (default: any address). */
export function listenRaw4(protocol: number, laddr?: RawAddressInput | null, opts?: SocketOptions): RawConn {
  return configure(newRawSocket4(protocol), laddr, null, opts)
}

/** An IPv6 raw socket bound to `laddr` (default: any address). */
export function listenRaw6(protocol: number, laddr?: RawAddressInput | null, opts?: SocketOptions): RawConn {
  return configure(newRawSocket6(protocol), laddr, null, opts)
}

/** A raw socket connected to `raddr`: `write` sends there and `read` sees only its packets. */
export function dialRaw4(protocol: number, laddr: RawAddressInput | null | undefined, raddr: RawAddressInput, opts?: SocketOptions): RawConn {
  return configure(newRawSocket4(protocol), laddr, raddr, opts)
}

/** An IPv6 raw socket connected to `raddr`: `write` sends there and `read` sees only its packets. */
export function dialRaw6(protocol: number, laddr: RawAddressInput | null | undefined, raddr: RawAddressInput, opts?: SocketOptions): RawConn {
  return configure(newRawSocket6(protocol), laddr, raddr, opts)
}

function configure(conn: RawConn, laddr: RawAddressInput | null | undefined, raddr: RawAddressInput | null, opts?: SocketOptions): RawConn {
  return configureSocket(conn, opts, undefined, (s) => {
    if (laddr !== null && laddr !== undefined) s.bind(laddr)
    if (raddr !== null) s.connect(raddr)
  })
}
