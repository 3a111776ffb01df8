import type { AddressInput } from '@sock/core'
import { TCPSocket, ipInfo } from './tcp-socket.js'

/**
 * A TCP connection. `read`/`write` are one syscall each and return a byte count
 * or WOULD_BLOCK; `readAsync`/`writeAsync` wait on the libuv loop; with a
 * deadline set the synchronous calls wait on poll(2) and throw ETIMEDOUT.
 */
export class TCPConn extends TCPSocket {
  /**
   * connect(2), non-blocking, for the step-by-step path (`TCPConn.open4()`, options,
   * `bind()`, `connect()`): true if connected at once, false while the handshake runs.
   */
  connect(raddr: AddressInput): boolean {
    return this.connectRaw(raddr)
  }

  /** The peer's address text (undefined if not connected). */
  get remoteAddress(): string | undefined {
    return ipInfo(this.remoteAddr())?.address
  }

  /** The peer's port (undefined if not connected). */
  get remotePort(): number | undefined {
    return ipInfo(this.remoteAddr())?.port
  }

  /** The peer's family, 'IPv4' or 'IPv6' (undefined if not connected). */
  get remoteFamily(): string | undefined {
    return ipInfo(this.remoteAddr())?.family
  }
}
