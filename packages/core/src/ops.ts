// The pending operations behind the async forms. Each retries its syscall
// when its direction is ready; none allocates per retry. The hot ones (read,
// write) hold their fd and buffer as fields rather than in a closure. An
// operation only runs while its socket is open: closing fails every pending
// one before the fd is closed.
import { PendingOp, PromiseSlot, type Poller } from './poller.js'
import { WOULD_BLOCK } from './would-block.js'
import { errnoError, SockError } from './errors.js'
import { native, scratch, C } from './native.js'
import type { Sockaddr } from '@sock/addr'

/**
 * A buffer detached, transferred or resized while its operation waited: the
 * operation rejects with this before its syscall, so nothing is consumed (a
 * read) or reported as sent (a write) that did not reach the caller's memory.
 */
function bufferChanged(syscall: string, bytesWritten?: number): TypeError {
  const err = new TypeError(`${syscall}: the buffer was detached, transferred or resized while the operation waited`)
  return Object.assign(err, bytesWritten === undefined ? { code: 'ERR_INVALID_STATE' } : { code: 'ERR_INVALID_STATE', bytesWritten })
}

/** Retries `call()` (a byte count, fd, ... or -errno) until it does not would-block. */
export class CallOp<T = number> extends PendingOp<T> {
  constructor(
    syscall: string,
    private readonly call: () => number,
    private readonly done: (n: number) => T,
  ) {
    super(syscall)
  }

  attempt(): boolean {
    const n = this.call()
    if (n === WOULD_BLOCK) return false
    if (n < 0) this.reject(errnoError(n, this.syscall))
    else {
      try {
        this.resolve(this.done(n))
      } catch (err) {
        this.reject(err)
      }
    }
    return true
  }
}

/** How long an accept waits before trying again after EMFILE / ENFILE, in ms. */
export const FD_EXHAUSTED_RETRY_MS = 100
const EMFILE = -C.EMFILE
const ENFILE = -C.ENFILE

/**
 * accept4(2) once a connection is queued: acceptAsync. With no fd left
 * (EMFILE/ENFILE) it neither fails nor spins on the still-readable listener:
 * it backs off and tries again every FD_EXHAUSTED_RETRY_MS, until it accepts
 * or its deadline or signal ends it.
 */
export class AcceptOp<T> extends PendingOp<T> {
  /**
   * `blocking`: an adopted listener without O_NONBLOCK, accepted from only once
   * poll(2) says a connection is queued. With `reusable`: the listener's one
   * reused accept, whose promise is the addon's (slot PromiseSlot.Accept).
   */
  constructor(
    private readonly fd: number,
    private readonly listener: { readonly domain: number; readonly type: number; readonly protocol: number },
    readonly Conn: new (fd: number, domain: number, type: number, protocol?: number) => T,
    private readonly poller: Poller,
    private readonly blocking: boolean,
    reusable = false,
  ) {
    super('accept', poller.handle, reusable ? PromiseSlot.Accept : PromiseSlot.None)
  }

  /** The same operation for the listener's next accept, once this one settled and left its queue. */
  reuse(): this {
    this.renew()
    return this
  }

  attempt(): boolean {
    const n = acceptNow(this.fd, this.blocking)
    if (n === WOULD_BLOCK) return false
    if (fdsExhausted(n)) {
      this.backoff = FD_EXHAUSTED_RETRY_MS
      return false
    }
    if (n < 0) return (this.reject(errnoError(n, this.syscall)), true)
    this.poller.mayRead = true // connections arrive in bursts: the next accept tries at once
    let conn: T
    try {
      conn = acceptedConn(this.Conn, n, this.listener)
    } catch (err) {
      return (this.reject(err), true)
    }
    this.resolve(conn)
    return true
  }
}

/** `listener.adoptAccepted(fd)` (its connection class for an accepted fd); the fd is closed if that throws (never leaked). */
export function adoptOrClose<T>(listener: { adoptAccepted(fd: number): T }, fd: number): T {
  try {
    return listener.adoptAccepted(fd)
  } catch (err) {
    native.close(fd)
    throw err
  }
}

/** `Conn` for an accepted fd, of the listener's kind; the fd is closed if that throws (never leaked). */
export function acceptedConn<T>(
  Conn: new (fd: number, domain: number, type: number, protocol?: number) => T,
  fd: number,
  listener: { readonly domain: number; readonly type: number; readonly protocol: number },
): T {
  try {
    return new Conn(fd, listener.domain, listener.type, listener.protocol)
  } catch (err) {
    native.close(fd)
    throw err
  }
}

/**
 * accept4(2) without waiting: an fd, WOULD_BLOCK or -errno. A `blocking` listener
 * (adopted without O_NONBLOCK, where accept4 would block the thread) is asked
 * with poll(2) first.
 */
export function acceptNow(fd: number, blocking: boolean, from: Uint8Array | null = null): number {
  return blocking && native.poll(fd, C.POLLIN, 0) === 0 ? WOULD_BLOCK : native.accept(fd, from)
}

/** Whether an accept failed for want of an fd (EMFILE / ENFILE): worth retrying later, not an error. */
export function fdsExhausted(n: number): boolean {
  return n === EMFILE || n === ENFILE
}

