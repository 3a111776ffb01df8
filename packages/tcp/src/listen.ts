import { type AddressInput, type ListenOptions } from '@sock/core'
import { configureSocket, inetAddr, networkFamily } from '@sock/core/internal'
import { SockaddrInet4 } from '@sock/addr'
import { TCPListener } from './tcp-listener.js'

/**
 * A listening TCP socket on `laddr` (default: any address, a kernel-chosen port).
 * SO_REUSEADDR is on unless `reuseAddr: false`. 'tcp' with no address listens on
 * '::' dual-stack (IPV6_V6ONLY explicitly off); an IPv4 address gives an IPv4
 * socket. 'tcp6' is IPv6-only unless `ipv6Only: false`.
 */
export function listenTCP(network: 'tcp' | 'tcp4' | 'tcp6', laddr?: AddressInput | null, opts?: ListenOptions): TCPListener {
  const family = networkFamily(network, 'tcp')
  const sa = inetAddr(laddr, family, 'listenTCP')
  const v4 = sa instanceof SockaddrInet4
  const ln = v4 ? TCPListener.open4() : TCPListener.open6()
  return configureSocket(ln, opts, v4 ? { reuseAddr: true } : { reuseAddr: true, ipv6Only: family === 6 }, (s) => {
    s.bind(sa)
    s.listen(opts?.backlog ?? 511)
  })
}

/** listenTCP('tcp4', laddr): IPv4 only; an IPv6 address is an error, never 0.0.0.0. */
export function listenTCP4(laddr?: AddressInput | null, opts?: ListenOptions): TCPListener {
  return listenTCP('tcp4', laddr, opts)
}

/** listenTCP('tcp6', laddr): IPv6, IPV6_V6ONLY on unless `ipv6Only: false`. */
export function listenTCP6(laddr?: AddressInput | null, opts?: ListenOptions): TCPListener {
  return listenTCP('tcp6', laddr, opts)
}
