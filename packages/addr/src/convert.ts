import { isIPv4, isIPv6, SocketAddress } from 'node:net'
import { InvalidAddressError, checkPort, invalidArgType } from './errors.js'
import { SockaddrInet4 } from './sockaddr-inet4.js'
import { SockaddrInet6 } from './sockaddr-inet6.js'
import { SockaddrUnix } from './sockaddr-unix.js'
import { SockaddrRaw } from './sockaddr-raw.js'
import type { AddressLike, Sockaddr } from './sockaddr.js'

/** Whether `x` is one of the Sockaddr classes (SockaddrInet4, SockaddrInet6, SockaddrUnix, SockaddrRaw). */
function isSockaddr(x: unknown): x is Sockaddr {
  return x instanceof SockaddrInet4 || x instanceof SockaddrInet6 || x instanceof SockaddrUnix || x instanceof SockaddrRaw
}

function noDns(address: string): InvalidAddressError {
  return new InvalidAddressError(`${JSON.stringify(address)} is not an IP address literal (sock does no DNS lookups: resolve host names first)`)
}

/**
 * A Sockaddr from Node's shapes: `net.AddressInfo` `{ address, family, port }`,
 * a `net.SocketAddress`, dgram's `rinfo`, or `{ path }` for unix. The address must be an IP literal.
 */
export function fromAddressInfo(info: AddressLike): SockaddrInet4 | SockaddrInet6
export function fromAddressInfo(info: { path: string }): SockaddrUnix
export function fromAddressInfo(info: AddressLike | { path: string }): SockaddrInet4 | SockaddrInet6 | SockaddrUnix
export function fromAddressInfo(info: AddressLike | { path: string }): SockaddrInet4 | SockaddrInet6 | SockaddrUnix {
  if (info === null || typeof info !== 'object') throw new InvalidAddressError('an address is an object { address, port }')
  if ('path' in info && typeof info.path === 'string') return new SockaddrUnix(info.path)
  const { address, port } = info as AddressLike
  if (typeof address !== 'string') throw new InvalidAddressError('address must be a string')
  checkPort(port)
  const bare = address.split('%')[0]
  if (isIPv4(address)) return new SockaddrInet4(address, port)
  if (isIPv6(bare)) return new SockaddrInet6(address, port, undefined, (info as AddressLike).flowlabel ?? 0)
  throw noDns(address)
}

/** Parses '1.2.3.4:80', '[::1]:80' or '[fe80::1%lo]:80'. */
export function parseSockaddr(text: string): SockaddrInet4 | SockaddrInet6 {
  if (typeof text !== 'string') throw new InvalidAddressError('parseSockaddr takes a string')
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text) ?? /^([^:[\]]+):(\d{1,5})$/.exec(text)
  if (!m) throw new InvalidAddressError(`${JSON.stringify(text)} is not 'host:port' or '[v6]:port'`)
  const port = checkPort(Number(m[2]))
  const host = m[1]
  if (text.startsWith('[')) {
    if (!isIPv6(host.split('%')[0])) throw noDns(host)
    return new SockaddrInet6(host, port)
  }
  if (!isIPv4(host)) throw noDns(host)
  return new SockaddrInet4(host, port)
}

/** Node's `net.SocketAddress` for an IP Sockaddr. */
export function toSocketAddress(sa: SockaddrInet4 | SockaddrInet6): SocketAddress {
  if (!(sa instanceof SockaddrInet4 || sa instanceof SockaddrInet6)) throw invalidArgType('toSocketAddress takes a SockaddrInet4 or SockaddrInet6')
  if (sa instanceof SockaddrInet4) return new SocketAddress({ address: sa.address, port: sa.port, family: 'ipv4' })
  return new SocketAddress({ address: sa.addressWithZone, port: sa.port, family: 'ipv6', flowlabel: sa.flowInfo & 0xfffff })
}

/**
 * Any address argument to a Sockaddr: a Sockaddr itself (used as is, no copy), Node's
 * `{ address, port }`, a `net.SocketAddress`, `{ path }`, or a 'host:port' string.
 */
export function toSockaddr(x: Sockaddr | AddressLike | { path: string } | string): Sockaddr {
  if (isSockaddr(x)) return x
  if (typeof x === 'string') return parseSockaddr(x)
  return fromAddressInfo(x)
}

export { isSockaddr }
