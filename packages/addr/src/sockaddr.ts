import type { SockaddrInet4 } from './sockaddr-inet4.js'
import type { SockaddrInet6 } from './sockaddr-inet6.js'
import type { SockaddrUnix } from './sockaddr-unix.js'
import type { SockaddrRaw } from './sockaddr-raw.js'

/** Any socket address sock models: kernel sockaddr bytes plus their length. */
export type Sockaddr = SockaddrInet4 | SockaddrInet6 | SockaddrUnix | SockaddrRaw

/** Node's `net.AddressInfo` shape. */
export interface AddressInfo {
  /** The IP address as text ('127.0.0.1', '::1'). */
  address: string
  /** 'IPv4' or 'IPv6'. */
  family: 'IPv4' | 'IPv6'
  /** The port, 0..65535. */
  port: number
}

/** The shape every address argument accepts besides a Sockaddr: `{ address, port }` (as `net.AddressInfo`, `net.SocketAddress`, dgram's `rinfo`). */
export interface AddressLike {
  /** An IP literal ('127.0.0.1', '::1', 'fe80::1%lo'); never a host name (sock does no DNS). */
  address: string
  /** The port, 0..65535. */
  port: number
  /** 'IPv4'/'IPv6' or 4/6 when given; an address of the other family is an error. */
  family?: string | number
  /** The IPv6 flow label (as on Node's `net.SocketAddress`). */
  flowlabel?: number
}
