import { constants as C, type UnixPathLike } from '@sock/core'
import { InvalidAddressError, SockaddrUnix, isSockaddr, type Sockaddr, invalidArgValue, describeValue } from '@sock/addr'

/** Go's network names for the three Unix socket kinds. */
export type UnixNetwork = 'unix' | 'unixgram' | 'unixpacket'

/** A unix address argument: a path string ('@name' abstract, '' autobind), Node's `{ path }`, or a SockaddrUnix. */
export type UnixAddressInput = string | UnixPathLike | SockaddrUnix

/** SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET for a network name. */
export function socketType(network: UnixNetwork): number {
  switch (network) {
    case 'unix':
      return C.SOCK_STREAM
    case 'unixgram':
      return C.SOCK_DGRAM
    case 'unixpacket':
      return C.SOCK_SEQPACKET
    default:
      throw invalidArgValue(`unknown network ${describeValue(network)}: use 'unix', 'unixgram' or 'unixpacket'`)
  }
}

export function networkOf(type: number): UnixNetwork {
  return type === C.SOCK_STREAM ? 'unix' : type === C.SOCK_DGRAM ? 'unixgram' : 'unixpacket'
}

export function unixAddr(x: UnixAddressInput | Sockaddr): SockaddrUnix {
  if (x instanceof SockaddrUnix) return x
  if (typeof x === 'string') return new SockaddrUnix(x)
  if (isSockaddr(x)) throw new InvalidAddressError(`${String(x)} is not a unix address`)
  if (x !== null && typeof x === 'object' && typeof (x as { path?: unknown }).path === 'string') return new SockaddrUnix((x as { path: string }).path)
  throw new InvalidAddressError('a unix address is a path string, { path }, or a SockaddrUnix')
}
