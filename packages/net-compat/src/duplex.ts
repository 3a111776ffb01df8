import { Duplex } from 'node:stream'
import { type NetSocket } from '@sock/core'
import { checkInt } from '@sock/core/internal'
import { checkStreamConn } from './stream-conn.js'
import type { AddressInfo, Sockaddr } from '@sock/addr'
import { setLinger } from '@sock/opts'

/** What toDuplex needs: a connected stream socket (TCPConn, UnixConn of 'unix', SCTPConn). */
export type StreamConn = NetSocket & {
  /** TCP_NODELAY, where the connection has it (`SockDuplex.setNoDelay` calls it). */
  setNoDelay?(noDelay?: boolean): unknown
  /** SO_KEEPALIVE and its idle time, where the connection has them (`SockDuplex.setKeepAlive` calls it). */
  setKeepAlive?(enable?: boolean, initialDelay?: number): unknown
}

/** `address()` of a Unix connection: `{ path }` (absent for an unnamed socket). */
export interface UnixAddressInfo {
  /** The path, '@name' for an abstract name. */
  path?: string
}

/** Options of {@link toDuplex} and the {@link SockDuplex} constructor. */
export interface DuplexOptions {
  /** Keep the writable side open after the peer ends (net.Socket's option; default false). */
  allowHalfOpen?: boolean
  /** Bytes per read (default 64 KiB). */
  readSize?: number
  /** Readable high-water mark in bytes. */
  highWaterMark?: number
}

function info(sa: Sockaddr | null): Partial<AddressInfo> & UnixAddressInfo {
  if (!sa) return {}
  if (sa.family === 'IPv4' || sa.family === 'IPv6') return sa.toAddressInfo()
  if (sa.family === 'unix') return { path: sa.path }
  return {}
}

/**
 * A `stream.Duplex` over a sock stream connection, with the `net.Socket`
 * properties and events code expects: backpressure both ways, half-close
 * (`end()` shuts down the write side), `setNoDelay`, `setKeepAlive`,
 * `setTimeout` / 'timeout', `address()`, `remoteAddress`..., `bytesRead`,
 * `bytesWritten`, `ref`/`unref`. Usable as `http.request({ createConnection })`,
 * in `server.emit('connection', duplex)` and as `tls.connect({ socket })`.
 * The Duplex owns the connection: destroying it closes the socket.
 */
export class SockDuplex extends Duplex {
  /** The connection this stream reads and writes (owned: destroying the stream closes it). */
  readonly conn: StreamConn
  /** Bytes read from the connection so far (net.Socket's `bytesRead`). */
  bytesRead = 0
  #bytesWritten = 0
  readonly #readSize: number
  #reading = false
  #timeoutMs = 0
  #timer: ReturnType<typeof setTimeout> | undefined
  #hadError = false

