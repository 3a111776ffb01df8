// The FIFO behind each direction of a Poller (poller.ts).
import type { PendingOp } from './poller.js'

// The queues hold operations of every result type.
type AnyOp = PendingOp<any>

/**
 * A FIFO of pending operations of one direction. Its first operation is a
 * field: a queue of none or one, nearly always the case, touches no array (no
 * backing store to chase or to regrow as operations come and go).
 */
export class OpQueue {
  head: AnyOp | null = null
  #rest: AnyOp[] | null = null // behind head, in order; empty whenever head is null

  get length(): number {
    return this.head === null ? 0 : 1 + (this.#rest === null ? 0 : this.#rest.length)
  }

  push(op: AnyOp): void {
    if (this.head === null) this.head = op
    else (this.#rest ??= []).push(op)
  }

  /** Drops the first operation. */
  shift(): void {
    this.head = this.#rest !== null && this.#rest.length > 0 ? this.#rest.shift()! : null
  }

  /** Takes `op` out: its former position, or -1 if it was not queued. */
  remove(op: AnyOp): number {
    if (this.head === op) {
      this.shift()
      return 0
    }
    const i = this.#rest === null ? -1 : this.#rest.indexOf(op)
    if (i !== -1) this.#rest!.splice(i, 1)
    return i === -1 ? -1 : i + 1
  }

  /** Every queued operation, in order (a copy). */
  toArray(): AnyOp[] {
    return this.head === null ? [] : [this.head, ...(this.#rest ?? [])]
  }

  /** Empties the queue, returning what it held. */
  takeAll(): AnyOp[] {
    const all = this.toArray()
    this.head = null
    this.#rest = null
    return all
  }
}
