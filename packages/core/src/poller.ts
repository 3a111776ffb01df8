// Readiness on the libuv loop: one native Handle (and at most one uv_poll_t)
// per socket, FIFO queues of waiting operations per direction. An operation is
// retried when its direction becomes ready; it leaves the queue when it
// finishes, fails, times out, is aborted, or the socket closes.
//
// Readability stays armed after its queue empties (a socket read in a loop
// costs no epoll_ctl per read) and is disarmed lazily, when a readable event
// finds nobody waiting; writability is disarmed as soon as its queue empties
// (a writable socket would report ready on every loop turn). `mayRead` is
// what the poller knows of the receive queue, so a read need not try a
// syscall that is known to fail.
import { native, C } from './native.js'
import { AbortError, closedError, deadlineError, errnoError } from './errors.js'
import { earliest, monotonicNow } from './deadline.js'
import { OpQueue } from './op-queue.js'

const MAX_TIMER_MS = 0x7fffffff
const READABLE = C.UV_READABLE
const WRITABLE = C.UV_WRITABLE
const DISCONNECT = C.UV_DISCONNECT

export const enum Direction {
  Read = 0,
  Write = 1,
}

// The settle functions of the promise being constructed (see PendingOp): a
// module-level executor captures them, so creating an operation's promise
// allocates no executor closure.
let capturedResolve: (value: any) => void
let capturedReject: (err: unknown) => void
function capture(resolve: (value: any) => void, reject: (err: unknown) => void): void {
  capturedResolve = resolve
  capturedReject = reject
}

/** The addon's promise slots of a socket's Handle (see `PendingOp`): one reusable operation each. */
export const enum PromiseSlot {
  None = -1,
  Read = 0,
  Accept = 1,
}

/**
 * One pending operation and the promise it settles. `attempt()` returns true
 * once it has settled (resolved or rejected). With a promise slot of its
 * socket's native Handle, the promise is the addon's (napi_create_promise):
 * waiting costs no settle functions on the JS heap (~130 B less per wait).
 */
