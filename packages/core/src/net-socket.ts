import { decodeSockaddr, toSockaddr, InvalidAddressError, SockaddrRaw, type AddressLike, type Sockaddr, invalidArgType, invalidArgValue, outOfRange } from '@sock/addr'
import { native, C, scratch } from './native.js'
import { WOULD_BLOCK } from './would-block.js'
import { closedError, deadlineError, errnoError, SockError, ERR_SOCK_WRONG_TYPE } from './errors.js'
import { monotonicNow, toMonotonicDeadline, type DeadlineInput } from './deadline.js'
import { Direction, Poller, type PendingOp } from './poller.js'
import { badSignal, checkByteRange, checkBytes, checkInt, checkSockaddrOut, copyBuffers, restOf } from './args.js'
import { AcceptOp, CallOp, ReadyOp, RecvFromOp, RecvOp, SendToOp, WriteAllOp } from './ops.js'

/** An address argument: a Sockaddr (used as is), Node's `{ address, port }` / `{ path }`, or 'host:port'. */
export type AddressInput = Sockaddr | AddressLike | UnixPathLike | string

/** Node's shape of a Unix socket address. */
export interface UnixPathLike {
  /** The path, '@name' for an abstract name. */
  path: string
}

/** Options of every async call. */
export interface AsyncOptions {
  /** Aborting rejects the call with an AbortError (`code: 'ABORT_ERR'`). */
  signal?: AbortSignal
}

const POLLIN = C.POLLIN
const POLLOUT = C.POLLOUT
const EINPROGRESS = -C.EINPROGRESS
const nameBuf = new Uint8Array(native.layout.sockaddr_storage)
const SHUT: Record<string, number> = { read: C.SHUT_RD, write: C.SHUT_WR, both: C.SHUT_RDWR }
// readv/writev copy the caller's array here first (see copyBuffers), and empty it after the call
const iovs: Uint8Array[] = []
const NO_BYTES = new Uint8Array(0)

/** A connection class: what `acceptFdAsync` makes of an accepted fd (the listener's domain, type and protocol). */
export type ConnClass<T> = new (fd: number, domain: number, type: number, protocol?: number) => T

/** What `shutdown()` stops: 'read' (SHUT_RD), 'write' (SHUT_WR, sends FIN) or 'both' (SHUT_RDWR). */
export type ShutdownHow = 'read' | 'write' | 'both'

/**
 * One socket file descriptor, owned. Every socket is non-blocking and close-on-exec.
 *
 * Synchronous calls return a count or `WOULD_BLOCK` (never throw for EAGAIN); with a
 * deadline set they wait on poll(2) and throw ETIMEDOUT when it passes. Async forms
 * try the syscall first, then wait on the libuv loop, FIFO per direction.
 * After `close()` every call throws ERR_SOCK_CLOSED. A socket dropped without
 * `close()` is closed by a finalizer.
 */
export class NetSocket implements Disposable {
  #fd: number
  #poller: Poller
  #recvOp: RecvOp | undefined
  #acceptOp: AcceptOp<any> | undefined // of the connection class accepted last
  #readDeadline = 0
  #writeDeadline = 0
  #stream: boolean
  #connectStarted = false // a stream's connect(2) succeeded or is in progress
  #blocking = false
  /** AF_* */
  readonly domain: number
  /** SOCK_* */
  readonly type: number
  /** IPPROTO_* (0: the family's default) */
  readonly protocol: number

  /** Takes ownership of `fd`, a socket of the given kind. Prefer `open()` / `adopt()`. */
  constructor(fd: number, domain: number, type: number, protocol = 0) {
    if (!Number.isInteger(fd) || fd < 0) throw outOfRange('fd must be an integer >= 0')
    this.#fd = fd
    this.#poller = new Poller(fd)
    this.domain = domain
    this.type = type
    this.protocol = protocol
    this.#stream = type === C.SOCK_STREAM
  }

