import { type AddressInput, type DialOptions, type SocketOptions } from '@sock/core'
import { completeDial, startDial, inetAddr, remoteInetAddr, networkFamily } from '@sock/core/internal'
import { SockaddrInet4 } from '@sock/addr'
import { TCPConn } from './tcp-conn.js'

/**
 * A non-blocking dial: returns at once with the handshake possibly in progress;
 * a refusal surfaces on the first read/write (ECONNREFUSED). `laddr` binds the
 * local end first (null: the kernel chooses).
 */
export function dialTCP(network: 'tcp' | 'tcp4' | 'tcp6', laddr: AddressInput | null | undefined, raddr: AddressInput, opts?: SocketOptions): TCPConn {
  const family = networkFamily(network, 'tcp')
  const ra = remoteInetAddr(raddr, family, 'dialTCP')
  const la = laddr === null || laddr === undefined ? null : inetAddr(laddr, ra instanceof SockaddrInet4 ? 4 : 6, 'dialTCP')
  const conn = ra instanceof SockaddrInet4 ? TCPConn.open4() : TCPConn.open6()
  return startDial(conn, la, ra, opts)
}

/** dialTCP('tcp4', ...) */
export function dialTCP4(laddr: AddressInput | null | undefined, raddr: AddressInput, opts?: SocketOptions): TCPConn {
  return dialTCP('tcp4', laddr, raddr, opts)
}

/** dialTCP('tcp6', ...) */
export function dialTCP6(laddr: AddressInput | null | undefined, raddr: AddressInput, opts?: SocketOptions): TCPConn {
  return dialTCP('tcp6', laddr, raddr, opts)
}

/**
 * Dials and resolves once connected (readiness, then SO_ERROR): rejects with
 * ECONNREFUSED, or ETIMEDOUT (`deadlineExceeded: true`) after `timeout` ms, or an
 * AbortError. With no timeout it waits as long as the kernel does.
 */
export class TCPDialer {
  /** The options every dial of this dialer uses (a copy of the constructor's). */
  readonly options: DialOptions

  constructor(options: DialOptions = {}) {
    this.options = { ...options }
  }

  /** Dials `raddr` over 'tcp' (either family), 'tcp4' or 'tcp6', from `laddr` if given; resolves once connected. */
  dial(network: 'tcp' | 'tcp4' | 'tcp6', laddr: AddressInput | null | undefined, raddr: AddressInput): Promise<TCPConn> {
    try {
      const conn = dialTCP(network, laddr, raddr, this.options)
      return completeDial(conn, raddr, this.options)
    } catch (err) {
      return Promise.reject(err)
    }
  }

  /** `dial('tcp4', laddr, raddr)`. */
  dial4(laddr: AddressInput | null | undefined, raddr: AddressInput): Promise<TCPConn> {
    return this.dial('tcp4', laddr, raddr)
  }

  /** `dial('tcp6', laddr, raddr)`. */
  dial6(laddr: AddressInput | null | undefined, raddr: AddressInput): Promise<TCPConn> {
    return this.dial('tcp6', laddr, raddr)
  }
}
