import { InvalidAddressError, SockaddrInet4, SockaddrInet6, toSockaddr, invalidArgType, invalidArgValue, describeValue } from '@sock/addr'
import type { AddressInput } from './net-socket.js'

/** An IP version: 4 or 6. */
export type Family = 4 | 6

/** An IP address argument as a Sockaddr of the required family (4, 6, or either); never silently converted. */
export function inetAddr(x: AddressInput | null | undefined, family: Family | 0, what: string): SockaddrInet4 | SockaddrInet6 {
  if (x === null || x === undefined) {
    if (family === 4) return new SockaddrInet4('0.0.0.0', 0)
    return new SockaddrInet6('::', 0)
  }
  const sa = toSockaddr(x)
  if (sa instanceof SockaddrInet4) {
    if (family === 6) throw new InvalidAddressError(`${what}: ${sa} is an IPv4 address; this call needs IPv6`)
    return sa
  }
  if (sa instanceof SockaddrInet6) {
    if (family === 4) throw new InvalidAddressError(`${what}: ${sa} is an IPv6 address; this call needs IPv4`)
    return sa
  }
  throw new InvalidAddressError(`${what}: ${describeValue(sa)} is not an IP address`)
}

/** The remote address of a dial: like inetAddr, but there is no default (a missing one is an error, never 0.0.0.0:0). */
export function remoteInetAddr(x: AddressInput | null | undefined, family: Family | 0, what: string): SockaddrInet4 | SockaddrInet6 {
  if (x === null || x === undefined) throw invalidArgType(`${what} needs a remote address`)
  return inetAddr(x, family, what)
}

/** The family a 'tcp' / 'tcp4' / 'tcp6' network name asks for (0: decided by the address). */
export function networkFamily(network: string, prefix: string): Family | 0 {
  if (network === prefix) return 0
  if (network === `${prefix}4`) return 4
  if (network === `${prefix}6`) return 6
  throw invalidArgValue(`unknown network ${describeValue(network)}: use '${prefix}', '${prefix}4' or '${prefix}6'`)
}
