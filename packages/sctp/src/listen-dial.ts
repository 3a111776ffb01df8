import { constants as C, type AddressInput, type DialOptions, type ListenOptions, type SocketOptions } from '@sock/core'
import { completeDial, configureSocket, inetAddr, networkFamily } from '@sock/core/internal'
import { SockaddrInet4, invalidArgValue, type Sockaddr } from '@sock/addr'
import { S } from './native.js'
import { openSCTP, SCTPSocket } from './sctp-socket.js'
import { SCTPListener } from './sctp-listener.js'
import { SCTPConn } from './sctp-conn.js'
import { SCTPMultiConn } from './sctp-multi-conn.js'

/** 'sctp' (either family), 'sctp4' or 'sctp6'. */
export type SCTPNetwork = 'sctp' | 'sctp4' | 'sctp6'

/** Extra local addresses to bind (multi-homing), with every listen/dial option. */
export interface SCTPOptions extends SocketOptions {
  /** More local addresses (same port) added with sctp_bindx after the first bind. */
  bindx?: AddressInput[]
}

function open<T extends SCTPListener | SCTPConn | SCTPMultiConn>(cls: unknown, v4: boolean, type: number): T {
  const sock = openSCTP<SCTPSocket>(cls as never, v4 ? C.AF_INET : C.AF_INET6, type) as T
  sock.setsockoptInt(S.SOL_SCTP, S.SCTP_RECVRCVINFO, 1)
  return sock
}

function addresses(laddr: AddressInput | readonly AddressInput[] | null | undefined): AddressInput[] {
  if (laddr === null || laddr === undefined) return []
  return Array.isArray(laddr) ? [...laddr] : [laddr as AddressInput]
}

/**
 * A listening one-to-one SCTP socket (SOCK_STREAM). `laddr` may be several
 * addresses (multi-homing: the first is bound, the rest added with bindx).
 */
export function listenSCTP(network: SCTPNetwork, laddr?: AddressInput | readonly AddressInput[] | null, opts?: ListenOptions & SCTPOptions): SCTPListener {
  const family = networkFamily(network, 'sctp')
  const addrs = addresses(laddr)
  const first = inetAddr(addrs[0], family, 'listenSCTP')
  const v4 = first instanceof SockaddrInet4
  const ln = open<SCTPListener>(SCTPListener, v4, C.SOCK_STREAM)
  return configureSocket(ln, opts, v4 ? { reuseAddr: true } : { reuseAddr: true, ipv6Only: family === 6 }, (s) => {
    bindAll(s, first, addrs, opts)
    s.listen(opts?.backlog ?? 511)
  })
}

/** bind(2) to the first address, then sctp_bindx(3) to the others and to `opts.bindx`. */
function bindAll(s: SCTPSocket, first: Sockaddr, addrs: readonly AddressInput[], opts: SCTPOptions | undefined): void {
  s.bind(first)
  const more = [...addrs.slice(1), ...(opts?.bindx ?? [])]
  if (more.length) s.bindx(more)
}

/** `listenSCTP('sctp4', laddr, opts)`. */
export const listenSCTP4 = (laddr?: AddressInput | readonly AddressInput[] | null, opts?: ListenOptions & SCTPOptions): SCTPListener =>
  listenSCTP('sctp4', laddr, opts)
/** `listenSCTP('sctp6', laddr, opts)`. */
export const listenSCTP6 = (laddr?: AddressInput | readonly AddressInput[] | null, opts?: ListenOptions & SCTPOptions): SCTPListener =>
  listenSCTP('sctp6', laddr, opts)

/**
 * A non-blocking one-to-one dial (SOCK_STREAM, as TCP: writes work on it, unlike
 * the Go model's one-to-many dial). Several remote addresses use sctp_connectx.
 */
