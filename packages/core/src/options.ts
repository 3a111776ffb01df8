import { invalidArgType } from '@sock/addr'
import { C } from './native.js'
import type { NetSocket } from './net-socket.js'

/**
 * Configuration applied between socket() and bind()/connect() (Go's
 * ListenConfig.Control). Every listen and dial function takes these.
 */
export interface SocketOptions {
  /** SO_REUSEADDR (on by default for TCP listeners, as in Node and Go; off for UDP). */
  reuseAddr?: boolean
  /** SO_REUSEPORT: several sockets share one port, the kernel balancing between them. Opt-in. */
  reusePort?: boolean
  /** IPV6_V6ONLY for IPv6 sockets (a listen on '::' is dual-stack unless this is true). */
  ipv6Only?: boolean
  /** SO_BINDTODEVICE: an interface name ('lo'); needs CAP_NET_RAW. */
  bindToDevice?: string
  /** SO_MARK: the fwmark for routing and netfilter; needs CAP_NET_ADMIN. */
  mark?: number
  /** IP_FREEBIND / IPV6_FREEBIND: bind to an address not (yet) on this host. */
  freebind?: boolean
  /** SO_RCVBUF in bytes. */
  recvBufferSize?: number
  /** SO_SNDBUF in bytes. */
  sendBufferSize?: number
  /** Runs last, after socket() and the options above, before bind()/connect(). */
  control?: (sock: NetSocket) => void
}

export interface ListenOptions extends SocketOptions {
  /** listen(2) backlog; default 511 as in Node (capped by net.core.somaxconn). */
  backlog?: number
}

const encoder = new TextEncoder()

/**
 * The one setup sequence of every listen and dial: the socket options (the
 * caller's over the protocol's `defaults`), then `steps` (bind, listen or
 * connect); on any failure the socket is closed before the error propagates,
 * so a half-configured socket never leaks its fd. Returns the socket.
 */
export function configureSocket<T extends NetSocket>(
  sock: T,
  opts: SocketOptions | undefined,
  defaults: SocketOptions | undefined,
  steps: (sock: T) => void,
): T {
  try {
    applySocketOptions(sock, opts, defaults)
    steps(sock)
    return sock
  } catch (err) {
    sock.close()
    throw err
  }
}

/** Applies `opts` to a fresh socket; `defaults` are the protocol's (e.g. reuseAddr for TCP listeners). */
export function applySocketOptions(sock: NetSocket, opts: SocketOptions | undefined, defaults: SocketOptions = {}): void {
  const o = { ...defaults, ...opts }
  const on = (b: boolean | undefined) => (b ? 1 : 0)
  if (o.reuseAddr !== undefined) sock.setsockoptInt(C.SOL_SOCKET, C.SO_REUSEADDR, on(o.reuseAddr))
  if (o.reusePort !== undefined) sock.setsockoptInt(C.SOL_SOCKET, C.SO_REUSEPORT, on(o.reusePort))
  if (o.ipv6Only !== undefined && sock.domain === C.AF_INET6) sock.setsockoptInt(C.IPPROTO_IPV6, C.IPV6_V6ONLY, on(o.ipv6Only))
  if (o.bindToDevice !== undefined) sock.setsockopt(C.SOL_SOCKET, C.SO_BINDTODEVICE, encoder.encode(o.bindToDevice))
  if (o.mark !== undefined) sock.setsockoptInt(C.SOL_SOCKET, C.SO_MARK, o.mark)
  if (o.freebind !== undefined) {
    if (sock.domain === C.AF_INET6) sock.setsockoptInt(C.IPPROTO_IPV6, C.IPV6_FREEBIND, on(o.freebind))
    else sock.setsockoptInt(C.IPPROTO_IP, C.IP_FREEBIND, on(o.freebind))
  }
  if (o.recvBufferSize !== undefined) sock.setRecvBufferSize(o.recvBufferSize)
  if (o.sendBufferSize !== undefined) sock.setSendBufferSize(o.sendBufferSize)
  if (o.control !== undefined) {
    if (typeof o.control !== 'function') throw invalidArgType('options.control must be a function (sock) => void')
    o.control(sock)
  }
}
