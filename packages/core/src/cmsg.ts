// Ancillary data (cmsg(3)) laid out with the kernel's sizes from @sock/native:
// CMSG_SPACE / CMSG_LEN arithmetic, writing headers, and walking a received
// control buffer without allocating.
import { native } from './native.js'
import { checkInt, invalidArgType, outOfRange } from './args.js'

const L = native.layout
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

function align(n: number): number {
  const a = L.cmsg_align
  return (n + a - 1) & ~(a - 1)
}

/** CMSG_SPACE(n): bytes a control message with n data bytes takes, padding included. */
export function cmsgSpace(n: number): number {
  return align(L.cmsghdr) + align(n)
}

/** CMSG_LEN(n): the cmsg_len value for n data bytes. */
export function cmsgLen(n: number): number {
  return L.cmsg_data + n
}

/** A u32 in host byte order at `b[o]`, without a DataView (no allocation). */
export function readU32(b: Uint8Array, o: number): number {
  return littleEndian
    ? (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0
    : ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0
}

/** Writes `v` as a u32 in host byte order at `b[o]` (the caller checks the range). */
export function writeU32(b: Uint8Array, o: number, v: number): void {
  // byte i (least significant first) goes to o + i on a little-endian host, o + 3 - i otherwise
  const at = littleEndian ? o : o + 3
  const step = littleEndian ? 1 : -1
  b[at] = v & 0xff
  b[at + step] = (v >>> 8) & 0xff
  b[at + 2 * step] = (v >>> 16) & 0xff
  b[at + 3 * step] = v >>> 24
}

/** An i32 in host byte order at `b[o]`. */
export function readI32(b: Uint8Array, o: number): number {
  return readU32(b, o) | 0
}

/** Writes a cmsghdr at `off` for `dataLength` bytes; returns the offset of its data (CMSG_DATA). */
export function writeCmsgHeader(buf: Uint8Array, off: number, level: number, type: number, dataLength: number): number {
  buf.fill(0, off, off + L.cmsghdr)
  const len = cmsgLen(dataLength)
  // cmsg_len is a size_t on Linux (8 bytes on 64-bit): lengths here fit the low 32 bits.
  writeU32(buf, off + L.cmsg_len + (littleEndian ? 0 : L.cmsg_len_size - 4), len)
  writeU32(buf, off + L.cmsg_level, level)
  writeU32(buf, off + L.cmsg_type, type)
  return off + L.cmsg_data
}

/**
 * Builds control messages (cmsg(3)) into caller-owned bytes, for a `sendmsg`'s
 * control area: `add` copies a message's data after its header, `addInt` writes
 * an int option (IP_TOS, IPV6_HOPLIMIT, ...). Nothing is allocated except `view`,
 * which is made again only when the length changed. A message that does not fit
 * is a RangeError, never truncated.
 */
export class CmsgWriter {
  /** Bytes written so far (the msg_controllen to send). */
  length = 0
  #view: Uint8Array | undefined
  /** Writes into `buffer`: the control area, owned by the caller. */
  constructor(
    /** The control area the messages are written into. */
    readonly buffer: Uint8Array,
  ) {
    if (!(buffer instanceof Uint8Array)) throw invalidArgType('buffer must be a Uint8Array')
  }

  /** Starts over (the next messages overwrite the buffer's bytes). */
  reset(): this {
    this.length = 0
    return this
  }

  /** Appends a message of `level`/`type` carrying `data` (copied); returns this. */
  add(level: number, type: number, data: Uint8Array): this {
    if (!(data instanceof Uint8Array)) throw invalidArgType('data must be a Uint8Array')
    const d = this.#header(level, type, data.byteLength)
    this.buffer.set(data, d)
    return this
  }

  /** Appends a message whose data is one int in host byte order (IP_TOS, IP_TTL, IPV6_HOPLIMIT, ...). */
  addInt(level: number, type: number, value: number): this {
    checkInt(value, -0x80000000, 0x7fffffff, 'value')
    writeU32(this.buffer, this.#header(level, type, 4), value >>> 0)
    return this
  }

  /** The messages written: a view of `buffer`, the same object while `length` is unchanged. */
  get view(): Uint8Array {
    const v = this.#view
    if (v !== undefined && v.byteLength === this.length && v.buffer === this.buffer.buffer) return v
    return (this.#view = this.buffer.subarray(0, this.length))
  }

  #header(level: number, type: number, dataLength: number): number {
    checkInt(level, -0x80000000, 0x7fffffff, 'level')
    checkInt(type, -0x80000000, 0x7fffffff, 'type')
    const off = this.length
    const space = cmsgSpace(dataLength)
    if (off + space > this.buffer.byteLength)
      throw outOfRange(`a control message with ${dataLength} data bytes needs ${space} bytes; ${this.buffer.byteLength - off} are left`)
    this.buffer.fill(0, off, off + space) // the padding too
    const d = writeCmsgHeader(this.buffer, off, level, type, dataLength)
    this.length = off + space
    return d
  }
}

/**
 * A cursor over a received control buffer: `next()` moves to the following
 * message and fills `level`, `type`, `dataOffset`, `dataLength`. Reusable, so a
 * receive loop allocates nothing.
 */
export class CmsgCursor {
  /** cmsg_level of the current message (SOL_SOCKET, IPPROTO_IP, ...). */
  level = 0
  /** cmsg_type of the current message (SCM_RIGHTS, IP_PKTINFO, ...). */
  type = 0
  /** Where the current message's data starts in the buffer (CMSG_DATA). */
  dataOffset = 0
  /** Bytes of data in the current message (cmsg_len minus the header). */
  dataLength = 0
  #buf: Uint8Array = new Uint8Array(0)
  #end = 0
  #next = 0

  /** Starts over on `buf`, of which `length` bytes are control data (msg_controllen); returns this. */
  reset(buf: Uint8Array, length: number): this {
    this.#buf = buf
    this.#end = Math.min(length, buf.length)
    this.#next = 0
    return this
  }

  /** Moves to the next message: false at the end, or at a header that is truncated or lies past the data. */
  next(): boolean {
    const b = this.#buf
    const off = this.#next
    if (off + L.cmsghdr > this.#end) return false
    const len = readU32(b, off + L.cmsg_len + (littleEndian ? 0 : L.cmsg_len_size - 4))
    // cmsg_len is a size_t: on 64-bit its other half must be 0, or the low half would pass for a small length
    if (L.cmsg_len_size === 8 && readU32(b, off + L.cmsg_len + (littleEndian ? 4 : 0)) !== 0) return false
    if (len < L.cmsg_data || off + len > this.#end) return false
    this.level = readI32(b, off + L.cmsg_level)
    this.type = readI32(b, off + L.cmsg_type)
    this.dataOffset = off + L.cmsg_data
    this.dataLength = len - L.cmsg_data
    this.#next = off + align(len)
    return true
  }
}
