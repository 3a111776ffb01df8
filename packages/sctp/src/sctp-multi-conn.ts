import { SCTPSocket } from './sctp-socket.js'

/**
 * A one-to-many SCTP socket (SOCK_SEQPACKET): one socket, many associations.
 * Send with `sendMsg(data, { to })` (an association starts implicitly) or
 * `{ assocId }`; receive with `recvMsg(buf, info)`, where `info.assocId` and
 * `info.from` say which association a message belongs to.
 */
export class SCTPMultiConn extends SCTPSocket {
  /** listen(2): accept new associations (a one-to-many server). */
  listen(backlog = 511): this {
    this.listenRaw(backlog)
    return this
  }
}
