import { L, readFamily } from './layout.js'
import { InvalidAddressError } from './errors.js'
import { checkBytesAt, checkKernelLength, copyBytes } from './bytes-arg.js'

/** Kernel sockaddr bytes of a family sock does not model (VSOCK, packet, netlink, ...): passed through as they are. */
export class SockaddrRaw {
  /** The kernel bytes, room for any sockaddr (sizeof(struct sockaddr_storage)). */
  readonly raw: Uint8Array
  #length: number

  /** `bytes` are copied; `length` defaults to all of them. */
  constructor(bytes: Uint8Array, length = bytes?.length) {
    checkBytesAt(bytes, 0, length, 'SockaddrRaw')
    if (length > bytes.length || length > L.sockaddr_storage) throw new InvalidAddressError('sockaddr length exceeds its bytes')
    this.raw = new Uint8Array(L.sockaddr_storage)
    copyBytes(this.raw, bytes, length) // no view of `bytes`: it may be detached (then length is 0)
    this.#length = length
  }

  /** The address length in bytes. */
  get length(): number {
    return this.#length
  }

  /** sa_family */
  get domain(): number {
    return readFamily(this.raw)
  }

  /** sa_family, the same as `domain` (families sock does not model have no Node name). */
  get family(): number {
    return this.domain
  }

  /** Copies `length` kernel bytes into this object (no allocation). */
  copyFrom(bytes: Uint8Array, length: number): this {
    checkBytesAt(bytes, 0, length, 'copyFrom')
    if (length > L.sockaddr_storage) throw new InvalidAddressError('sockaddr too long')
    this.raw.fill(0)
    copyBytes(this.raw, bytes, length)
    this.#length = length
    return this
  }

  /** Records the length the kernel returned after writing `raw` directly (clamped to sockaddr_storage). */
  setKernelLength(length: number): void {
    checkKernelLength(this.raw, length, 'setKernelLength')
    this.#length = Math.min(length, L.sockaddr_storage)
  }

  /** A copy with its own bytes. */
  clone(): SockaddrRaw {
    return new SockaddrRaw(this.raw, this.#length)
  }

  /** Whether `other` is a SockaddrRaw with the same length and bytes. */
  equals(other: unknown): boolean {
    if (!(other instanceof SockaddrRaw) || other.length !== this.length) return false
    for (let i = 0; i < this.length; i++) if (this.raw[i] !== other.raw[i]) return false
    return true
  }

  /** 'sockaddr(family=N, <hex bytes>)'. */
  toString(): string {
    return `sockaddr(family=${this.domain}, ${Buffer.from(this.raw.subarray(0, this.length)).toString('hex')})`
  }
}
