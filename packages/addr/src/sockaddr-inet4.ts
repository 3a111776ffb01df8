import { AF_INET, L, readFamily, writeFamily } from './layout.js'
import { checkPort, InvalidAddressError } from './errors.js'
import { formatIPv4, parseIPv4 } from './ip.js'
import type { AddressInfo } from './sockaddr.js'
import { checkKernelLength, copyBytes } from './bytes-arg.js'

/** An IPv4 address and port in a kernel `struct sockaddr_in` (`raw`, `length` bytes), read and written in place. */
export class SockaddrInet4 {
  /** `AF_INET` */
  static readonly domain = AF_INET
  /** `AF_INET`, as on the class. */
  readonly domain = AF_INET
  /** The kernel bytes: what the native layer receives, with no encoding step per call. */
  readonly raw: Uint8Array
  /** sizeof(struct sockaddr_in) */
  readonly length: number = L.sockaddr_in

  /** `address` is a dotted quad or 4 bytes in network order; `port` a number 0..65535. */
  constructor(address: string | Uint8Array = '0.0.0.0', port = 0) {
    this.raw = new Uint8Array(L.sockaddr_in)
    writeFamily(this.raw, AF_INET, this.length)
    this.address = address
    this.port = port
  }

  /** `'IPv4'`, as in Node's `net.AddressInfo`. */
  get family(): 'IPv4' {
    return 'IPv4'
  }

  /** sin_port, converted from network byte order. */
  get port(): number {
    const o = L.sin_port
    return (this.raw[o] << 8) | this.raw[o + 1]
  }

  /** Sets the port (0..65535, written in network byte order); anything else is `ERR_SOCK_INVALID_PORT`. */
  set port(port: number) {
    checkPort(port)
    const o = L.sin_port
    this.raw[o] = port >> 8
    this.raw[o + 1] = port & 0xff
  }

  /** sin_addr as a dotted quad. */
  get address(): string {
    return formatIPv4(this.raw, L.sin_addr)
  }

  /** Sets the address from a literal (dotted quad) or 4 bytes; no DNS: anything else is `ERR_SOCK_INVALID_ADDRESS`. */
  set address(address: string | Uint8Array) {
    if (typeof address === 'string') parseIPv4(address, this.raw, L.sin_addr)
    else if (address instanceof Uint8Array && address.length === 4) this.raw.set(address, L.sin_addr)
    else throw new InvalidAddressError('an IPv4 address is a dotted-quad string or 4 bytes')
  }

  /** sin_addr: the 4 address bytes, a view into `raw`. */
  get addressBytes(): Uint8Array {
    return this.raw.subarray(L.sin_addr, L.sin_addr + 4)
  }

  /** True for 0.0.0.0. */
  isUnspecified(): boolean {
    const o = L.sin_addr
    return (this.raw[o] | this.raw[o + 1] | this.raw[o + 2] | this.raw[o + 3]) === 0
  }

  /** Copies kernel bytes of an AF_INET address into this object (no allocation). */
  copyFrom(bytes: Uint8Array, length: number): this {
    checkKernelLength(bytes, length, 'copyFrom')
    if (length < L.sockaddr_in || bytes.length < L.sockaddr_in || readFamily(bytes) !== AF_INET) throw new InvalidAddressError('not an AF_INET sockaddr')
    copyBytes(this.raw, bytes, L.sockaddr_in)
    return this
  }

  /**
   * Checks the length (and family) the kernel returned after writing `raw` directly (accept,
   * recvfrom): a fixed-size address has no length to record, so another family is an error.
   */
  setKernelLength(length: number): void {
    if (length !== L.sockaddr_in || readFamily(this.raw) !== AF_INET) throw new InvalidAddressError('the kernel returned a non-AF_INET address')
  }

  /** A copy with its own bytes. */
  clone(): SockaddrInet4 {
    return new SockaddrInet4().copyFrom(this.raw, this.length)
  }

  /** Whether `other` is a SockaddrInet4 with the same address and port. */
  equals(other: unknown): boolean {
    return other instanceof SockaddrInet4 && other.port === this.port && other.address === this.address
  }

  /** Node's `net.AddressInfo`: `{ address, family: 'IPv4', port }`. */
  toAddressInfo(): AddressInfo {
    return { address: this.address, family: 'IPv4', port: this.port }
  }

  /** '1.2.3.4:80' */
  toString(): string {
    return `${this.address}:${this.port}`
  }
}
