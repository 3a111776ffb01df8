import { acceptIterator, type AsyncOptions } from '@sock/core'
import { SCTPSocket } from './sctp-socket.js'
import { SCTPConn } from './sctp-conn.js'

/** A listening one-to-one SCTP socket: each accepted association is an SCTPConn. */
export class SCTPListener extends SCTPSocket implements AsyncIterable<SCTPConn> {
  listen(backlog = 511): this {
    this.listenRaw(backlog)
    return this
  }

  accept(): SCTPConn | null {
    const fd = this.acceptFd(null)
    return fd < 0 ? null : new SCTPConn(fd, this.domain, this.type, this.protocol)
  }

  acceptAsync(options?: AsyncOptions): Promise<SCTPConn> {
    return this.acceptFdAsync((fd) => new SCTPConn(fd, this.domain, this.type, this.protocol), options)
  }

  [Symbol.asyncIterator](): AsyncIterator<SCTPConn> {
    return acceptIterator(this, () => this.acceptAsync())
  }
}