  /** socket(2) with SOCK_NONBLOCK | SOCK_CLOEXEC: a generic socket of any (domain, type, protocol). */
  static open<T extends NetSocket>(
    this: new (fd: number, domain: number, type: number, protocol?: number) => T,
    domain: number,
    type: number,
    protocol = 0,
  ): T {
    const fd = native.socket(domain, type, protocol)
    if (fd < 0) throw socketCallError(fd, domain, type, protocol)
    return new this(fd, domain, type, protocol)
  }

  /**
   * Takes ownership of an existing socket fd (inherited, passed, from systemd).
   * Its kind is read with SO_DOMAIN / SO_TYPE / SO_PROTOCOL and checked by the class;
   * O_NONBLOCK is left as it is (it is shared with every holder of the socket):
   * data calls add MSG_DONTWAIT instead.
   */
  static adopt<T extends NetSocket>(this: (new (fd: number, domain: number, type: number, protocol?: number) => T) & { checkKind?(domain: number, type: number, protocol: number): void }, fd: number): T {
    if (!Number.isInteger(fd) || fd < 0) throw outOfRange('fd must be an integer >= 0')
    const domain = readInt(fd, C.SOL_SOCKET, C.SO_DOMAIN, 'adopt')
    const type = readInt(fd, C.SOL_SOCKET, C.SO_TYPE, 'adopt')
    const protocol = readInt(fd, C.SOL_SOCKET, C.SO_PROTOCOL, 'adopt')
    this.checkKind?.(domain, type, protocol)
    const sock = new this(fd, domain, type, protocol)
    const fl = native.fcntl(fd, C.F_GETFL, 0)
    sock.#blocking = fl >= 0 && (fl & C.O_NONBLOCK) === 0
    return sock
  }

  /** The fd, for io_uring or any other mechanism; -1 once closed or detached. */
  get fd(): number {
    return this.#fd
  }

  /** Whether `close()` or `detach()` was called. */
  get closed(): boolean {
    return this.#fd < 0
  }

