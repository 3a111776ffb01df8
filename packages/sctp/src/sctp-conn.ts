import { SCTPSocket } from './sctp-socket.js'
import { ipInfoOf } from './ip-info.js'

/**
 * A one-to-one SCTP association (SOCK_STREAM): `read`/`write` move message data
 * like TCP; `sendMsg`/`recvMsg` add stream ids and PPIDs.
 */
export class SCTPConn extends SCTPSocket {
  get remoteAddress(): string | undefined {
    return ipInfoOf(this.remoteAddr())?.address
  }

  get remotePort(): number | undefined {
    return ipInfoOf(this.remoteAddr())?.port
  }
}