/**
 * A full read of at least this many bytes suggests a stream in flight, so the next
 * read tries at once; a full read of a smaller buffer is usually a framed read that
 * took exactly what the peer sent, so the next one waits for readiness.
 */
export const STREAMING_READ_BYTES = 16 * 1024

/** recv(2) into `buf` once data is there: readAsync. A socket reuses one (see `reuse`). */
export class RecvOp extends PendingOp<number> {
  private size: number // buf.byteLength when the read was asked for
  /** Into buf[offset, offset + length). `reusable`: the socket's one reused read, whose promise is the addon's (slot PromiseSlot.Read). */
  constructor(
    private fd: number,
    private buf: Uint8Array,
    private offset: number,
    private length: number,
    private readonly poller: Poller,
    private readonly stream: boolean,
    reusable = false,
  ) {
    super('read', poller.handle, reusable ? PromiseSlot.Read : PromiseSlot.None)
    this.size = buf.byteLength
  }

  /** The same operation for the next read, once this one settled and left its queue. */
  reuse(fd: number, buf: Uint8Array, offset: number, length: number): this {
    this.fd = fd
    this.buf = buf
    this.offset = offset
    this.length = length
    this.size = buf.byteLength
    this.renew()
    return this
  }

  attempt(): boolean {
    if (this.buf.byteLength !== this.size) return (this.reject(bufferChanged(this.syscall)), true)
    // the reused read: one call reads and resolves its promise (Handle.recv)
    const handle = this.slotHandle
    const n = handle !== null ? handle.recv(PromiseSlot.Read, this.buf, this.offset, this.length) : native.recv(this.fd, this.buf, this.offset, this.length, 0)
    if (n === WOULD_BLOCK) return false
    if (n < 0) this.reject(errnoError(n, this.syscall))
    else {
      if (this.stream && n === this.length && n >= STREAMING_READ_BYTES) this.poller.mayRead = true
      if (handle === null) this.resolve(n)
    }
    return true
  }
}

/** recvfrom(2) into `buf` once a datagram is there, the sender into `from`: recvFromAsync. */
export class RecvFromOp extends PendingOp<number> {
  private readonly size: number // buf.byteLength when the receive was asked for
  /** Into buf[offset, offset + length). */
  constructor(
    private readonly fd: number,
    private readonly buf: Uint8Array,
    private readonly offset: number,
    private readonly length: number,
    private readonly from: Sockaddr | null,
  ) {
    super('recvfrom')
    this.size = buf.byteLength
  }

  attempt(): boolean {
    if (this.buf.byteLength !== this.size) return (this.reject(bufferChanged(this.syscall)), true)
    const from = this.from
    const n = native.recvfrom(this.fd, this.buf, this.offset, this.length, 0, from === null ? null : from.raw)
    if (n === WOULD_BLOCK) return false
    if (n < 0) return (this.reject(errnoError(n, this.syscall)), true)
    try {
      if (from !== null) from.setKernelLength(scratch[0])
      this.resolve(n)
    } catch (err) {
      this.reject(err) // an address of another family than `from`
    }
    return true
  }
}

/** sendto(2) of `buf` to a pre-encoded address once the socket is writable: sendToAsync. */
export class SendToOp extends PendingOp<number> {
  private readonly size: number // buf.byteLength when the send was asked for
  /** buf[offset, offset + length). */
  constructor(
    private readonly fd: number,
    private readonly buf: Uint8Array,
    private readonly offset: number,
    private readonly length: number,
    private readonly to: Sockaddr,
  ) {
    super('sendto')
    this.size = buf.byteLength
  }

  attempt(): boolean {
    if (this.buf.byteLength !== this.size) return (this.reject(bufferChanged(this.syscall)), true)
    const n = native.sendto(this.fd, this.buf, this.offset, this.length, this.to.raw, this.to.length)
    if (n === WOULD_BLOCK) return false
    if (n < 0) this.reject(errnoError(n, this.syscall, this.to))
    else this.resolve(n)
    return true
  }
}

/** Resolves as soon as its direction is ready (waitReadable/waitWritable, dial completion). */
export class ReadyOp extends PendingOp<void> {
  attempt(): boolean {
    this.resolve()
    return true
  }
}

/** send(2)s every byte of `buf[offset, offset + length)`, across as many ready events as it takes; a failure carries `bytesWritten`. */
export class WriteAllOp extends PendingOp<number> {
  private readonly size: number // buf.byteLength when the write was asked for
  constructor(
    private readonly fd: number,
    private readonly buf: Uint8Array,
    private readonly offset: number,
    private readonly length: number,
    public written: number,
  ) {
    super('write')
    this.size = buf.byteLength
  }

  attempt(): boolean {
    const length = this.length
    if (this.buf.byteLength !== this.size) return (this.reject(bufferChanged(this.syscall, this.written)), true)
    while (this.written < length) {
      const n = native.send(this.fd, this.buf, this.offset + this.written, length - this.written, 0)
      if (n === WOULD_BLOCK) return false
      if (n < 0) {
        this.reject(errnoError(n, this.syscall, null, { bytesWritten: this.written }))
        return true
      }
      this.written += n
    }
    this.resolve(this.written)
    return true
  }

  override fail(err: unknown): void {
    if (err instanceof SockError) err.bytesWritten = this.written
    this.reject(err)
  }
}
