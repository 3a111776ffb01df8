import { type AddressInput, type SocketOptions } from '@sock/core'
import { configureSocket, inetAddr, remoteInetAddr, networkFamily } from '@sock/core/internal'
import { SockaddrInet4 } from '@sock/addr'
import { UDPConn } from './udp-conn.js'

/**
 * A bound UDP socket. SO_REUSEADDR is off unless asked (it lets another process
 * take unicast traffic). 'udp' with no address binds '::' dual-stack; an IPv4
 * address gives an IPv4 socket; 'udp6' is IPv6-only unless `ipv6Only: false`.
 */
export function listenUDP(network: 'udp' | 'udp4' | 'udp6', laddr?: AddressInput | null, opts?: SocketOptions): UDPConn {
  const family = networkFamily(network, 'udp')
  const sa = inetAddr(laddr, family, 'listenUDP')
  const v4 = sa instanceof SockaddrInet4
  const conn = v4 ? UDPConn.open4() : UDPConn.open6()
  return configureSocket(conn, opts, v4 ? {} : { ipv6Only: family === 6 }, (s) => s.bind(sa))
}

/** listenUDP('udp4', laddr) */
export function listenUDP4(laddr?: AddressInput | null, opts?: SocketOptions): UDPConn {
  return listenUDP('udp4', laddr, opts)
}

/** listenUDP('udp6', laddr) */
export function listenUDP6(laddr?: AddressInput | null, opts?: SocketOptions): UDPConn {
  return listenUDP('udp6', laddr, opts)
}

/**
 * A connected UDP socket: `read`/`write` talk to `raddr` only. A datagram to a
 * closed port makes the next read throw ECONNREFUSED (an ICMP error), once.
 */
export function dialUDP(network: 'udp' | 'udp4' | 'udp6', laddr: AddressInput | null | undefined, raddr: AddressInput, opts?: SocketOptions): UDPConn {
  const family = networkFamily(network, 'udp')
  const ra = remoteInetAddr(raddr, family, 'dialUDP')
  const v4 = ra instanceof SockaddrInet4
  const conn = v4 ? UDPConn.open4() : UDPConn.open6()
  return configureSocket(conn, opts, undefined, (s) => {
    if (laddr !== null && laddr !== undefined) s.bind(inetAddr(laddr, v4 ? 4 : 6, 'dialUDP'))
    s.connect(ra)
  })
}

/** `dialUDP('udp4', laddr, raddr, opts)`: an IPv4 UDP socket connected to `raddr`. */
export function dialUDP4(laddr: AddressInput | null | undefined, raddr: AddressInput, opts?: SocketOptions): UDPConn {
  return dialUDP('udp4', laddr, raddr, opts)
}

/** `dialUDP('udp6', laddr, raddr, opts)`: an IPv6 UDP socket connected to `raddr`. */
export function dialUDP6(laddr: AddressInput | null | undefined, raddr: AddressInput, opts?: SocketOptions): UDPConn {
  return dialUDP('udp6', laddr, raddr, opts)
}
