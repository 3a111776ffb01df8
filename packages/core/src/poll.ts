// Readiness for many sockets at once, for callers who run their own loop
// (mio's Poll): one epoll(7) instance, fds registered with integer tokens,
// and either a synchronous wait or one callback per libuv loop turn that hands
// over every ready socket in one batch.
import { native, C } from './native.js'
import { closedError, errnoError } from './errors.js'
import { checkInt } from './args.js'
import { invalidArgType } from '@sock/addr'
import type { NetSocket } from './net-socket.js'
import { CLOSED_HANDLE } from './poller.js'

/** What a registration waits for (`Poll.add` / `Poll.modify`); combine with `|`. */
export const Interest = {
  /** EPOLLIN | EPOLLRDHUP: data, a connection to accept, or the peer's FIN. */
  READABLE: C.EPOLLIN | C.EPOLLRDHUP,
  /** EPOLLOUT: room in the send buffer, or a connect that finished. */
  WRITABLE: C.EPOLLOUT,
  /** EPOLLPRI: urgent data or an exceptional condition. */
  PRIORITY: C.EPOLLPRI,
  /** EPOLLET: report a change of readiness once (read and write until WOULD_BLOCK before waiting again). */
  EDGE: C.EPOLLET | 0,
  /** EPOLLONESHOT: report once, then stay registered but silent until `modify`. */
  ONESHOT: C.EPOLLONESHOT,
} as const

/** The bits of `Poll.readiness(i)`. */
export const Ready = {
  /** EPOLLIN */
  READABLE: C.EPOLLIN,
  /** EPOLLOUT */
  WRITABLE: C.EPOLLOUT,
  /** EPOLLRDHUP: the peer shut down its sending side. */
  READ_CLOSED: C.EPOLLRDHUP,
  /** EPOLLPRI */
  PRIORITY: C.EPOLLPRI,
  /** EPOLLERR: a pending socket error (read it with `socketError()` or by the next call). */
  ERROR: C.EPOLLERR,
  /** EPOLLHUP: both directions are shut down. */
  HUP: C.EPOLLHUP,
} as const

/** The most events one wait reports (the rest are reported by the next). */
export const POLL_MAX_EVENTS = 1024

/** Options of `new Poll()`. */
export interface PollOptions {
  /** How many ready sockets one wait can report, 1..1024 (default 1024). */
  capacity?: number
}

/** A target of `Poll.add`: a sock socket or a raw fd. */
export type PollTarget = NetSocket | number

/**
 * One epoll(7) instance: register sockets (or any fd) with a uint32 token you
 * choose, then either `wait()` synchronously (a server loop on its own thread)
 * or `start(onReady)` on the event loop, which calls `onReady` once per loop
 * turn with every ready socket: one native crossing per turn however many
 * sockets are ready, not one per socket.
 *
 * Readiness is level-triggered unless registered with `Interest.EDGE`. The
 * i-th ready socket is `token(i)` with `readiness(i)` (`Ready` bits), for
 * i < the count `wait` returned or `onReady` received. A socket closed while
 * registered leaves the set by itself (unless its fd was duplicated).
 */
export class Poll implements Disposable {
  /** How many events one wait can report. */
  readonly capacity: number
  /** The ready events of the last wait as pairs: [token0, bits0, token1, bits1, ...]. Overwritten by every wait. */
  readonly events: Uint32Array
  #epfd: number
  #handle: InstanceType<typeof native.Handle>
  #onReady: ((poll: Poll, count: number) => void) | undefined

  /** epoll_create1(EPOLL_CLOEXEC). */
  constructor(options: PollOptions = {}) {
    if (options === null || typeof options !== 'object') throw invalidArgType('options must be an object')
    const capacity = options.capacity ?? POLL_MAX_EVENTS
    checkInt(capacity, 1, POLL_MAX_EVENTS, 'capacity')
    const fd = native.epollCreate()
    if (fd < 0) throw errnoError(fd, 'epoll_create1')
    this.capacity = capacity
    this.events = new Uint32Array(2 * capacity)
    this.#epfd = fd
    this.#handle = new native.Handle(fd, Poll.#ready) // owns the epoll fd: closes it on close() or collection
    this.#handle.owner = this
  }

