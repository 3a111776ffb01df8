import { type AsyncOptions } from '@sock/core'
import { acceptIterator, adoptOrClose } from '@sock/core/internal'
import { UnixSocket } from './unix-socket.js'
import { UnixConn } from './unix-conn.js'

/**
 * A listening Unix stream ('unix') or seqpacket ('unixpacket') socket.
 * Async-iterable. `close()` removes the socket file its `bind` created (as
 * node:net does), and only if the file at that path is still that one.
 */
export class UnixListener extends UnixSocket implements AsyncIterable<UnixConn> {
  /** listen(2); backlog default 511. */
  listen(backlog = 511): this {
    this.listenRaw(backlog)
    return this
  }

  /** The next connection or null (with a read deadline: waits, then ETIMEDOUT). */
  override accept(): UnixConn | null {
    const fd = this.acceptFd(null)
    return fd < 0 ? null : adoptOrClose(this, fd)
  }

  /** Takes ownership of `fd`, a connection accepted by other means (@sock/uring): a UnixConn. */
  override adoptAccepted(fd: number): UnixConn {
    return new UnixConn(fd, this.domain, this.type, this.protocol)
  }

  /** The next connection, waiting on the event loop; honours the read deadline and `options.signal`. */
  override acceptAsync(options?: AsyncOptions): Promise<UnixConn> {
    return this.acceptFdAsync(UnixConn, options)
  }

  /** Connections as they arrive (`for await`); ends when the listener closes. EMFILE waits and retries. */
  [Symbol.asyncIterator](): AsyncIterator<UnixConn> {
    return acceptIterator(this, () => this.acceptAsync())
  }
}
