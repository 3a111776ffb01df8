// What a Ring knows about one socket: the callbacks of its requests, its sends in order, its
// signals, and how many requests the kernel still owes a completion for (its token is freed
// only at zero, so a late completion cannot reach a socket that reuses the number).
import type { AbortError, NetSocket, SockError } from '@sock/core'
import type { Sockaddr, SockaddrInet4, SockaddrInet6 } from '@sock/addr'
import type { UDPMessageInfo } from '@sock/udp'
import type { DataCallback, EndCallback, MessageCallback, SentCallback } from './options.js'
import { unwatch, type Abort, type SignalledSend } from './signals.js'

/** A connect or shutdown in flight. */
export interface Pending {
  readonly kind: number
  readonly cb: ((err: SockError | AbortError | null) => void) | null
  readonly sa: Sockaddr | null
}

export class Entry {
  outstanding = 0
  closed = false
  onConn: ((conn: NetSocket) => void) | null = null
  onAcceptError: ((err: SockError | AbortError) => void) | null = null
  onData: DataCallback | null = null
  onMessage: MessageCallback | null = null
  from: SockaddrInet4 | SockaddrInet6 | null = null // reused for every datagram of a multishot recvmsg
  info: UDPMessageInfo | null = null // and its ancillary data, when asked for
  control = 0 // bytes of room for it in each buffer
  onEnd: EndCallback | null = null
  acceptAbort: Abort | null = null
  recvAbort: Abort | null = null
  connectAbort: Abort | null = null
  readonly done: Pending[] = [] // connects and shutdowns in flight, in order made
  #sent: (SentCallback | SignalledSend | null)[] = [] // one per send in flight or queued, in call order
  #sentHead = 0

  constructor(
    readonly sock: NetSocket,
    readonly token: number,
  ) {}

  /** A send was made (it completes after those before it). */
  pushSend(s: SentCallback | SignalledSend | null): void {
    this.#sent.push(s)
  }

  /** The oldest send completed: its callback. */
  shiftSend(): SentCallback | SignalledSend | null {
    const s = this.#sent[this.#sentHead] ?? null
    this.#sent[this.#sentHead++] = null
    if (this.#sentHead === this.#sent.length) this.#sent.length = this.#sentHead = 0
    return s
  }

  /** The last `n` sends will never complete (dropped before the kernel saw them): their callbacks. */
  dropSends(n: number): (SentCallback | SignalledSend | null)[] {
    const gone = this.#sent.splice(this.#sent.length - n)
    if (this.#sentHead === this.#sent.length) this.#sent.length = this.#sentHead = 0
    return gone
  }

  /** The socket is done with: none of its signals acts any more. */
  unwatchAll(): void {
    unwatch(this.acceptAbort)
    unwatch(this.recvAbort)
    unwatch(this.connectAbort)
    this.acceptAbort = this.recvAbort = this.connectAbort = null
    for (const s of this.#sent) if (s !== null && typeof s !== 'function') unwatch(s.abort)
  }
}