  /** Every Poll's readiness callback (one function: the native Handle holds it strongly, so it captures no Poll). */
  static #ready(handle: InstanceType<typeof native.Handle>): void {
    ;(handle.owner as Poll).#turn()
  }

  /** The epoll fd; -1 once closed. */
  get fd(): number {
    return this.#epfd
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#epfd < 0
  }

  /** epoll_ctl(EPOLL_CTL_ADD): reports `target`'s readiness under `token` (a uint32). */
  add(target: PollTarget, token: number, interest: number = Interest.READABLE): this {
    return this.#ctl(C.EPOLL_CTL_ADD, target, token, interest, 'add')
  }

  /** epoll_ctl(EPOLL_CTL_MOD): a new token and interest for a registered target (re-arms an ONESHOT one). */
  modify(target: PollTarget, token: number, interest: number): this {
    return this.#ctl(C.EPOLL_CTL_MOD, target, token, interest, 'modify')
  }

  /** epoll_ctl(EPOLL_CTL_DEL): stops reporting `target`. */
  delete(target: PollTarget): this {
    return this.#ctl(C.EPOLL_CTL_DEL, target, 0, 0, 'delete')
  }

  #ctl(op: number, target: PollTarget, token: number, interest: number, what: string): this {
    const fd = targetFd(target, what)
    checkInt(token, 0, 0xffffffff, `${what}: token`)
    checkInt(interest, -0x80000000, 0xffffffff, `${what}: interest`)
    if (this.#epfd < 0) throw closedError('epoll_ctl')
    const r = native.epollCtl(this.#epfd, op, fd, interest, token)
    if (r < 0) throw errnoError(r, 'epoll_ctl')
    return this
  }

  /**
   * epoll_wait(2) on this thread: blocks until a registered socket is ready or
   * `timeoutMs` passed (-1: no limit, 0: only look). Returns how many are ready
   * (0: timed out or interrupted by a signal); see `token(i)` / `readiness(i)`.
   */
  wait(timeoutMs = -1): number {
    checkInt(timeoutMs, -1, 0x7fffffff, 'timeoutMs')
    if (this.#epfd < 0) throw closedError('epoll_wait')
    const n = native.epollWait(this.#epfd, this.events, timeoutMs)
    if (n < 0) throw errnoError(n, 'epoll_wait')
    return n
  }

  /** The token of the i-th ready socket of the last wait. */
  token(i: number): number {
    return this.events[2 * i]
  }

  /** The `Ready` bits of the i-th ready socket of the last wait. */
  readiness(i: number): number {
    return this.events[2 * i + 1]
  }

  /**
   * Watches the epoll fd on the libuv loop: once per loop turn in which sockets
   * are ready, `onReady(poll, count)` runs with up to `capacity` of them. Keeps
   * the process alive until `stop()`, `close()` or `unref()`. Replaces an
   * earlier callback.
   */
  start(onReady: (poll: Poll, count: number) => void): this {
    if (typeof onReady !== 'function') throw invalidArgType('onReady must be a function')
    if (this.#epfd < 0) throw closedError('start')
    this.#onReady = onReady
    const r = this.#handle.watch(C.UV_READABLE, true)
    if (r < 0) throw errnoError(r, 'uv_poll_start')
    return this
  }

  /** Stops `start()`'s callbacks (the registrations stay). */
  stop(): this {
    this.#onReady = undefined
    if (this.#epfd >= 0) this.#handle.watch(0)
    return this
  }

  /** A started Poll keeps the process alive (the default). */
  ref(): this {
    this.#handle.setRef(true)
    return this
  }

  /** A started Poll does not keep the process alive. */
  unref(): this {
    this.#handle.setRef(false)
    return this
  }

  /** Stops and closes the epoll fd (the registered sockets stay open). Idempotent. */
  close(): void {
    if (this.#epfd < 0) return
    this.#epfd = -1
    this.#onReady = undefined
    const handle = this.#handle
    this.#handle = CLOSED_HANDLE // the native one is freed by close()
    handle.close()
  }

  /** `close()`, for `using`. */
  [Symbol.dispose](): void {
    this.close()
  }

  #turn(): void {
    const onReady = this.#onReady
    if (onReady === undefined || this.#epfd < 0) return
    const n = native.epollWait(this.#epfd, this.events, 0)
    if (n < 0) throw errnoError(n, 'epoll_wait')
    if (n > 0) onReady(this, n)
  }
}

function targetFd(target: PollTarget, what: string): number {
  if (typeof target === 'number') {
    checkInt(target, 0, 0x7fffffff, `${what}: fd`)
    return target
  }
  if (target === null || typeof target !== 'object' || typeof (target as NetSocket).fd !== 'number')
    throw invalidArgType(`${what}: target must be a sock socket or an fd`)
  const fd = (target as NetSocket).fd
  if (fd < 0) throw closedError('epoll_ctl')
  return fd
}
