import { type AsyncOptions } from '@sock/core'
import { acceptIterator, adoptOrClose } from '@sock/core/internal'
import { SCTPSocket } from './sctp-socket.js'
import { SCTPConn } from './sctp-conn.js'

/** A listening one-to-one SCTP socket: each accepted association is an SCTPConn. */
export class SCTPListener extends SCTPSocket implements AsyncIterable<SCTPConn> {
  /** listen(2) with `backlog` (default 511, as Node). */
  listen(backlog = 511): this {
    this.listenRaw(backlog)
    return this
  }

  /** The next association as an SCTPConn, or null (with a read deadline: waits, then ETIMEDOUT). */
  override accept(): SCTPConn | null {
    const fd = this.acceptFd(null)
    return fd < 0 ? null : adoptOrClose(this, fd)
  }

  /** Takes ownership of `fd`, a connection accepted by other means (@sock/uring): a SCTPConn. */
  override adoptAccepted(fd: number): SCTPConn {
    return new SCTPConn(fd, this.domain, this.type, this.protocol)
  }

  /** The next association, waiting on the event loop; honours the read deadline and `options.signal`. */
  override acceptAsync(options?: AsyncOptions): Promise<SCTPConn> {
    return this.acceptFdAsync(SCTPConn, options)
  }

  /** Associations as they arrive (`for await`); ends when the listener closes. */
  [Symbol.asyncIterator](): AsyncIterator<SCTPConn> {
    return acceptIterator(this, () => this.acceptAsync())
  }
}
