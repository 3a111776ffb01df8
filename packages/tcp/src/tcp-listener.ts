import { type AsyncOptions } from '@sock/core'
import { acceptIterator, adoptOrClose } from '@sock/core/internal'
import type { Sockaddr } from '@sock/addr'
import { TCPSocket } from './tcp-socket.js'
import { TCPConn } from './tcp-conn.js'

/** A listening TCP socket. Async-iterable: `for await (const conn of listener)`. */
export class TCPListener extends TCPSocket implements AsyncIterable<TCPConn> {
  /** listen(2), for the step-by-step path (`TCPListener.open4()`, options, `bind()`, `listen()`); backlog default 511. */
  listen(backlog = 511): this {
    this.listenRaw(backlog)
    return this
  }

  /**
   * accept4(2): the next connection, or null when none is queued (or, with a read
   * deadline set, waits on poll(2) and throws ETIMEDOUT). `from`, if given,
   * receives the peer's address without allocation.
   */
  override accept(from: Sockaddr | null = null): TCPConn | null {
    const fd = this.acceptFd(from)
    return fd < 0 ? null : adoptOrClose(this, fd)
  }

  /** Takes ownership of `fd`, a connection accepted by other means (@sock/uring): a TCPConn. */
  override adoptAccepted(fd: number): TCPConn {
    return new TCPConn(fd, this.domain, this.type, this.protocol)
  }

  /** The next connection, waiting on the libuv loop. */
  override acceptAsync(options?: AsyncOptions): Promise<TCPConn> {
    return this.acceptFdAsync(TCPConn, options)
  }

  /** Connections until the listener is closed. EMFILE/ENFILE wait 100 ms and accept again. */
  [Symbol.asyncIterator](): AsyncIterator<TCPConn> {
    return acceptIterator(this, () => this.acceptAsync())
  }
}