  /** Closes the fd (after stopping its readiness watch); pending async calls reject with ERR_SOCK_CLOSED. Idempotent. */
  close(): void {
    if (this.#fd < 0) return
    this.#fd = -1
    this.#poller.closeAll()
    this.#poller.handle.close()
  }

  /** `close()`, for `using`. */
  [Symbol.dispose](): void {
    this.close()
  }

  /** `close()`, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close()
  }

  /** Gives up ownership and returns the fd: this object then behaves as closed, and no finalizer closes the fd. */
  detach(): number {
    if (this.#fd < 0) throw closedError('detach')
    this.#fd = -1
    this.#poller.closeAll()
    return this.#poller.handle.detach()
  }

  /** Waiting async calls keep the process alive (the default). */
  ref(): this {
    this.#poller.setRef(true)
    return this
  }

  /** Waiting async calls do not keep the process alive. */
  unref(): this {
    this.#poller.setRef(false)
    return this
  }

  /** The fd, or ERR_SOCK_CLOSED. */
  protected checkFd(syscall: string): number {
    const fd = this.#fd
    if (fd < 0) throw closedError(syscall)
    return fd
  }

  // ---------------------------------------------------------------- deadlines

  /** Read and write deadline: ms since the epoch or a Date; 0 clears. Applies to pending async calls too. */
  setDeadline(t: DeadlineInput): this {
    this.setReadDeadline(t)
    return this.setWriteDeadline(t)
  }

  /** Read deadline: ms since the epoch or a Date; 0 clears. Applies to pending async reads too. */
  setReadDeadline(t: DeadlineInput): this {
    this.checkFd('setReadDeadline')
    this.#readDeadline = toMonotonicDeadline(t)
    this.#poller.setDeadline(Direction.Read, this.#readDeadline)
    return this
  }

  /** Write deadline: ms since the epoch or a Date; 0 clears. Applies to pending async writes too. */
  setWriteDeadline(t: DeadlineInput): this {
    this.checkFd('setWriteDeadline')
    this.#writeDeadline = toMonotonicDeadline(t)
    this.#poller.setDeadline(Direction.Write, this.#writeDeadline)
    return this
  }

  /** Waits with poll(2) until `events` or the deadline (monotonic ms); throws ETIMEDOUT when it has passed. */
  #waitSync(events: number, deadline: number, syscall: string): void {
    const left = deadline - monotonicNow()
    if (left <= 0) throw deadlineError(syscall)
    const r = native.poll(this.#fd, events, pollTimeout(left))
    if (r < 0) throw errnoError(r, 'poll')
  }

  /**
   * For synchronous calls outside this class that got WOULD_BLOCK: false when the
   * direction has no deadline (return WOULD_BLOCK), true after poll(2) reported
   * readiness (try again); throws ETIMEDOUT once the deadline has passed.
   */
  protected waitOrWouldBlock(direction: 'read' | 'write', syscall: string): boolean {
    const deadline = direction === 'read' ? this.#readDeadline : this.#writeDeadline
    if (deadline === 0) return false
    this.#waitSync(direction === 'read' ? POLLIN : POLLOUT, deadline, syscall)
    return true
  }

  /**
   * With a read deadline set and not yet passed, waits on poll(2) for readability
   * before the caller's syscall (which then makes its attempt as usual). For hot
   * loops that know the queue was just drained: it saves the EAGAIN attempt.
   */
  protected pollBeforeRead(): void {
    const deadline = this.#readDeadline
    if (deadline === 0) return
    const left = deadline - monotonicNow()
    if (left <= 0) return
    const r = native.poll(this.#fd, POLLIN, pollTimeout(left))
    if (r < 0) throw errnoError(r, 'poll')
  }

  /**
   * An address argument as a Sockaddr of this socket's family. An all-zero
   * (AF_UNSPEC) or other-family address is an error before any syscall:
   * connect(2) with AF_UNSPEC would "succeed" by disconnecting, and nothing is
   * converted silently (an IPv4 peer of an IPv6 socket is '::ffff:a.b.c.d').
   */
  #sockaddr(addr: AddressInput, syscall: string): Sockaddr {
    const sa = toSockaddr(addr)
    if (sa.domain !== this.domain)
      throw new InvalidAddressError(
        `${syscall}: ${sa.domain === C.AF_UNSPEC ? 'an all-zero (AF_UNSPEC) address' : `${String(sa)} (family ${sa.domain})`} does not fit this socket (family ${this.domain})`,
      )
    return sa
  }

  // ---------------------------------------------------------------- setup

  /** bind(2) */
  bind(addr: AddressInput): this {
    const sa = this.#sockaddr(addr, 'bind') // first: converting it can run the caller's getters
    const fd = this.checkFd('bind')
    const r = native.bind(fd, sa.raw, sa.length)
    if (r < 0) throw errnoError(r, 'bind', sa)
    return this
  }

  /** listen(2); the backlog defaults to 511, as in Node (the kernel caps it at somaxconn). */
  listenRaw(backlog = 511): void {
    const fd = this.checkFd('listen')
    const r = native.listen(fd, backlog)
    if (r < 0) throw errnoError(r, 'listen')
  }

  /** connect(2), non-blocking: true if connected at once, false while in progress (EINPROGRESS is not an error). */
  connectRaw(addr: AddressInput): boolean {
    const sa = this.#sockaddr(addr, 'connect') // first: converting it can run the caller's getters
    const fd = this.checkFd('connect')
    // A second connect(2) on a stream whose first one completed returns 0 whatever
    // address it names (Linux reports the first one's completion): refuse it.
    if (this.#stream && this.#connectStarted) throw errnoError(-C.EISCONN, 'connect', sa)
    const r = native.connect(fd, sa.raw, sa.length)
    if (this.#stream) this.#connectStarted = r === 0 || r === EINPROGRESS
    if (r === 0) return true
    if (r === EINPROGRESS) return false
    throw errnoError(r, 'connect', sa)
  }

  /** shutdown(2): 'read', 'write' or 'both'. */
  shutdown(how: ShutdownHow = 'both'): void {
    const fd = this.checkFd('shutdown')
    const h = typeof how === 'string' && Object.hasOwn(SHUT, how) ? SHUT[how] : undefined
    if (h === undefined) throw invalidArgValue("shutdown takes 'read', 'write' or 'both'")
    const r = native.shutdown(fd, h)
    if (r < 0) throw errnoError(r, 'shutdown')
  }

  /** getsockname(2) as a new Sockaddr (null if unnamed). */
  localAddr(): Sockaddr | null {
    const r = native.getsockname(this.checkFd('getsockname'), nameBuf)
    if (r < 0) throw errnoError(r, 'getsockname')
    return decodeSockaddr(nameBuf, Math.min(r, nameBuf.length))
  }

  /** getpeername(2) as a new Sockaddr; null when not connected. */
  remoteAddr(): Sockaddr | null {
    const r = native.getpeername(this.checkFd('getpeername'), nameBuf)
    if (r === -C.ENOTCONN) return null
    if (r < 0) throw errnoError(r, 'getpeername')
    return decodeSockaddr(nameBuf, Math.min(r, nameBuf.length))
  }

  // ---------------------------------------------------------------- options

  /** getsockopt(2) of an int option. */
  getsockoptInt(level: number, name: number): number {
    return readInt(this.checkFd('getsockopt'), level, name, 'getsockopt')
  }

  /** setsockopt(2) of an int option. */
  setsockoptInt(level: number, name: number, value: number): this {
    const r = native.setsockoptInt(this.checkFd('setsockopt'), level, name, value)
    if (r < 0) throw errnoError(r, 'setsockopt')
    return this
  }

  /** getsockopt(2) into `out`; returns the option's length in bytes. */
  getsockopt(level: number, name: number, out: Uint8Array): number {
    const r = native.getsockopt(this.checkFd('getsockopt'), level, name, out)
    if (r < 0) throw errnoError(r, 'getsockopt')
    return r
  }

  /** setsockopt(2) with raw bytes. */
  setsockopt(level: number, name: number, value: Uint8Array): this {
    const r = native.setsockopt(this.checkFd('setsockopt'), level, name, value, restOf(value, 0))
    if (r < 0) throw errnoError(r, 'setsockopt')
    return this
  }

  /** SO_ERROR: the pending socket error as a positive errno (0: none). Reading it clears it. */
  socketError(): number {
    return this.getsockoptInt(C.SOL_SOCKET, C.SO_ERROR)
  }

  /** SO_RCVBUF in bytes (Linux reports double what was set, for bookkeeping). */
  getRecvBufferSize(): number {
    return this.getsockoptInt(C.SOL_SOCKET, C.SO_RCVBUF)
  }

  /** SO_RCVBUF in bytes, 0..2^31-1 (Linux doubles it, caps it at net.core.rmem_max and raises it to its minimum). */
  setRecvBufferSize(bytes: number): this {
    checkInt(bytes, 0, 0x7fffffff, 'setRecvBufferSize: bytes')
    return this.setsockoptInt(C.SOL_SOCKET, C.SO_RCVBUF, bytes)
  }

  /** SO_SNDBUF in bytes (Linux reports double what was set). */
  getSendBufferSize(): number {
    return this.getsockoptInt(C.SOL_SOCKET, C.SO_SNDBUF)
  }

  /** SO_SNDBUF in bytes, 0..2^31-1 (Linux doubles it, caps it at net.core.wmem_max and raises it to its minimum). */
  setSendBufferSize(bytes: number): this {
    checkInt(bytes, 0, 0x7fffffff, 'setSendBufferSize: bytes')
    return this.setsockoptInt(C.SOL_SOCKET, C.SO_SNDBUF, bytes)
  }

  // ---------------------------------------------------------------- sync I/O

  /**
   * recv(2) into buf[offset, offset+length): a byte count, or WOULD_BLOCK.
   * On a stream 0 means end of stream (so an empty range is a RangeError); on a
   * message socket 0 may be an empty datagram.
   */
  read(buf: Uint8Array, offset = 0, length = restOf(buf, offset)): number {
    const fd = this.#fd
    if (fd < 0) throw closedError('read')
    if (length === 0 && this.#stream) {
      checkByteRange(buf, offset, length, 'read') // a bad buffer or offset is named as such, not as an empty range
      throw outOfRange('read needs a non-empty buffer on a stream (0 means end of stream)')
    }
    for (;;) {
      const n = native.recv(fd, buf, offset, length, 0)
      if (n >= 0) return n
      if (n !== WOULD_BLOCK) throw errnoError(n, 'read')
      if (this.#readDeadline === 0) return WOULD_BLOCK
      this.#waitSync(POLLIN, this.#readDeadline, 'read')
    }
  }

  /** send(2) of buf[offset, offset+length), one syscall: a byte count (possibly short), or WOULD_BLOCK. */
  write(buf: Uint8Array, offset = 0, length = restOf(buf, offset)): number {
    const fd = this.#fd
    if (fd < 0) throw closedError('write')
    for (;;) {
      const n = native.send(fd, buf, offset, length, 0)
      if (n >= 0) return n
      if (n !== WOULD_BLOCK) throw errnoError(n, 'write')
      if (this.#writeDeadline === 0) return WOULD_BLOCK
      this.#waitSync(POLLOUT, this.#writeDeadline, 'write')
    }
  }

  /** recvmsg(2) scattering into several buffers: a byte count, or WOULD_BLOCK. */
  readv(buffers: readonly Uint8Array[]): number {
    const total = copyBuffers(buffers, iovs, 'readv')
    try {
      if (total === 0 && this.#stream) throw outOfRange('readv needs non-empty buffers on a stream (0 means end of stream)')
      const fd = this.#fd
      if (fd < 0) throw closedError('readv')
      for (;;) {
        const n = native.recvmsg(fd, iovs, null, null, 0)
        if (n >= 0) return n
        if (n !== WOULD_BLOCK) throw errnoError(n, 'readv')
        if (this.#readDeadline === 0) return WOULD_BLOCK
        this.#waitSync(POLLIN, this.#readDeadline, 'readv')
      }
    } finally {
      iovs.fill(NO_BYTES)
    }
  }

  /** sendmsg(2) gathering several buffers, one syscall: a byte count, or WOULD_BLOCK. */
  writev(buffers: readonly Uint8Array[]): number {
    copyBuffers(buffers, iovs, 'writev')
    try {
      const fd = this.#fd
      if (fd < 0) throw closedError('writev')
      for (;;) {
        const n = native.sendmsg(fd, iovs, null, 0, null, 0)
        if (n >= 0) return n
        if (n !== WOULD_BLOCK) throw errnoError(n, 'writev')
        if (this.#writeDeadline === 0) return WOULD_BLOCK
        this.#waitSync(POLLOUT, this.#writeDeadline, 'writev')
      }
    } finally {
      iovs.fill(NO_BYTES)
    }
  }

  /**
   * Writes every byte, waiting with poll(2) when the send buffer is full (up to the
   * write deadline if one is set, otherwise as long as it takes: for workers and scripts).
   * A failure carries `bytesWritten`.
   */
  writeAll(buf: Uint8Array, offset = 0, length = restOf(buf, offset)): number {
    const fd = this.checkFd('write')
    checkByteRange(buf, offset, length)
    let done = 0
    while (done < length) {
      const n = native.send(fd, buf, offset + done, length - done, 0)
      if (n >= 0) {
        done += n
        continue
      }
      if (n !== WOULD_BLOCK) throw errnoError(n, 'write', null, { bytesWritten: done })
      try {
        if (this.#writeDeadline === 0) native.poll(fd, POLLOUT, -1)
        else this.#waitSync(POLLOUT, this.#writeDeadline, 'write')
      } catch (err) {
        if (err instanceof SockError) err.bytesWritten = done
        throw err
      }
    }
    return done
  }

  /**
   * recvfrom(2): a byte count or WOULD_BLOCK; the sender is written into `from`
   * (a caller-owned Sockaddr: no allocation).
   */
  recvFrom(buf: Uint8Array, from: Sockaddr | null = null, offset = 0, length = restOf(buf, offset)): number {
    const fd = this.#fd
    if (fd < 0) throw closedError('recvfrom')
    checkSockaddrOut(from)
    for (;;) {
      const n = native.recvfrom(fd, buf, offset, length, 0, from === null ? null : from.raw)
      if (n >= 0) {
        if (from !== null) from.setKernelLength(scratch[0])
        return n
      }
      if (n !== WOULD_BLOCK) throw errnoError(n, 'recvfrom')
      if (this.#readDeadline === 0) return WOULD_BLOCK
      this.#waitSync(POLLIN, this.#readDeadline, 'recvfrom')
    }
  }

  /** sendto(2) to a pre-encoded Sockaddr (or Node's `{ address, port }`): a byte count or WOULD_BLOCK. */
  sendTo(buf: Uint8Array, to: AddressInput, offset = 0, length = restOf(buf, offset)): number {
    const sa = this.#sockaddr(to, 'sendto') // first: converting it can run the caller's getters (which may close this socket)
    const fd = this.#fd
    if (fd < 0) throw closedError('sendto')
    for (;;) {
      const n = native.sendto(fd, buf, offset, length, sa.raw, sa.length)
      if (n >= 0) return n
      if (n !== WOULD_BLOCK) throw errnoError(n, 'sendto', sa)
      if (this.#writeDeadline === 0) return WOULD_BLOCK
      this.#waitSync(POLLOUT, this.#writeDeadline, 'sendto')
    }
  }

  /**
   * accept4(2) on a listening socket of any family (VSOCK, MPTCP, ...): the next
   * connection as a NetSocket of this socket's kind, or null when none is queued
   * (with a read deadline: waits, then ETIMEDOUT). `from` receives the peer's
   * address. The protocol listeners return their own connection classes.
   */
  accept(from: Sockaddr | null = null): NetSocket | null {
    const fd = this.acceptFd(from)
    return fd < 0 ? null : new NetSocket(fd, this.domain, this.type, this.protocol)
  }

  /** `accept()` that waits on the event loop (EMFILE is waited out); honours the read deadline and `options.signal`. */
  acceptAsync(options?: AsyncOptions): Promise<NetSocket> {
    return this.acceptFdAsync(NetSocket, options)
  }

  /** accept4(2): a new fd (non-blocking, close-on-exec) or WOULD_BLOCK; the peer goes into `from`. */
  protected acceptFd(from: Sockaddr | null): number {
    // `from` is checked before accept(2): a connection taken off the queue must never be lost to a bad argument
    checkSockaddrOut(from, 'from')
    if (from !== null && !(from instanceof SockaddrRaw) && from.domain !== this.domain)
      throw invalidArgValue(`from must be an address of the listener's family (${from.constructor.name} given)`)
    const fd = this.#fd
    if (fd < 0) throw closedError('accept')
    for (;;) {
      // An adopted blocking listener: accept only once poll says a connection is queued.
      const n = this.#blocking && native.poll(fd, POLLIN, 0) === 0 ? WOULD_BLOCK : native.accept(fd, from === null ? null : from.raw)
      if (n >= 0) {
        if (from !== null) {
          try {
            from.setKernelLength(scratch[0])
          } catch (err) {
            native.close(n) // never leak the accepted fd
            throw err
          }
        }
        return n
      }
      if (n !== WOULD_BLOCK) throw errnoError(n, 'accept')
      if (this.#readDeadline === 0) return WOULD_BLOCK
      this.#waitSync(POLLIN, this.#readDeadline, 'accept')
    }
  }

  // ---------------------------------------------------------------- async I/O

  /** Queues `call` behind earlier calls in its direction, trying it at once when none wait. */
  protected callAsync<T>(
    direction: 'read' | 'write',
    syscall: string,
    call: () => number,
    done: (n: number) => T,
    options?: AsyncOptions,
  ): Promise<T> {
    if (this.#fd < 0) return Promise.reject(closedError(syscall))
    const bad = badSignal(options)
    if (bad) return Promise.reject(bad)
    return this.#start(direction === 'read' ? Direction.Read : Direction.Write, new CallOp<T>(syscall, call, done), options?.signal)
  }

  /**
   * Tries `op` at once unless others wait ahead of it (or the signal has
   * fired), else queues it; returns its promise, which also carries a bad
   * argument's error (nothing here throws synchronously).
   */
  #start<T>(dir: Direction, op: PendingOp<T>, signal: AbortSignal | undefined): Promise<T> {
    const poller = this.#poller
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
    if (this.#fd < 0) return Promise.reject(closedError(syscall))
    const bad = badSignal(options)
    if (bad) return Promise.reject(bad)
    let deadline: number
    try {
      deadline = toMonotonicDeadline(options?.deadline)
    } catch (err) {
      return Promise.reject(err)
    }
    const op = new ReadyOp(syscall)
    op.deadline = deadline
    this.#poller.enqueue(dir, op, options?.signal)
    return op.promise
  }

  /** Reads into `buf` once data is available: a byte count (0 at end of stream). */
  readAsync(buf: Uint8Array, options?: AsyncOptions): Promise<number> {
    const fd = this.#fd
    if (fd < 0) return Promise.reject(closedError('read'))
    if (!(buf instanceof Uint8Array)) return Promise.reject(invalidArgType('buffer must be a Uint8Array'))
    const bad = badSignal(options)
    if (bad) return Promise.reject(bad)
    if (this.#stream && buf.byteLength === 0) return Promise.reject(outOfRange('readAsync needs a non-empty buffer on a stream'))
    // Nobody ahead of us and data maybe queued: try at once (one syscall, one
    // settled promise); would-block queues the operation without a second attempt.
    // Known not readable (see Poller.mayRead): wait for readiness without trying.
    const signal = options?.signal
    const poller = this.#poller
    if (poller.mayRead && !poller.pending(Direction.Read) && !signal?.aborted) {
      const length = buf.byteLength
      const n = native.recv(fd, buf, 0, length, 0)
      if (n >= 0) {
        // a short read drained a stream's receive queue; a datagram says nothing of the next
        poller.mayRead = !this.#stream || n === length
        return Promise.resolve(n)
      }
      if (n !== WOULD_BLOCK) return Promise.reject(errnoError(n, 'read'))
      poller.mayRead = false
    }
    // one RecvOp per socket, reused while no read waits (it has settled and left the queue then)
    let op = this.#recvOp
    if (poller.pending(Direction.Read)) op = new RecvOp(fd, buf, poller, this.#stream)
    else if (op === undefined) op = this.#recvOp = new RecvOp(fd, buf, poller, this.#stream)
    else op.reuse(fd, buf)
    poller.enqueue(Direction.Read, op, signal)
    return op.promise
  }

  /** Writes every byte of `buf`, waiting as needed; resolves to buf.byteLength. A failure carries `bytesWritten`. */
  writeAsync(buf: Uint8Array, options?: AsyncOptions): Promise<number> {
    const fd = this.#fd
    if (fd < 0) return Promise.reject(closedError('write'))
    if (!(buf instanceof Uint8Array)) return Promise.reject(invalidArgType('buffer must be a Uint8Array'))
    const bad = badSignal(options)
    if (bad) return Promise.reject(bad)
    const signal = options?.signal
    // Fast path: the whole buffer fits the send buffer and nobody is ahead of us.
    if (!this.#poller.pending(Direction.Write) && signal === undefined) {
      const n = native.send(fd, buf, 0, buf.byteLength, 0)
      if (n === buf.byteLength) return Promise.resolve(n)
      if (n < 0 && n !== WOULD_BLOCK) return Promise.reject(errnoError(n, 'write', null, { bytesWritten: 0 }))
      // the send buffer is full: wait for room, without a second attempt now
      const op = new WriteAllOp(fd, buf, n > 0 ? n : 0)
      this.#poller.enqueue(Direction.Write, op, undefined)
      return op.promise
    }
    return this.#start(Direction.Write, new WriteAllOp(fd, buf, 0), signal)
  }

  /** recvfrom(2) once a datagram is available; the sender goes into `from`. */
  recvFromAsync(buf: Uint8Array, from: Sockaddr | null = null, options?: AsyncOptions): Promise<number> {
    const fd = this.#fd
    try {
      if (fd < 0) throw closedError('recvfrom')
      checkBytes(buf)
      checkSockaddrOut(from)
      const bad = badSignal(options)
      if (bad) throw bad
    } catch (err) {
      return Promise.reject(err)
    }
    return this.#start(Direction.Read, new RecvFromOp(fd, buf, from), options?.signal)
  }

  /** sendto(2) once the socket is writable. */
  sendToAsync(buf: Uint8Array, to: AddressInput, options?: AsyncOptions): Promise<number> {
    let sa: Sockaddr
    let fd: number
    try {
      checkBytes(buf)
      sa = this.#sockaddr(to, 'sendto') // the caller's getters run here, before the fd is read
      const bad = badSignal(options)
      if (bad) throw bad
      fd = this.#fd
      if (fd < 0) throw closedError('sendto')
    } catch (err) {
      return Promise.reject(err)
    }
    return this.#start(Direction.Write, new SendToOp(fd, buf, sa), options?.signal)
  }

  /**
   * accept4(2) once a connection is queued, as a `Conn` of this listener's kind.
   * One AcceptOp per listener, reused while no other accept waits.
   */
  protected acceptFdAsync<T>(Conn: ConnClass<T>, options?: AsyncOptions): Promise<T> {
    const fd = this.#fd
    if (fd < 0) return Promise.reject(closedError('accept'))
    const bad = badSignal(options)
    if (bad) return Promise.reject(bad)
    let op = this.#acceptOp as AcceptOp<T> | undefined
    if (this.#poller.pending(Direction.Read)) op = new AcceptOp(fd, this, Conn)
    else if (op === undefined || op.Conn !== Conn) op = this.#acceptOp = new AcceptOp(fd, this, Conn)
    else op.reuse()
    return this.#start(Direction.Read, op, options?.signal)
  }
}

function readInt(fd: number, level: number, name: number, syscall: string): number {
  const r = native.getsockoptInt(fd, level, name)
  if (r < 0) throw errnoError(r, syscall === 'adopt' ? 'getsockopt' : syscall)
  return scratch[0]
}

/** socket(2) failures, with the hint a user needs (a kernel without the protocol). */
function socketCallError(errno: number, domain: number, type: number, protocol: number): SockError {
  const err = errnoError(errno, 'socket')
  if (errno === -C.EPROTONOSUPPORT || errno === -C.ESOCKTNOSUPPORT || errno === -C.EAFNOSUPPORT)
    err.message += `: this kernel does not support socket(${domain}, ${type}, ${protocol})`
  return err
}

/** Throws ERR_SOCK_WRONG_TYPE unless an adopted fd is of the expected kind. */
export function expectKind(what: string, ok: boolean, domain: number, type: number, protocol: number): void {
  if (!ok)
    throw new SockError(`fd is not ${what} (domain ${domain}, type ${type}, protocol ${protocol})`, { code: ERR_SOCK_WRONG_TYPE })
}

/** poll(2)'s timeout for `left` ms: whole ms rounded up, at most INT32_MAX (callers loop until their deadline). */
function pollTimeout(left: number): number {
  return Math.min(Math.ceil(left), 0x7fffffff)
}