export function dialSCTP(
  network: SCTPNetwork,
  laddr: AddressInput | readonly AddressInput[] | null | undefined,
  raddr: AddressInput | readonly AddressInput[],
  opts?: SCTPOptions,
): SCTPConn {
  const family = networkFamily(network, 'sctp')
  const remotes = addresses(raddr)
  if (remotes.length === 0) throw invalidArgValue('dialSCTP needs a remote address')
  const first = inetAddr(remotes[0], family, 'dialSCTP')
  const v4 = first instanceof SockaddrInet4
  const conn = open<SCTPConn>(SCTPConn, v4, C.SOCK_STREAM)
  const locals = addresses(laddr)
  return configureSocket(conn, opts, undefined, (s) => {
    // every local address is bound before the INIT goes out: the peer learns them all from it
    if (locals.length) s.bind(inetAddr(locals[0], v4 ? 4 : 6, 'dialSCTP'))
    if (locals.length > 1) s.bindx(locals.slice(1))
    if (remotes.length === 1) s.connectRaw(first)
    else s.connectx(remotes)
  })
}

/** `dialSCTP('sctp4', laddr, raddr, opts)`. */
export const dialSCTP4 = (
  laddr: AddressInput | readonly AddressInput[] | null | undefined,
  raddr: AddressInput | readonly AddressInput[],
  opts?: SCTPOptions,
): SCTPConn => dialSCTP('sctp4', laddr, raddr, opts)
/** `dialSCTP('sctp6', laddr, raddr, opts)`. */
export const dialSCTP6 = (
  laddr: AddressInput | readonly AddressInput[] | null | undefined,
  raddr: AddressInput | readonly AddressInput[],
  opts?: SCTPOptions,
): SCTPConn => dialSCTP('sctp6', laddr, raddr, opts)

/** Dials and resolves once the association is up (ECONNREFUSED, ETIMEDOUT, AbortError otherwise). */
export class SCTPDialer {
  /** The options every dial of this dialer uses (a copy of the constructor's). */
  readonly options: DialOptions & SCTPOptions

  constructor(options: DialOptions & SCTPOptions = {}) {
    this.options = { ...options }
  }

  /** Dials `raddr` (one address, or several of one peer) over 'sctp', 'sctp4' or 'sctp6', from `laddr` if given; resolves once the association is up. */
  dial(
    network: SCTPNetwork,
    laddr: AddressInput | readonly AddressInput[] | null | undefined,
    raddr: AddressInput | readonly AddressInput[],
  ): Promise<SCTPConn> {
    try {
      const conn = dialSCTP(network, laddr, raddr, this.options)
      return completeDial(conn, addresses(raddr)[0], this.options)
    } catch (err) {
      return Promise.reject(err)
    }
  }

  /** `dial('sctp4', laddr, raddr)`. */
  dial4(laddr: AddressInput | null | undefined, raddr: AddressInput | readonly AddressInput[]): Promise<SCTPConn> {
    return this.dial('sctp4', laddr, raddr)
  }

  /** `dial('sctp6', laddr, raddr)`. */
  dial6(laddr: AddressInput | null | undefined, raddr: AddressInput | readonly AddressInput[]): Promise<SCTPConn> {
    return this.dial('sctp6', laddr, raddr)
  }
}

/**
 * A one-to-many SCTP socket (SOCK_SEQPACKET), bound to `laddr` (default: any
 * address, a kernel-chosen port) and listening, so peers can start associations.
 */
export function listenSCTPMulti(
  network: SCTPNetwork,
  laddr?: AddressInput | readonly AddressInput[] | null,
  opts?: ListenOptions & SCTPOptions,
): SCTPMultiConn {
  const family = networkFamily(network, 'sctp')
  const addrs = addresses(laddr)
  const first = inetAddr(addrs[0], family, 'listenSCTPMulti')
  const v4 = first instanceof SockaddrInet4
  const sock = open<SCTPMultiConn>(SCTPMultiConn, v4, C.SOCK_SEQPACKET)
  return configureSocket(sock, opts, v4 ? {} : { ipv6Only: family === 6 }, (s) => {
    bindAll(s, first, addrs, opts)
    s.listen(opts?.backlog ?? 511)
  })
}

/** A one-to-many SCTP socket that is not listening (a client of several peers). */
export function openSCTPMulti(network: 'sctp4' | 'sctp6'): SCTPMultiConn {
  return open<SCTPMultiConn>(SCTPMultiConn, network === 'sctp4', C.SOCK_SEQPACKET)
}
