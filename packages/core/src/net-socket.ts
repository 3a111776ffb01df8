// NetSocket, the socket every protocol class extends: BaseSocket (lifetime,
// deadlines, setup, options), SyncSocket (synchronous I/O), and here the async
// forms, which wait for readiness on the libuv loop through the socket's Poller.
import { type Sockaddr, invalidArgType, outOfRange } from '@sock/addr'
import { native } from './native.js'
import { WOULD_BLOCK } from './would-block.js'
import { closedError, errnoError } from './errors.js'
import { toMonotonicDeadline, type DeadlineInput } from './deadline.js'
import { Direction, type PendingOp } from './poller.js'
import { badSignalValue, checkByteRange, checkBytes, checkSockaddrOut, restOf, signalOf } from './args.js'
import { AcceptOp, CallOp, ReadyOp, RecvFromOp, RecvOp, SendToOp, WriteAllOp, acceptNow, acceptedConn, adoptOrClose, fdsExhausted } from './ops.js'
import { state, type AddressInput } from './base-socket.js'
import { SyncSocket } from './sync-socket.js'

export { type AddressInput, type UnixPathLike, type ShutdownHow } from './base-socket.js'

/** Options of every async call. */
export interface AsyncOptions {
  /** Aborting rejects the call with an AbortError (`code: 'ABORT_ERR'`). */
  signal?: AbortSignal
}

// What rangeArgs read from a (buf, options?) or (buf, offset, length?, options?) call: module
// state rather than an object per call (the hot reads and writes allocate nothing for it).
// The caller copies them at once, before anything else can run, and takes argSignal with
// takeSignal (which clears it), so no signal is kept alive here.
let argOffset = 0
let argLength = 0
let argSignal: AbortSignal | undefined

/** argSignal, cleared. */
function takeSignal(): AbortSignal | undefined {
  const signal = argSignal
  argSignal = undefined
  return signal
}

/** Whether an async data call's arguments after `buf` (and the address) are the ranged form `(offset, length?, options?)`. */
function ranged(a: unknown, b: unknown, c: unknown): boolean {
  return typeof a === 'number' || b !== undefined || c !== undefined
}

/**
 * Reads the async data calls' two forms into argOffset, argLength and argSignal: `(buf,
 * options?)` is all of `buf`; with an offset, a length or one more argument it is `(buf, offset =
 * 0, length = rest of buf, options?)`, the range checked. The options' `signal` is read first and
 * once: a getter runs before the buffer's size is taken (it may resize it) and cannot answer
 * differently later, and if it calls another socket's readAsync, the module state is written
 * only after it returned. Returns the error of a bad range or signal (null if none); `buf` is a
 * Uint8Array already. The caller reads the fd after this, so a getter that closes the socket
 * leaves nothing to reach its old fd number.
 */
function rangeArgs(buf: Uint8Array, a: unknown, b: unknown, c: unknown, what: string): Error | null {
  const isRanged = ranged(a, b, c)
  const signal = ((isRanged ? c : a) as AsyncOptions | null | undefined)?.signal
  const bad = badSignalValue(signal)
  if (bad !== null) return bad
  let offset = 0
  let length: number
  if (isRanged) {
    const o = a === undefined ? 0 : a
    const l = b === undefined ? restOf(buf, o) : b
    try {
      checkByteRange(buf, o, l, what)
    } catch (err) {
      return err as Error
    }
    offset = o as number
    length = l as number
  } else length = buf.byteLength
  argOffset = offset
  argLength = length
  argSignal = signal
  return null
}

/** A connection class: what `acceptFdAsync` makes of an accepted fd (the listener's domain, type and protocol). */
export type ConnClass<T> = new (fd: number, domain: number, type: number, protocol?: number) => T

/**
 * One socket file descriptor, owned. Every socket is non-blocking and close-on-exec.
 *
 * Synchronous calls return a count or `WOULD_BLOCK` (never throw for EAGAIN); with a
 * deadline set they wait on poll(2) and throw ETIMEDOUT when it passes. Async forms
 * try the syscall first, then wait on the libuv loop, FIFO per direction.
 * After `close()` every call throws ERR_SOCK_CLOSED. A socket dropped without
 * `close()` is closed by a finalizer.
 */
