// The first layer of NetSocket (base-socket.ts -> sync-socket.ts -> net-socket.ts):
// ownership of the fd and its readiness handle, deadlines, setup (bind, listen,
// connect, shutdown, names) and socket options. The I/O layers read its private
// state through `state`, which the package does not export.
import { decodeSockaddr, toSockaddr, InvalidAddressError, type Sockaddr, invalidArgType, invalidArgValue, outOfRange } from '@sock/addr'
import type { AddressInput, ShutdownHow } from './address-input.js'
import { native, C, scratch } from './native.js'
import { closedError, deadlineError, errnoError, socketCallError } from './errors.js'
import { monotonicNow, toMonotonicDeadline, type DeadlineInput } from './deadline.js'
import { Direction, Poller } from './poller.js'
import { restOf } from './args.js'
import { OPTION, checkOptionValue, getIntOption, setIntOption, type IntOption } from './socket-options.js'

export type { AddressInput, UnixPathLike, ShutdownHow } from './address-input.js'

const POLLIN = C.POLLIN
const POLLOUT = C.POLLOUT
const EINPROGRESS = -C.EINPROGRESS
const nameBuf = new Uint8Array(native.layout.sockaddr_storage)
const SHUT: Record<string, number> = { read: C.SHUT_RD, write: C.SHUT_WR, both: C.SHUT_RDWR }

/** The private state of a BaseSocket, for the I/O layers of this package only (set by BaseSocket's static block). */
export const state = {} as {
  fd(s: BaseSocket): number
  poller(s: BaseSocket): Poller
  readDeadline(s: BaseSocket): number
  writeDeadline(s: BaseSocket): number
  stream(s: BaseSocket): boolean
  blocking(s: BaseSocket): boolean
  waitSync(s: BaseSocket, events: number, deadline: number, syscall: string): void
  sockaddr(s: BaseSocket, addr: AddressInput, syscall: string): Sockaddr
  setCloseHook(s: BaseSocket, hook: ((fd: number) => void) | null): void
}

/**
 * One socket file descriptor, owned: its lifetime, deadlines, setup and options.
 * `NetSocket` adds the synchronous (`SyncSocket`) and asynchronous I/O on top;
 * use `NetSocket` (or a protocol package's class), not this layer, directly.
 */
export class BaseSocket implements Disposable {
  #fd: number
  #poller: Poller
  #closeHook: ((fd: number) => void) | null = null // runs before the fd is closed or detached (@sock/uring cancels its requests)
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
  static open<T extends BaseSocket>(
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
  static adopt<T extends BaseSocket>(
    this: (new (fd: number, domain: number, type: number, protocol?: number) => T) & { checkKind?(domain: number, type: number, protocol: number): void },
    fd: number,
  ): T {
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
    try {
      this.#release()
    } finally {
      this.#poller.release(true)
    }
  }

  // What close() and detach() share: the fd is forgotten, the close hook runs, the waiters are rejected.
  #release(): void {
    const fd = this.#fd
    const hook = this.#closeHook
    this.#fd = -1
    this.#closeHook = null
    try {
      hook?.(fd)
    } finally {
      this.#poller.closeAll()
    }
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
    this.#release()
    return this.#poller.release(false)
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

  /** getsockopt(2) of one of the options implemented once in socket-options.ts. */
  protected getOption(o: IntOption): number {
    return getIntOption(this.checkFd('getsockopt'), o)
  }

  /** setsockopt(2) of one of the options implemented once in socket-options.ts (its range checked first). */
  protected setOption(o: IntOption, value: number): this {
    checkOptionValue(o, value)
    setIntOption(this.checkFd('setsockopt'), o, value)
    return this
  }

  /** SO_RCVBUF in bytes (Linux reports double what was set, for bookkeeping). */
  getRecvBufferSize(): number {
    return this.getOption(OPTION.SO_RCVBUF)
  }

  /** SO_RCVBUF in bytes, 0..2^31-1 (Linux doubles it, caps it at net.core.rmem_max and raises it to its minimum). */
  setRecvBufferSize(bytes: number): this {
    return this.setOption(OPTION.SO_RCVBUF, bytes)
  }

  /** SO_SNDBUF in bytes (Linux reports double what was set). */
  getSendBufferSize(): number {
    return this.getOption(OPTION.SO_SNDBUF)
  }

  /** SO_SNDBUF in bytes, 0..2^31-1 (Linux doubles it, caps it at net.core.wmem_max and raises it to its minimum). */
  setSendBufferSize(bytes: number): this {
    return this.setOption(OPTION.SO_SNDBUF, bytes)
  }

  static {
    Object.assign(state, {
      fd: (s: BaseSocket) => s.#fd,
      poller: (s: BaseSocket) => s.#poller,
      readDeadline: (s: BaseSocket) => s.#readDeadline,
      writeDeadline: (s: BaseSocket) => s.#writeDeadline,
      stream: (s: BaseSocket) => s.#stream,
      blocking: (s: BaseSocket) => s.#blocking,
      waitSync: (s: BaseSocket, events: number, deadline: number, syscall: string) => s.#waitSync(events, deadline, syscall),
      sockaddr: (s: BaseSocket, addr: AddressInput, syscall: string) => s.#sockaddr(addr, syscall),
      setCloseHook: (s: BaseSocket, hook: ((fd: number) => void) | null) => {
        s.#closeHook = hook
      },
    })
  }
}

function readInt(fd: number, level: number, name: number, syscall: string): number {
  const r = native.getsockoptInt(fd, level, name)
  if (r < 0) throw errnoError(r, syscall === 'adopt' ? 'getsockopt' : syscall)
  return scratch[0]
}

/** poll(2)'s timeout for `left` ms: whole ms rounded up, at most INT32_MAX (callers loop until their deadline). */
function pollTimeout(left: number): number {
  return Math.min(Math.ceil(left), 0x7fffffff)
}

/**
 * Runs `hook(fd)` once, when `sock` is closed or detached, before its fd is
 * (io_uring requests on the fd are cancelled while it is still open); null removes it.
 */
export function setCloseHook(sock: BaseSocket, hook: ((fd: number) => void) | null): void {
  if (!(sock instanceof BaseSocket)) throw invalidArgType('setCloseHook takes a sock socket')
  state.setCloseHook(sock, hook)
}
