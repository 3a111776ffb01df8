import { toSockaddr, type Sockaddr } from '@sock/addr'
import { C, native } from './native.js'
import { configureSocket, type SocketOptions } from './options.js'
import { errnoError, SockError } from './errors.js'
import { NetSocket, type AddressInput } from './net-socket.js'
import { outOfRange } from '@sock/addr'

/** Options of a dialer: the connect timeout and abort signal, plus socket options applied before connect. */
export interface DialOptions extends SocketOptions {
  /** ms until the dial fails with ETIMEDOUT (`deadlineExceeded: true`); 0 or absent: no timeout. */
  timeout?: number
  /** Aborting rejects the dial with an AbortError and closes the socket. */
  signal?: AbortSignal
}

/**
 * The dialing machinery every protocol shares: options, optional bind to `laddr`,
 * non-blocking connect. Returns at once; the handshake may be in progress (a
 * refusal surfaces on the first read/write). Never reads SO_ERROR: reading
 * clears it, and the first write must still see ECONNREFUSED.
 */
export function startDial<T extends NetSocket>(sock: T, laddr: AddressInput | null | undefined, raddr: Sockaddr, opts?: SocketOptions): T {
  return configureSocket(sock, opts, undefined, (s) => {
    if (laddr !== null && laddr !== undefined) s.bind(laddr)
    s.connectRaw(raddr)
  })
}

/**
 * Waits for a dial started by `startDial` to complete: resolves once connected,
 * rejects with ECONNREFUSED, ETIMEDOUT, ... (and closes the socket) otherwise.
 * A handshake that finished while connect(2) ran (loopback, usually) is seen by
 * one poll(2) and settles without a trip through the event loop; otherwise it
 * waits for writability on the loop, then reads SO_ERROR. `raddr` only names
 * the peer in errors (converted only then).
 */
export function completeDial<T extends NetSocket>(sock: T, raddr: AddressInput, opts?: DialOptions): Promise<T> {
  const timeout = opts?.timeout ?? 0
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout < 0) {
    sock.close()
    return Promise.reject(outOfRange('timeout must be a number of ms >= 0'))
  }
  if (!opts?.signal?.aborted) {
    const revents = native.poll(sock.fd, C.POLLOUT, 0)
    if ((revents & (C.POLLOUT | C.POLLERR | C.POLLHUP)) === C.POLLOUT) return Promise.resolve(sock)
  }
  return waitDial(sock, raddr, timeout, opts?.signal)
}

async function waitDial<T extends NetSocket>(sock: T, raddr: AddressInput, timeout: number, signal: AbortSignal | undefined): Promise<T> {
  try {
    await sock.waitWritable({ deadline: timeout > 0 ? Date.now() + timeout : 0, signal })
    const err = sock.socketError()
    if (err !== 0) throw errnoError(-err, 'connect', toSockaddr(raddr))
    if (sock.remoteAddr() === null) throw errnoError(-C.ENOTCONN, 'connect', toSockaddr(raddr))
    return sock
  } catch (err) {
    sock.close()
    if (err instanceof SockError && err.deadlineExceeded) throw errnoError(-C.ETIMEDOUT, 'connect', toSockaddr(raddr), { deadlineExceeded: true })
    throw err
  }
}
