import type { Sockaddr } from '@sock/addr'
import { native } from './native.js'
import { copyBytes, isSockaddr, invalidArgType, outOfRange } from '@sock/addr'
import { checkInt } from '@sock/core/internal'

const L = native.layout
const FIELDS = 4 // length, name length, control length, flags (matches mmsg_linux.cc)
const MSG_TRUNC = native.constants.MSG_TRUNC
const NAME_SLOT = L.sockaddr_in6 // room for either family

/**
 * A caller-owned, preallocated message table for `recvMessages` / `sendMessages`
 * (recvmmsg/sendmmsg): `count` slots of `bufferSize` bytes, each with room for
 * an address, a length and flags (and optional ancillary data). Reused call
 * after call with no allocation.
 *
 * With `options.segments` (k, 1..64) a message can instead be up to k
 * scatter/gather pieces anywhere in the data arena (its iovecs): a header kept
 * once and sent before every payload, or a received datagram split between two
 * places, without a copy. A message with segment count 0 is its own slot.
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
  /** Messages in the table (1..1024). */
  readonly count: number
  /** Bytes per message slot. */
  readonly bufferSize: number
  /** Bytes of ancillary data per message slot (0: none). */
  readonly controlSize: number
  /** Scatter/gather segments a message may have (0: none, each message is its slot). */
  readonly segments: number
  // per message: [segment count, offset0, length0, offset1, length1, ...] (read by the native side at each call)
  readonly #segs: Int32Array | null
  readonly #views: Buffer[]
  readonly #names: Uint8Array[] // slot i's address bytes, a view made once
  readonly #controls: Uint8Array[] | null // slot i's control bytes, a view made once
  /** The native registration of the arenas (what recvmmsg/sendmmsg receive). */
  readonly table: object

  constructor(count: number, bufferSize: number, options: { controlSize?: number; segments?: number } = {}) {
    if (!Number.isInteger(count) || count < 1 || count > 1024) throw outOfRange('count must be an integer from 1 to 1024 (UIO_MAXIOV)')
    if (!Number.isInteger(bufferSize) || bufferSize < 1 || bufferSize > 65536 * 4) throw outOfRange('bufferSize must be an integer from 1 to 262144')
    const controlSize = options.controlSize ?? 0
    if (!Number.isInteger(controlSize) || controlSize < 0 || controlSize % L.cmsg_align) throw outOfRange(`controlSize must be a multiple of ${L.cmsg_align}`)
    const segments = options.segments ?? 0
    checkInt(segments, 0, 64, 'segments (scatter/gather pieces per message)')
    this.count = count
    this.bufferSize = bufferSize
    this.controlSize = controlSize
    this.segments = segments
    this.data = Buffer.alloc(count * bufferSize)
    this.names = new Uint8Array(count * NAME_SLOT)
    this.control = controlSize ? new Uint8Array(count * controlSize) : null
    this.meta = new Int32Array(count * FIELDS)
    this.#segs = segments ? new Int32Array(count * (1 + 2 * segments)) : null
    this.table = new native.MmsgTable(this.data, this.names, this.control, this.meta, this.#segs)
    this.#views = Array.from({ length: count }, (_, i) => this.data.subarray(i * bufferSize, (i + 1) * bufferSize))
    this.#names = Array.from({ length: count }, (_, i) => this.names.subarray(i * NAME_SLOT, (i + 1) * NAME_SLOT))
    const control = this.control
    this.#controls = control && Array.from({ length: count }, (_, i) => control.subarray(i * controlSize, (i + 1) * controlSize))
  }

  /** Slot i's whole buffer (a preallocated view: no allocation). */
  buffer(i: number): Buffer {
    this.#slot(i)
    return this.#views[i]
  }

  /** Bytes in message i: received, or to send (a message of segments sends their sum; this is then the bytes sent). */
  length(i: number): number {
    this.#slot(i)
    return this.meta[i * FIELDS]
  }

  /** Sets how many bytes of slot i to send. */
  setLength(i: number, n: number): void {
    this.#slot(i)
    checkInt(n, 0, this.bufferSize, 'length (at most the slot size)')
    this.meta[i * FIELDS] = n
  }

  /** msg_flags of received message i. */
  flags(i: number): number {
    this.#slot(i)
    return this.meta[i * FIELDS + 3]
  }

  /** MSG_TRUNC: message i was longer than its slot. */
  truncated(i: number): boolean {
    this.#slot(i)
    return (this.meta[i * FIELDS + 3] & MSG_TRUNC) !== 0
  }

  /** Copies the sender of received message i into a caller-owned Sockaddr (no allocation). */
  from<T extends Sockaddr>(i: number, into: T): T {
    this.#slot(i)
    into.copyFrom(this.#names[i], this.meta[i * FIELDS + 1])
    return into
  }

  /** Sets the destination of message i (null: the connected peer). */
  setTo(i: number, to: Sockaddr | null): void {
    this.#slot(i)
    if (to === null) {
      this.meta[i * FIELDS + 1] = 0
      return
    }
    if (!isSockaddr(to)) throw invalidArgType('setTo takes a Sockaddr, or null for the connected peer')
    if (to.length > NAME_SLOT) throw outOfRange('address too long for the table')
    copyBytes(this.#names[i], to.raw, to.length) // no view per call in a send loop
    this.meta[i * FIELDS + 1] = to.length
  }

  /** Slot i's ancillary-data area (a view), and the length received / to send. */
  controlOf(i: number): Uint8Array {
    this.#slot(i)
    if (!this.#controls) throw outOfRange('this table has no control area (controlSize 0)')
    return this.#controls[i]
  }

  /** Slot i's ancillary-data length: received, or to send. */
  controlLength(i: number): number {
    this.#slot(i)
    return this.meta[i * FIELDS + 2]
  }

  /** Sets slot i's ancillary-data length to send (at most `controlSize`). */
  setControlLength(i: number, n: number): void {
    this.#slot(i)
    checkInt(n, 0, this.controlSize, 'control length (at most the control slot size)')
    this.meta[i * FIELDS + 2] = n
  }

  /**
   * Sets segment j of message i: `length` bytes at `offset` of the data arena
   * (any slot's bytes). Takes effect for segments below `setSegmentCount(i, n)`.
   */
  setSegment(i: number, j: number, offset: number, length: number): void {
    this.#slot(i)
    const segs = this.#segmented()
    checkInt(j, 0, this.segments - 1, 'segment index')
    checkInt(offset, 0, this.data.length, 'segment offset (within the data arena)')
    checkInt(length, 0, this.data.length - offset, 'segment length (within the data arena)')
    const at = i * (1 + 2 * this.segments) + 1 + 2 * j
    segs[at] = offset
    segs[at + 1] = length
  }

  /** How many of message i's segments it is made of (0: its own slot, as without segments). */
  setSegmentCount(i: number, n: number): void {
    this.#slot(i)
    const segs = this.#segmented()
    checkInt(n, 0, this.segments, 'segment count')
    segs[i * (1 + 2 * this.segments)] = n
  }

  /** Message i's segment count (see `setSegmentCount`). */
  segmentCount(i: number): number {
    this.#slot(i)
    return this.#segs ? this.#segs[i * (1 + 2 * this.segments)] : 0
  }

  #segmented(): Int32Array {
    if (!this.#segs) throw outOfRange('this table has no segments (options.segments 0)')
    return this.#segs
  }

  /** Checks a slot index: an integer from 0 to count - 1 (allocation-free). */
  #slot(i: number): void {
    if (typeof i !== 'number' || !(i >= 0 && i < this.count) || !Number.isInteger(i)) checkInt(i, 0, this.count - 1, 'message index')
  }
}
