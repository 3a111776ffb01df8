import { lstatSync, unlinkSync } from 'node:fs'
import { acceptIterator, type AsyncOptions } from '@sock/core'
import { SockaddrUnix } from '@sock/addr'
import { UnixSocket } from './unix-socket.js'
import { UnixConn } from './unix-conn.js'

/**
 * A listening Unix stream ('unix') or seqpacket ('unixpacket') socket.
 * Async-iterable. `close()` removes the socket file its `bind` created (as
 * node:net does), and only if the file at that path is still that one.
 */
export class UnixListener extends UnixSocket implements AsyncIterable<UnixConn> {
  #owned: { path: string; dev: number; ino: number } | null = null

  /** bind(2), remembering the file it creates so that close() can remove exactly that file. */
  override bind(addr: Parameters<UnixSocket['bind']>[0]): this {
    super.bind(addr)
    const sa = this.localAddr() as SockaddrUnix | null
    if (sa && !sa.isAbstract() && !sa.isUnnamed()) {
      const st = lstatSync(sa.path)
      this.#owned = { path: sa.path, dev: st.dev, ino: st.ino }
    }
    return this
  }

  /** listen(2); backlog default 511. */
  listen(backlog = 511): this {
    this.listenRaw(backlog)
    return this
  }

  /** The next connection or null (with a read deadline: waits, then ETIMEDOUT). */
  accept(): UnixConn | null {
    const fd = this.acceptFd(null)
    return fd < 0 ? null : new UnixConn(fd, this.domain, this.type, this.protocol)
  }

  /** The next connection, waiting on the event loop; honours the read deadline and `options.signal`. */
  acceptAsync(options?: AsyncOptions): Promise<UnixConn> {
    return this.acceptFdAsync((fd) => new UnixConn(fd, this.domain, this.type, this.protocol), options)
  }

  /** Connections as they arrive (`for await`); ends when the listener closes. EMFILE waits and retries. */
  [Symbol.asyncIterator](): AsyncIterator<UnixConn> {
    return acceptIterator(this, () => this.acceptAsync())
  }

  /** Closes the socket, then unlinks its socket file if the file there is still the one bind created. */
  override close(): void {
    if (this.closed) return
    super.close()
    const owned = this.#owned
    this.#owned = null
    if (!owned) return
    try {
      const st = lstatSync(owned.path)
      if (st.dev === owned.dev && st.ino === owned.ino) unlinkSync(owned.path)
    } catch {
      // already gone: nothing to remove
    }
  }
}
