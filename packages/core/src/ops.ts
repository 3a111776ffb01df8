// The pending operations behind the async forms. Each retries its syscall
// when its direction is ready; none allocates per retry.
import { PendingOp } from './poller.js'
import { WOULD_BLOCK } from './would-block.js'
import { errnoError, SockError } from './errors.js'

type Resolve<T> = (value: T) => void
type Reject = (err: unknown) => void

/** Retries `call()` (a byte count, fd, ... or -errno) until it does not would-block. */
export class CallOp<T = number> extends PendingOp {
  constructor(
    syscall: string,
    private readonly call: () => number,
    private readonly done: (n: number) => T,
    private readonly resolve: Resolve<T>,
    private readonly reject: Reject,
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

  fail(err: unknown): void {
    this.reject(err)
  }
}

/** Resolves as soon as its direction is ready (waitReadable/waitWritable, dial completion). */
export class ReadyOp extends PendingOp {
  constructor(
    syscall: string,
    private readonly resolve: () => void,
    private readonly reject: Reject,
  ) {
    super(syscall)
  }

  attempt(): boolean {
    this.resolve()
    return true
  }

  fail(err: unknown): void {
    this.reject(err)
  }
}

/** Writes every byte, across as many ready events as it takes; a failure carries `bytesWritten`. */
export class WriteAllOp extends PendingOp {
  written = 0
  constructor(
    private readonly send: (offset: number, length: number) => number,
    private readonly length: number,
    private readonly resolve: Resolve<number>,
    private readonly reject: Reject,
    syscall = 'write',
  ) {
    super(syscall)
  }

  attempt(): boolean {
    while (this.written < this.length) {
      const n = this.send(this.written, this.length - this.written)
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

  fail(err: unknown): void {
    if (err instanceof SockError) err.bytesWritten = this.written
    this.reject(err)
  }
}
