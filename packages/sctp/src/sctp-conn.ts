import { SCTPSocket } from './sctp-socket.js'
import { ipInfoOf } from './ip-info.js'

/**
 * A one-to-one SCTP association (SOCK_STREAM): `read`/`write` move message data
 * like TCP; `sendMsg`/`recvMsg` add stream ids and PPIDs.
 */
export class SCTPConn extends SCTPSocket {
  /** The peer's (primary) address text (undefined if not connected). */
  get remoteAddress(): string | undefined {
    return ipInfoOf(this.remoteAddr())?.address
  }

  /** The peer's port (undefined if not connected). */
  get remotePort(): number | undefined {
    return ipInfoOf(this.remoteAddr())?.port
  }
}
