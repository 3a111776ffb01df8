import { AF_INET, AF_INET6, AF_UNIX, L, readFamily } from './layout.js'
import { SockaddrInet4 } from './sockaddr-inet4.js'
import { SockaddrInet6 } from './sockaddr-inet6.js'
import { SockaddrUnix } from './sockaddr-unix.js'
import { SockaddrRaw } from './sockaddr-raw.js'
import type { Sockaddr } from './sockaddr.js'
import { checkKernelLength } from './bytes-arg.js'
import { invalidArgType } from './errors.js'
import { isSockaddr } from './convert.js'

/**
 * A new Sockaddr from kernel bytes (as getsockname/recvfrom return them).
 * Returns null when there is no address (length 0: e.g. a datagram from an unbound unix socket).
 */
export function decodeSockaddr(bytes: Uint8Array, length: number): Sockaddr | null {
  checkKernelLength(bytes, length, 'decodeSockaddr')
  if (length <= L.sa_family_offset) return null
  switch (readFamily(bytes)) {
    case AF_INET:
      return new SockaddrInet4().copyFrom(bytes, length)
    case AF_INET6:
      return new SockaddrInet6().copyFrom(bytes, length)
    case AF_UNIX:
      return new SockaddrUnix().copyFrom(bytes, length)
    default:
      return new SockaddrRaw(bytes, Math.min(length, bytes.length))
  }
}

/** Fills `target` from kernel bytes with no allocation; throws ERR_SOCK_INVALID_ADDRESS if the family differs. */
export function decodeSockaddrInto<T extends Sockaddr>(target: T, bytes: Uint8Array, length: number): T {
  if (!isSockaddr(target)) throw invalidArgType('decodeSockaddrInto: target must be a Sockaddr')
  target.copyFrom(bytes, length)
  return target
}

/** A new, empty Sockaddr of the given family (AF_INET, AF_INET6, AF_UNIX; anything else raw). */
export function newSockaddr(domain: number): Sockaddr {
  switch (domain) {
    case AF_INET:
      return new SockaddrInet4()
    case AF_INET6:
      return new SockaddrInet6()
    case AF_UNIX:
      return new SockaddrUnix()
    default:
      return new SockaddrRaw(new Uint8Array(L.sockaddr_storage), 0)
  }
}