export abstract class PendingOp<T = unknown> {
  deadline = 0 // its own deadline (monotonic ms, 0: none), besides the socket's
  /**
   * Set by an `attempt()` that did not settle and must not be retried on the next
   * ready event (the kernel is ready, but a resource is not: EMFILE): ms to wait
   * before the next attempt, with its direction's readiness unwatched meanwhile.
   */
  backoff = 0
  timer: ReturnType<typeof setTimeout> | undefined
  signal: AbortSignal | undefined
  onAbort: (() => void) | undefined
  promise!: Promise<T>
  #resolve: ((value: T) => void) | undefined
  #reject: ((err: unknown) => void) | undefined
  readonly #handle: NativeHandle | null
  readonly #slot: PromiseSlot
  constructor(
    readonly syscall: string,
    handle: NativeHandle | null = null,
    slot = PromiseSlot.None,
  ) {
    this.#handle = slot === PromiseSlot.None ? null : handle
    this.#slot = slot
    this.#newPromise()
  }
  #newPromise(): void {
    if (this.#handle !== null) {
      this.promise = this.#handle.promise<T>(this.#slot)
      return
    }
    this.promise = new Promise<T>(capture)
    this.#resolve = capturedResolve
    this.#reject = capturedReject
  }
  /** Makes a settled operation that left its queue ready for another call: a new promise, nothing else allocated. */
  protected renew(): void {
    this.deadline = 0
    this.backoff = 0
    this.#newPromise()
  }
  protected resolve(value: T): void {
    if (this.#handle !== null) this.#handle.settle(this.#slot, value, false)
    else this.#resolve!(value)
  }
  protected reject(err: unknown): void {
    if (this.#handle !== null) this.#handle.settle(this.#slot, err, true)
    else this.#reject!(err)
  }
  /** Whether its promise is a slot's of the native Handle, which then knows by itself that it waits. */
  get slotted(): boolean {
    return this.#handle !== null
  }
  /** The native Handle whose slot holds its promise (null: a JS promise). */
  protected get slotHandle(): NativeHandle | null {
    return this.#handle
  }
  abstract attempt(): boolean
  fail(err: unknown): void {
    this.reject(err)
  }
}

// The queues hold operations of every result type.
type AnyOp = PendingOp<any>

type NativeHandle = InstanceType<typeof native.Handle>

/**
 * What stands for a native Handle once `close()` or `detach()` freed it (its
 * methods would do nothing then): calls after close (`ref()`, `unref()`) stay
 * harmless without a trip to the addon.
 */
export const CLOSED_HANDLE: NativeHandle = {
  watch: () => -C.EBADF,
  close: () => 0,
  detach: () => -1,
  setRef: () => undefined,
  promise: () => Promise.reject(closedError()),
  settle: () => undefined,
  recv: () => -C.EBADF,
} as unknown as NativeHandle

export class Poller {
  #handle: NativeHandle
  // one queue, deadline and backoff timer per direction, as fields (no array to chase per event)
  readonly #reads = new OpQueue()
  #writes: OpQueue | null = null // made when a write first waits (most sockets never do): one object and one cache miss less per event
  #readDeadline = 0
  #writeDeadline = 0
  // a direction whose head operation backs off: unwatched until the timer retries it
  #readBackoff: ReturnType<typeof setTimeout> | undefined = undefined
  #writeBackoff: ReturnType<typeof setTimeout> | undefined = undefined
  #refed = true
  /**
   * Whether a read may succeed without waiting: false after an attempt
   * would-blocked or an event-driven read consumed its readiness, true after a
   * readable event nobody claimed. Only a hint: readability stays armed while
   * it is false, so data arriving meanwhile is reported.
   */
  mayRead = true
  #watched = 0 // the events armed natively
  #waiting = false // whether the native handle was told operations wait
  #keepRead = false // readability stays armed while idle

  constructor(fd: number) {
    const handle = new native.Handle(fd, Poller.#ready)
    handle.owner = this
    this.#handle = handle
  }

  /** Every socket's readiness callback (one function: the native Handle holds it strongly, so it captures no socket). */
  static #ready(handle: NativeHandle, ready: number): void {
    ;(handle.owner as Poller).#onReady(ready)
  }

  /** The socket's native Handle (CLOSED_HANDLE once closed or detached). */
  get handle(): NativeHandle {
    return this.#handle
  }

  /** Closes the fd (close: true) or gives it up (false: returns it) through the native Handle, which is freed. */
  release(close: boolean): number {
    const handle = this.#handle
    this.#handle = CLOSED_HANDLE
    return close ? handle.close() : handle.detach()
  }

  #queue(dir: Direction): OpQueue {
    return dir === Direction.Read ? this.#reads : (this.#writes ??= new OpQueue())
  }

  #backoffTimer(dir: Direction): ReturnType<typeof setTimeout> | undefined {
    return dir === Direction.Read ? this.#readBackoff : this.#writeBackoff
  }

  #setBackoffTimer(dir: Direction, timer: ReturnType<typeof setTimeout> | undefined): void {
    if (dir === Direction.Read) this.#readBackoff = timer
    else this.#writeBackoff = timer
  }

  pending(dir: Direction): boolean {
    const q = dir === Direction.Read ? this.#reads : this.#writes
    return q !== null && q.head !== null
  }

  /** Queues `op` behind earlier ones in its direction and arms readiness. */
  enqueue(dir: Direction, op: AnyOp, signal?: AbortSignal): void {
    if (signal) {
      if (signal.aborted) return op.fail(new AbortError(signal.reason))
      op.signal = signal
      op.onAbort = () => this.#remove(dir, op, new AbortError(signal.reason))
      signal.addEventListener('abort', op.onAbort, { once: true })
    }
    this.#queue(dir).push(op)
    this.#schedule(dir, op)
    if (op.backoff > 0) this.#backOff(dir, op)
    this.#arm()
  }

  /** Unwatches `dir` for `op.backoff` ms (level-triggered readiness would report it ready again at once), then retries. */
  #backOff(dir: Direction, op: AnyOp): void {
    const ms = op.backoff
    op.backoff = 0
    if (this.#backoffTimer(dir)) return
    const timer = setTimeout(() => {
      this.#setBackoffTimer(dir, undefined)
      this.#drain(dir)
      this.#arm()
    }, ms)
    if (!this.#refed) timer.unref()
    this.#setBackoffTimer(dir, timer)
  }

  /** The socket's deadline for a direction changed: it applies to pending operations too. */
  setDeadline(dir: Direction, deadline: number): void {
    if (dir === Direction.Read) this.#readDeadline = deadline
    else this.#writeDeadline = deadline
    if (this.pending(dir)) for (const op of this.#queue(dir).toArray()) this.#schedule(dir, op)
  }

  setRef(ref: boolean): void {
    this.#refed = ref
    this.#handle.setRef(ref)
    for (const q of [this.#reads, this.#writes]) for (const op of q?.toArray() ?? []) if (op.timer) ref ? op.timer.ref() : op.timer.unref()
    for (const t of [this.#readBackoff, this.#writeBackoff]) if (t) ref ? t.ref() : t.unref()
  }

  /** Rejects every pending operation with ERR_SOCK_CLOSED and disarms (the caller then closes or detaches the handle). */
  closeAll(): void {
    this.#watched = 0
    this.#waiting = false
    this.#keepRead = false
    for (let dir = Direction.Read; dir <= Direction.Write; dir++) {
      const timer = this.#backoffTimer(dir)
      if (timer !== undefined) {
        clearTimeout(timer)
        this.#setBackoffTimer(dir, undefined)
      }
      const q = dir === Direction.Read ? this.#reads : this.#writes
      if (q === null || q.head === null) continue // the common close: nothing waits, nothing allocated
      for (const op of q.takeAll()) {
        this.#release(op)
        op.fail(closedError(op.syscall))
      }
    }
  }

  #schedule(dir: Direction, op: AnyOp): void {
    if (op.timer) clearTimeout(op.timer)
    op.timer = undefined
    const deadline = earliest(op.deadline, dir === Direction.Read ? this.#readDeadline : this.#writeDeadline)
    if (deadline === 0) return
    const left = deadline - monotonicNow()
    if (left <= 0) {
      this.#remove(dir, op, deadlineError(op.syscall))
      return
    }
    // a timer fires after at most 2^31-1 ms (~24.8 days): a later deadline re-arms when it does
    op.timer = setTimeout(() => this.#schedule(dir, op), Math.min(Math.ceil(left), MAX_TIMER_MS))
    if (!this.#refed) op.timer.unref()
  }

  #release(op: AnyOp): void {
    if (op.timer) clearTimeout(op.timer)
    op.timer = undefined
    if (op.signal && op.onAbort) op.signal.removeEventListener('abort', op.onAbort)
    op.signal = undefined
    op.onAbort = undefined
  }

  #remove(dir: Direction, op: AnyOp, err: unknown): void {
    const q = this.#queue(dir)
    const i = q.remove(op)
    if (i === -1) return
    this.#release(op)
    op.fail(err)
    this.#arm()
    // the next operation may now be able to run
    if (i === 0 && q.head !== null) queueMicrotask(() => this.#drain(dir))
  }

  #drain(dir: Direction): void {
    const q = this.#queue(dir)
    for (let op = q.head; op !== null; op = q.head) {
      let settled: boolean
      try {
        settled = op.attempt()
      } catch (err) {
        op.fail(err) // a native argument check (e.g. a message table whose buffer was transferred)
        settled = true
      }
      if (!settled) {
        if (op.backoff > 0) this.#backOff(dir, op)
        break
      }
      if (q.head === op) q.shift()
      this.#release(op)
    }
  }

  /** `ready`: the UV_* events, or < 0 for EPOLLERR (libuv stopped the handle): do the syscalls now, they report the error. */
  #onReady(ready: number): void {
    if (ready < 0) this.#watched = 0
    if (ready < 0 || ready & (READABLE | DISCONNECT)) {
      if (this.#reads.head === null) {
        // nobody claims it: remember it, and stop the level-triggered reports
        this.mayRead = true
        this.#keepRead = false
      } else {
        this.mayRead = false // this event's readiness is spent by the drain (an operation may say otherwise)
        this.#drain(Direction.Read)
      }
    }
    if (ready < 0 || ready & WRITABLE) this.#drain(Direction.Write)
    this.#arm()
  }

  #arm(): void {
    const head = this.#reads.head
    if (head !== null) this.#keepRead = true
    const read = this.#keepRead && this.#readBackoff === undefined
    const writes = this.#writes
    const write = writes !== null && writes.head !== null && this.#writeBackoff === undefined
    const events = (read ? READABLE | DISCONNECT : 0) | (write ? WRITABLE : 0)
    // a slotted reader (the reused read or accept) is known natively to wait:
    // waiting for it costs no watch() call
    const waiting = (read && head !== null && (!head.slotted || this.#reads.length > 1)) || write
    if (events === this.#watched && waiting === this.#waiting) return
    const r = this.#handle.watch(events, waiting)
    this.#watched = events
    this.#waiting = waiting
    if (r < 0) {
      // cannot poll this fd (e.g. EEXIST: another libuv handle owns it): fail the waiters
      const err = errnoError(r, 'uv_poll_start')
      for (const q of [this.#reads, this.#writes]) {
        for (const op of q?.takeAll() ?? []) {
          this.#release(op)
          op.fail(err)
        }
      }
      this.#keepRead = false
      this.#watched = 0
      this.#waiting = false
      this.#handle.watch(0)
    }
  }
}