export class NetSocket extends SyncSocket {
  #recvOp: RecvOp | undefined
  #acceptOp: AcceptOp<any> | undefined // of the connection class accepted last

  /**
   * accept4(2) on a listening socket of any family (VSOCK, MPTCP, ...): the next
   * connection as a NetSocket of this socket's kind, or null when none is queued
   * (with a read deadline: waits, then ETIMEDOUT). `from` receives the peer's
   * address. The protocol listeners return their own connection classes.
   */
  accept(from: Sockaddr | null = null): NetSocket | null {
    const fd = this.acceptFd(from)
    return fd < 0 ? null : adoptOrClose(this, fd)
  }

  /**
   * Takes ownership of `fd`, a connection this listener accepted by other means
   * (@sock/uring's multishot accept): an object of the class `accept()` returns.
   */
  adoptAccepted(fd: number): NetSocket {
    return new NetSocket(fd, this.domain, this.type, this.protocol)
  }

  /** `accept()` that waits on the event loop (EMFILE is waited out); honours the read deadline and `options.signal`. */
  acceptAsync(options?: AsyncOptions): Promise<NetSocket> {
    return this.acceptFdAsync(NetSocket, options)
  }

  /** Queues `call` behind earlier calls in its direction, trying it at once when none wait. */
  protected callAsync<T>(direction: 'read' | 'write', syscall: string, call: () => number, done: (n: number) => T, options?: AsyncOptions): Promise<T> {
    let signal: AbortSignal | undefined
    try {
      signal = signalOf(options) // the caller's getter runs before the fd is looked at
    } catch (err) {
      return Promise.reject(err)
    }
    if (state.fd(this) < 0) return Promise.reject(closedError(syscall))
    return this.#start(direction === 'read' ? Direction.Read : Direction.Write, new CallOp<T>(syscall, call, done), signal)
  }

