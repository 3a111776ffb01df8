import type { Sockaddr } from '@sock/addr'
import { native } from './native.js'
import { outOfRange } from '@sock/addr'

const L = native.layout
const FIELDS = 4 // length, name length, control length, flags (matches mmsg_linux.cc)
const MSG_TRUNC = native.constants.MSG_TRUNC
const NAME_SLOT = L.sockaddr_in6 // room for either family

/**
 * A caller-owned, preallocated message table for `recvMessages` / `sendMessages`
 * (recvmmsg/sendmmsg): `count` slots of `bufferSize` bytes, each with room for
 * an address, a length and flags (and optional ancillary data). Reused call
 * after call with no allocation.
 */
export class UDPMessages {
  /** The data arena: slot i is bytes [i * bufferSize, (i + 1) * bufferSize). */
  readonly data: Buffer
  /** The address arena: slot i holds a kernel sockaddr. */
  readonly names: Uint8Array
  /** The ancillary-data arena (null when controlSize is 0). */
  readonly control: Uint8Array | null
  /** Four int32 fields per message: bytes, address length, control length, msg_flags. */
  readonly meta: Int32Array
  readonly count: number
  readonly bufferSize: number
  readonly controlSize: number
  readonly #views: Buffer[]
  readonly #names: Uint8Array[] // slot i's address bytes, a view made once
  /** The native registration of the arenas (what recvmmsg/sendmmsg receive). */
  readonly table: object

  constructor(count: number, bufferSize: number, options: { controlSize?: number } = {}) {
    if (!Number.isInteger(count) || count < 1 || count > 1024) throw outOfRange('count must be an integer from 1 to 1024 (UIO_MAXIOV)')
    if (!Number.isInteger(bufferSize) || bufferSize < 1 || bufferSize > 65536 * 4) throw outOfRange('bufferSize must be an integer from 1 to 262144')
    const controlSize = options.controlSize ?? 0
    if (!Number.isInteger(controlSize) || controlSize < 0 || controlSize % L.cmsg_align) throw outOfRange(`controlSize must be a multiple of ${L.cmsg_align}`)
    this.count = count
    this.bufferSize = bufferSize
    this.controlSize = controlSize
    this.data = Buffer.alloc(count * bufferSize)
    this.names = new Uint8Array(count * NAME_SLOT)
    this.control = controlSize ? new Uint8Array(count * controlSize) : null
    this.meta = new Int32Array(count * FIELDS)
    this.table = new native.MmsgTable(this.data, this.names, this.control, this.meta)
    this.#views = Array.from({ length: count }, (_, i) => this.data.subarray(i * bufferSize, (i + 1) * bufferSize))
    this.#names = Array.from({ length: count }, (_, i) => this.names.subarray(i * NAME_SLOT, (i + 1) * NAME_SLOT))
  }

  /** Slot i's whole buffer (a preallocated view: no allocation). */
  buffer(i: number): Buffer {
    return this.#views[i]
  }

  /** Bytes in message i: received, or to send. */
  length(i: number): number {
    return this.meta[i * FIELDS]
  }

  /** Sets how many bytes of slot i to send. */
  setLength(i: number, n: number): void {
    if (n < 0 || n > this.bufferSize) throw outOfRange('length exceeds the slot')
    this.meta[i * FIELDS] = n
  }

  /** msg_flags of received message i. */
  flags(i: number): number {
    return this.meta[i * FIELDS + 3]
  }

  /** MSG_TRUNC: message i was longer than its slot. */
  truncated(i: number): boolean {
    return (this.meta[i * FIELDS + 3] & MSG_TRUNC) !== 0
  }

  /** Copies the sender of received message i into a caller-owned Sockaddr (no allocation). */
  from<T extends Sockaddr>(i: number, into: T): T {
    into.copyFrom(this.#names[i], this.meta[i * FIELDS + 1])
    return into
  }

  /** Sets the destination of message i (null: the connected peer). */
  setTo(i: number, to: Sockaddr | null): void {
    if (to === null) {
      this.meta[i * FIELDS + 1] = 0
      return
    }
    if (to.length > NAME_SLOT) throw outOfRange('address too long for the table')
    this.names.set(to.raw.subarray(0, to.length), i * NAME_SLOT)
    this.meta[i * FIELDS + 1] = to.length
  }

  /** Slot i's ancillary-data area (a view), and the length received / to send. */
  controlOf(i: number): Uint8Array {
    if (!this.control) throw outOfRange('this table has no control area (controlSize 0)')
    return this.control.subarray(i * this.controlSize, (i + 1) * this.controlSize)
  }

  controlLength(i: number): number {
    return this.meta[i * FIELDS + 2]
  }

  setControlLength(i: number, n: number): void {
    if (n < 0 || n > this.controlSize) throw outOfRange('control length exceeds the slot')
    this.meta[i * FIELDS + 2] = n
  }
}
