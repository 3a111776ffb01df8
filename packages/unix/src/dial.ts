import { constants as C, type SocketOptions } from '@sock/core'
import { configureSocket, errnoError, monotonicNow } from '@sock/core/internal'
import { UnixConn } from './unix-conn.js'
import { unixAddr, type UnixAddressInput, type UnixNetwork } from './network.js'

/**
 * Connects a unix socket of any kind to `raddr` (a path, '@name'); `laddr`, if
 * given, binds the local end first (for datagram replies). A unix connect
 * completes at once; a stream listener with a full backlog gives EAGAIN.
 */
export function dialUnix(network: UnixNetwork, laddr: UnixAddressInput | null | undefined, raddr: UnixAddressInput, opts?: SocketOptions): UnixConn {
  const ra = unixAddr(raddr)
  return configureSocket(UnixConn.openUnix(network), opts, undefined, (conn) => {
    if (laddr !== null && laddr !== undefined) conn.bind(unixAddr(laddr))
    conn.connect(ra)
  })
}

/** Options of UnixDialer. */
export interface UnixDialOptions extends SocketOptions {
  /** ms to keep retrying a full backlog (EAGAIN) before failing with ETIMEDOUT; 0: fail at once. */
  timeout?: number
  /** Aborts the dial (and its retries) with an AbortError. */
  signal?: AbortSignal
}

/** How often a dialer retries a full backlog, in ms (there is no readiness to wait on). */
const BACKLOG_RETRY_MS = 5

/** Dials, retrying EAGAIN (a listener whose backlog is full) until the timeout. */
export class UnixDialer {
  /** The options every dial of this dialer uses (a copy of the constructor's). */
  readonly options: UnixDialOptions

  constructor(options: UnixDialOptions = {}) {
    this.options = { ...options }
  }

  /** Dials `raddr` ('unix', 'unixgram' or 'unixpacket'), from `laddr` if given; resolves once connected. */
  async dial(network: UnixNetwork, laddr: UnixAddressInput | null | undefined, raddr: UnixAddressInput): Promise<UnixConn> {
    const { timeout = 0, signal } = this.options
    const end = monotonicNow() + timeout
    for (;;) {
      signal?.throwIfAborted()
      try {
        return dialUnix(network, laddr, raddr, this.options)
      } catch (err) {
        if ((err as { code?: string }).code !== 'EAGAIN' || timeout <= 0) throw err
        if (monotonicNow() >= end) throw errnoError(-C.ETIMEDOUT, 'connect', unixAddr(raddr), { deadlineExceeded: true })
        await new Promise((r) => setTimeout(r, Math.min(BACKLOG_RETRY_MS, Math.max(0, end - monotonicNow()))))
      }
    }
  }
}