  /**
   * Tries `op` at once unless others wait ahead of it (or the signal has
   * fired), else queues it; returns its promise, which also carries a bad
   * argument's error (nothing here throws synchronously).
   */
  #start<T>(dir: Direction, op: PendingOp<T>, signal: AbortSignal | undefined): Promise<T> {
    const poller = state.poller(this)
    try {
      // a read known to find nothing (Poller.mayRead) waits for readiness without trying
      const tryNow = !poller.pending(dir) && !signal?.aborted && (dir === Direction.Write || poller.mayRead)
      if (!tryNow || !op.attempt()) {
        if (tryNow && dir === Direction.Read) poller.mayRead = false
        poller.enqueue(dir, op, signal)
      }
    } catch (err) {
      op.fail(err)
    }
    return op.promise
  }

  /** Waits until the socket is readable (or has an error / hang-up). For users driving their own I/O. */
  waitReadable(options?: AsyncOptions & { deadline?: DeadlineInput }): Promise<void> {
    return this.#waitReady(Direction.Read, 'poll', options)
  }

  /** Waits until the socket is writable (or has an error). */
  waitWritable(options?: AsyncOptions & { deadline?: DeadlineInput }): Promise<void> {
    return this.#waitReady(Direction.Write, 'poll', options)
  }

  #waitReady(dir: Direction, syscall: string, options?: AsyncOptions & { deadline?: DeadlineInput }): Promise<void> {
    let signal: AbortSignal | undefined
    let deadline: number
    try {
      signal = signalOf(options) // the caller's getters run before the fd is looked at
      deadline = toMonotonicDeadline(options?.deadline)
    } catch (err) {
      return Promise.reject(err)
    }
    if (state.fd(this) < 0) return Promise.reject(closedError(syscall))
    const op = new ReadyOp(syscall)
    op.deadline = deadline
    state.poller(this).enqueue(dir, op, signal)
    return op.promise
  }

  /**
   * Reads into `buf` once data is available: a byte count (0 at end of stream). With an offset
   * (and length), into `buf[offset, offset + length)`: no view of the buffer to allocate.
   */
  readAsync(buf: Uint8Array, options?: AsyncOptions): Promise<number>
  readAsync(buf: Uint8Array, offset: number, length?: number, options?: AsyncOptions): Promise<number>
  readAsync(buf: Uint8Array, offsetOrOptions?: number | AsyncOptions, lengthArg?: number, optionsArg?: AsyncOptions): Promise<number> {
    if (!(buf instanceof Uint8Array)) return Promise.reject(invalidArgType('buffer must be a Uint8Array'))
    const bad = rangeArgs(buf, offsetOrOptions, lengthArg, optionsArg, 'readAsync')
    if (bad) return Promise.reject(bad)
    const offset = argOffset
    const length = argLength
    const signal = takeSignal()
    const fd = state.fd(this) // after the caller's getters (rangeArgs)
    if (fd < 0) return Promise.reject(closedError('read'))
    if (state.stream(this) && length === 0) return Promise.reject(outOfRange('readAsync needs a non-empty range on a stream (0 means end of stream)'))
    // Nobody ahead of us and data maybe queued: try at once (one syscall, one
    // settled promise); would-block queues the operation without a second attempt.
    // Known not readable (see Poller.mayRead): wait for readiness without trying.
    const poller = state.poller(this)
    if (poller.mayRead && !poller.pending(Direction.Read) && !signal?.aborted) {
      const n = native.recv(fd, buf, offset, length, 0)
      if (n >= 0) {
        // a short read drained a stream's receive queue; a datagram says nothing of the next
        poller.mayRead = !state.stream(this) || n === length
        return Promise.resolve(n)
      }
      if (n !== WOULD_BLOCK) return Promise.reject(errnoError(n, 'read'))
      poller.mayRead = false
    }
    // one RecvOp per socket, reused while no read waits (it has settled and left the queue then)
    let op = this.#recvOp
    if (poller.pending(Direction.Read)) op = new RecvOp(fd, buf, offset, length, poller, state.stream(this))
    else if (op === undefined) op = this.#recvOp = new RecvOp(fd, buf, offset, length, poller, state.stream(this), true)
    else op.reuse(fd, buf, offset, length)
    poller.enqueue(Direction.Read, op, signal)
    return op.promise
  }

  /**
   * Writes every byte of `buf`, waiting as needed; resolves to the count written (all of them).
   * With an offset (and length), `buf[offset, offset + length)`: no view of the buffer to
   * allocate. A failure carries `bytesWritten`.
   */
  writeAsync(buf: Uint8Array, options?: AsyncOptions): Promise<number>
  writeAsync(buf: Uint8Array, offset: number, length?: number, options?: AsyncOptions): Promise<number>
  writeAsync(buf: Uint8Array, offsetOrOptions?: number | AsyncOptions, lengthArg?: number, optionsArg?: AsyncOptions): Promise<number> {
    if (!(buf instanceof Uint8Array)) return Promise.reject(invalidArgType('buffer must be a Uint8Array'))
    const bad = rangeArgs(buf, offsetOrOptions, lengthArg, optionsArg, 'writeAsync')
    if (bad) return Promise.reject(bad)
    const offset = argOffset
    const length = argLength
    const signal = takeSignal()
    const fd = state.fd(this) // after the caller's getters (rangeArgs)
    if (fd < 0) return Promise.reject(closedError('write'))
    // Fast path: the whole range fits the send buffer and nobody is ahead of us.
    if (!state.poller(this).pending(Direction.Write) && signal === undefined) {
      const n = native.send(fd, buf, offset, length, 0)
      if (n === length) return Promise.resolve(n)
      if (n < 0 && n !== WOULD_BLOCK) return Promise.reject(errnoError(n, 'write', null, { bytesWritten: 0 }))
      // the send buffer is full: wait for room, without a second attempt now
      const op = new WriteAllOp(fd, buf, offset, length, n > 0 ? n : 0)
      state.poller(this).enqueue(Direction.Write, op, undefined)
      return op.promise
    }
    return this.#start(Direction.Write, new WriteAllOp(fd, buf, offset, length, 0), signal)
  }

  /**
   * recvfrom(2) once a datagram is available: its length (cut to the buffer's); the sender goes
   * into `from`. With an offset (and length), into `buf[offset, offset + length)`.
   */
  recvFromAsync(buf: Uint8Array, from?: Sockaddr | null, options?: AsyncOptions): Promise<number>
  recvFromAsync(buf: Uint8Array, from: Sockaddr | null, offset: number, length?: number, options?: AsyncOptions): Promise<number>
  recvFromAsync(
    buf: Uint8Array,
    from: Sockaddr | null = null,
    offsetOrOptions?: number | AsyncOptions,
    lengthArg?: number,
    optionsArg?: AsyncOptions,
  ): Promise<number> {
    try {
      checkBytes(buf)
      checkSockaddrOut(from)
      const bad = rangeArgs(buf, offsetOrOptions, lengthArg, optionsArg, 'recvFromAsync')
      if (bad) throw bad
    } catch (err) {
      return Promise.reject(err)
    }
    const offset = argOffset
    const length = argLength
    const signal = takeSignal()
    const fd = state.fd(this) // after the caller's getters (rangeArgs)
    if (fd < 0) return Promise.reject(closedError('recvfrom'))
    return this.#start(Direction.Read, new RecvFromOp(fd, buf, offset, length, from), signal)
  }

  /** sendto(2) once the socket is writable. With an offset (and length), `buf[offset, offset + length)`. */
  sendToAsync(buf: Uint8Array, to: AddressInput, options?: AsyncOptions): Promise<number>
  sendToAsync(buf: Uint8Array, to: AddressInput, offset: number, length?: number, options?: AsyncOptions): Promise<number>
  sendToAsync(buf: Uint8Array, to: AddressInput, offsetOrOptions?: number | AsyncOptions, lengthArg?: number, optionsArg?: AsyncOptions): Promise<number> {
    let sa: Sockaddr
    try {
      checkBytes(buf)
      sa = state.sockaddr(this, to, 'sendto') // the caller's getters run here and in rangeArgs, before the fd is read
      const bad = rangeArgs(buf, offsetOrOptions, lengthArg, optionsArg, 'sendToAsync')
      if (bad) throw bad
    } catch (err) {
      return Promise.reject(err)
    }
    const offset = argOffset
    const length = argLength
    const signal = takeSignal()
    const fd = state.fd(this) // after the caller's getters (the address and rangeArgs)
    if (fd < 0) return Promise.reject(closedError('sendto'))
    return this.#start(Direction.Write, new SendToOp(fd, buf, offset, length, sa), signal)
  }

  /**
   * accept4(2) once a connection is queued, as a `Conn` of this listener's kind.
   * One AcceptOp per listener, reused while no other accept waits.
   */
  protected acceptFdAsync<T>(Conn: ConnClass<T>, options?: AsyncOptions): Promise<T> {
    let signal: AbortSignal | undefined
    try {
      signal = signalOf(options) // the caller's getter runs before the fd is looked at
    } catch (err) {
      return Promise.reject(err)
    }
    const fd = state.fd(this)
    if (fd < 0) return Promise.reject(closedError('accept'))
    const poller = state.poller(this)
    const blocking = state.blocking(this)
    // Nobody ahead of us and a connection maybe queued: accept at once (one
    // syscall, one settled promise); would-block waits without a second attempt.
    if (poller.mayRead && !poller.pending(Direction.Read) && !signal?.aborted) {
      const n = acceptNow(fd, blocking)
      if (n >= 0) {
        try {
          return Promise.resolve(acceptedConn(Conn, n, this))
        } catch (err) {
          return Promise.reject(err)
        }
      }
      if (n === WOULD_BLOCK) poller.mayRead = false
      else if (!fdsExhausted(n)) return Promise.reject(errnoError(n, 'accept'))
      // EMFILE / ENFILE: the operation's first attempt backs off
    }
    // one AcceptOp per listener, reused while no other accept waits
    let op = this.#acceptOp as AcceptOp<T> | undefined
    if (poller.pending(Direction.Read)) op = new AcceptOp(fd, this, Conn, poller, blocking)
    else if (op === undefined || op.Conn !== Conn) op = this.#acceptOp = new AcceptOp(fd, this, Conn, poller, blocking, true)
    else op.reuse()
    return this.#start(Direction.Read, op, signal)
  }
}
