import type { AddressInput } from '@sock/core'
import { UnixSocket } from './unix-socket.js'
import { unixAddr, type UnixAddressInput } from './network.js'

/**
 * A Unix connection: a connected stream or seqpacket socket, or a datagram
 * socket (bound, connected, or neither). Datagram and seqpacket reads return 0
 * for an empty record and never latch end of stream.
 */
export class UnixConn extends UnixSocket {
  /**
   * connect(2), non-blocking, for the step-by-step path: true when connected. A
   * unix stream connect completes at once or fails; a full listen backlog gives
   * EAGAIN (not EINPROGRESS).
   */
  connect(raddr: UnixAddressInput | AddressInput): boolean {
    return this.connectRaw(unixAddr(raddr as UnixAddressInput))
  }
}
