import type { SockaddrInet4 } from './sockaddr-inet4.js'
import type { SockaddrInet6 } from './sockaddr-inet6.js'
import type { SockaddrUnix } from './sockaddr-unix.js'
import type { SockaddrRaw } from './sockaddr-raw.js'

/** Any socket address sock models: kernel sockaddr bytes plus their length. */
export type Sockaddr = SockaddrInet4 | SockaddrInet6 | SockaddrUnix | SockaddrRaw

/** Node's `net.AddressInfo` shape. */
export interface AddressInfo {
  address: string
  family: 'IPv4' | 'IPv6'
  port: number
}

/** The shape every address argument accepts besides a Sockaddr: `{ address, port }` (as `net.AddressInfo`, `net.SocketAddress`, dgram's `rinfo`). */
export interface AddressLike {
  address: string
  port: number
  family?: string | number
  flowlabel?: number
}