  /** 'close' carries `hadError`, as net.Socket's does. */
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'close' && args.length === 0) return super.emit('close', this.#hadError)
    return super.emit(event, ...args)
  }

  /** net.Socket compatibility: never "connecting" (the connection is made). */
  readonly connecting = false

  constructor(conn: StreamConn, options: DuplexOptions = {}) {
    checkStreamConn(conn, 'toDuplex')
    const readSize = options?.readSize ?? 65536
    checkInt(readSize, 1, 0x7fffffff, 'readSize')
    super({ allowHalfOpen: options?.allowHalfOpen ?? false, highWaterMark: options?.highWaterMark, emitClose: true, autoDestroy: true })
    this.conn = conn
    this.#readSize = readSize
  }

  /** Bytes written to the connection so far (net.Socket's `bytesWritten`). */
  get bytesWritten(): number {
    return this.#bytesWritten
  }

  /** stream.Duplex plumbing: reads up to `readSize` bytes with `readAsync` and pushes them. */
  override _read(): void {
    if (this.#reading) return
    this.#reading = true
    void this.#pump()
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        const buf = Buffer.allocUnsafe(this.#readSize)
        const n = await this.conn.readAsync(buf)
        this.#activity()
        if (n === 0) {
          this.#reading = false
          this.push(null)
          return
        }
        this.bytesRead += n
        if (!this.push(n === buf.length ? buf : buf.subarray(0, n))) break // backpressure: wait for _read
      }
      this.#reading = false
    } catch (err) {
      this.#reading = false
      if (!this.destroyed) this.destroy(err as Error)
    }
  }

  /** stream.Duplex plumbing: writes a chunk with `writeAsync` (all of it). */
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.conn.writeAsync(chunk).then(
      (n) => {
        this.#bytesWritten += n
        this.#activity()
        callback()
      },
      (err) => callback(err),
    )
  }

  /** stream.Duplex plumbing: writes buffered chunks as one `writeAsync`. */
  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this._write(Buffer.concat(chunks.map((c) => c.chunk)), 'binary', callback)
  }

  /** stream.Duplex plumbing: `end()` shuts down the write side (FIN). */
  override _final(callback: (error?: Error | null) => void): void {
    try {
      if (!this.conn.closed) this.conn.shutdown('write')
      callback()
    } catch (err) {
      callback(err as Error)
    }
  }

  /** stream.Duplex plumbing: closes the connection. */
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#hadError = error !== null && error !== undefined
    if (this.#timer) clearTimeout(this.#timer)
    this.conn.close()
    callback(error)
  }

  /** TCP_NODELAY (a no-op for sockets without it, as net.Socket on a pipe). */
  setNoDelay(noDelay = true): this {
    if (!this.conn.closed) this.conn.setNoDelay?.(noDelay)
    return this
  }

  /** SO_KEEPALIVE and TCP_KEEPIDLE, as net.Socket. */
  setKeepAlive(enable = false, initialDelay = 0): this {
    if (!this.conn.closed) this.conn.setKeepAlive?.(enable, initialDelay)
    return this
  }

  /** Emits 'timeout' after `ms` of inactivity (nothing is closed: as net.Socket). 0 disables. */
  setTimeout(ms: number, callback?: () => void): this {
    this.#timeoutMs = ms
    if (callback && ms === 0) this.off('timeout', callback)
    else if (callback) this.once('timeout', callback)
    this.#activity()
    return this
  }

  /** The inactivity timeout set by `setTimeout`, in ms (undefined: none). */
  get timeout(): number | undefined {
    return this.#timeoutMs || undefined
  }

  #activity(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    if (this.#timeoutMs > 0 && !this.destroyed) {
      this.#timer = setTimeout(() => this.emit('timeout'), this.#timeoutMs)
      this.#timer.unref()
    }
  }

  /** Lets pending reads and writes keep the event loop alive (the default). */
  ref(): this {
    this.conn.ref()
    return this
  }

  /** Lets the process exit while reads or writes are pending. */
  unref(): this {
    this.conn.unref()
    return this
  }

  /** The local address, as net.Socket's `address()` (`{}` once closed). */
  address(): AddressInfo | UnixAddressInfo {
    return this.conn.closed ? {} : info(this.conn.localAddr())
  }

  /** The peer's IP address (undefined for Unix connections and once closed). */
  get remoteAddress(): string | undefined {
    return this.conn.closed ? undefined : info(this.conn.remoteAddr()).address
  }

  /** The peer's port. */
  get remotePort(): number | undefined {
    return this.conn.closed ? undefined : info(this.conn.remoteAddr()).port
  }

  /** The peer's family, 'IPv4' or 'IPv6'. */
  get remoteFamily(): string | undefined {
    return this.conn.closed ? undefined : info(this.conn.remoteAddr()).family
  }

  /** The local IP address. */
  get localAddress(): string | undefined {
    return this.conn.closed ? undefined : info(this.conn.localAddr()).address
  }

  /** The local port. */
  get localPort(): number | undefined {
    return this.conn.closed ? undefined : info(this.conn.localAddr()).port
  }

  /** Always false: the connection is made before the stream exists. */
  get pending(): boolean {
    return false
  }

  /** net.Socket's `readyState`: 'open', 'readOnly', 'writeOnly' or 'closed'. */
  get readyState(): 'open' | 'readOnly' | 'writeOnly' | 'closed' {
    if (this.destroyed) return 'closed'
    if (this.readable && this.writable) return 'open'
    return this.readable ? 'readOnly' : this.writable ? 'writeOnly' : 'closed'
  }

  /** net.Socket's destroySoon: end, then destroy once written. */
  destroySoon(): void {
    if (this.writable) this.end()
    if (this.writableFinished) this.destroy()
    else this.once('finish', () => this.destroy())
  }

  /** net.Socket's resetAndDestroy: SO_LINGER {1, 0}, then close (the peer sees a reset). */
  resetAndDestroy(): this {
    if (!this.conn.closed) {
      try {
        setLinger(this.conn, 0)
      } catch {
        // not every socket has SO_LINGER: close plainly
      }
    }
    return this.destroy()
  }
}

/** A net.Socket-like `stream.Duplex` over a sock stream connection. */
export function toDuplex(conn: StreamConn, options?: DuplexOptions): SockDuplex {
  return new SockDuplex(conn, options)
}
