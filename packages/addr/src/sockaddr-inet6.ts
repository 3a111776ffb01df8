import { AF_INET6, L, readFamily, readU32Be, readU32Host, writeFamily, writeU32Be, writeU32Host } from './layout.js'
import { checkPort, InvalidAddressError, outOfRange } from './errors.js'
import { formatIPv6, parseIPv6 } from './ip.js'
import { zoneToIndex, indexToZone } from './zone.js'
import type { AddressInfo } from './sockaddr.js'
import { checkKernelLength, copyBytes } from './bytes-arg.js'

/**
 * An IPv6 address, port, scope ID and flow info in a kernel `struct sockaddr_in6`,
 * read and written in place. IPv4-mapped addresses format as '::ffff:a.b.c.d';
 * zones ('fe80::1%lo') become the scope ID and round-trip through `toString()`.
 */
export class SockaddrInet6 {
  /** `AF_INET6` */
  static readonly domain = AF_INET6
  /** `AF_INET6`, as on the class. */
  readonly domain = AF_INET6
  /** The kernel bytes: what the native layer receives, with no encoding step per call. */
  readonly raw: Uint8Array
  /** sizeof(struct sockaddr_in6) */
  readonly length: number = L.sockaddr_in6

  /** `address` may carry a zone ('fe80::1%lo' or '%2'); an explicit `scopeId` wins over it. */
  constructor(address: string | Uint8Array = '::', port = 0, scopeId?: number | string, flowInfo = 0) {
    this.raw = new Uint8Array(L.sockaddr_in6)
    writeFamily(this.raw, AF_INET6, this.length)
    this.address = address
    this.port = port
    if (scopeId !== undefined) this.scopeId = typeof scopeId === 'string' ? zoneToIndex(scopeId) : scopeId
    this.flowInfo = flowInfo
  }

  /** `'IPv6'`, as in Node's `net.AddressInfo`. */
  get family(): 'IPv6' {
    return 'IPv6'
  }

  /** sin6_port, converted from network byte order. */
  get port(): number {
    const o = L.sin6_port
    return (this.raw[o] << 8) | this.raw[o + 1]
  }

  /** Sets the port (0..65535, written in network byte order); anything else is `ERR_SOCK_INVALID_PORT`. */
  set port(port: number) {
    checkPort(port)
    const o = L.sin6_port
    this.raw[o] = port >> 8
    this.raw[o + 1] = port & 0xff
  }

  /** sin6_addr as inet_ntop(3) text, without the zone (see `scopeId`). */
  get address(): string {
    return formatIPv6(this.raw, L.sin6_addr)
  }

  /** Accepts text (with an optional '%zone', which sets `scopeId`) or 16 bytes. */
  set address(address: string | Uint8Array) {
    if (typeof address === 'string') {
      const pct = address.indexOf('%')
      parseIPv6(pct === -1 ? address : address.slice(0, pct), this.raw, L.sin6_addr)
      this.scopeId = pct === -1 ? 0 : zoneToIndex(address.slice(pct + 1))
    } else if (address instanceof Uint8Array && address.length === 16) {
      this.raw.set(address, L.sin6_addr)
    } else {
      throw new InvalidAddressError('an IPv6 address is a string or 16 bytes')
    }
  }

  /** sin6_addr: the 16 address bytes, a view into `raw`. */
  get addressBytes(): Uint8Array {
    return this.raw.subarray(L.sin6_addr, L.sin6_addr + 16)
  }

  /** sin6_scope_id: the interface index of a link-local address (0: none). */
  get scopeId(): number {
    return readU32Host(this.raw, L.sin6_scope_id)
  }

  /** Sets sin6_scope_id (an unsigned 32-bit interface index; 0 for none). */
  set scopeId(id: number) {
    if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) throw outOfRange('scopeId must be an unsigned 32-bit integer')
    writeU32Host(this.raw, L.sin6_scope_id, id)
  }

  /** sin6_flowinfo (traffic class and flow label), converted from network byte order. */
  get flowInfo(): number {
    return readU32Be(this.raw, L.sin6_flowinfo)
  }

  /** Sets sin6_flowinfo (an unsigned 32-bit value, written in network byte order). */
  set flowInfo(v: number) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw outOfRange('flowInfo must be an unsigned 32-bit integer')
    writeU32Be(this.raw, L.sin6_flowinfo, v)
  }

  /** The interface name of `scopeId` ('lo'), its number as text if unknown, '' for none. */
  get zone(): string {
    return indexToZone(this.scopeId)
  }

  /** True for '::'. */
  isUnspecified(): boolean {
    for (let i = 0; i < 16; i++) if (this.raw[L.sin6_addr + i] !== 0) return false
    return true
  }

  /** True for '::ffff:a.b.c.d'. */
  isV4Mapped(): boolean {
    const o = L.sin6_addr
    for (let i = 0; i < 10; i++) if (this.raw[o + i] !== 0) return false
    return this.raw[o + 10] === 0xff && this.raw[o + 11] === 0xff
  }

  /** Copies kernel bytes of an AF_INET6 address into this object (no allocation). */
  copyFrom(bytes: Uint8Array, length: number): this {
    checkKernelLength(bytes, length, 'copyFrom')
    if (length < L.sockaddr_in6 || bytes.length < L.sockaddr_in6 || readFamily(bytes) !== AF_INET6) throw new InvalidAddressError('not an AF_INET6 sockaddr')
    copyBytes(this.raw, bytes, L.sockaddr_in6)
    return this
  }

  /** Checks the length the kernel returned after writing `raw` directly (accept, recvfrom): it must be sizeof(struct sockaddr_in6). */
  setKernelLength(length: number): void {
    if (length !== L.sockaddr_in6 || readFamily(this.raw) !== AF_INET6) throw new InvalidAddressError('the kernel returned a non-AF_INET6 address')
  }

  /** A copy with its own bytes. */
  clone(): SockaddrInet6 {
    return new SockaddrInet6().copyFrom(this.raw, this.length)
  }

  /** Whether `other` is a SockaddrInet6 with the same bytes (address, port, flow info, scope ID). */
  equals(other: unknown): boolean {
    if (!(other instanceof SockaddrInet6)) return false
    for (let i = 0; i < this.length; i++) if (this.raw[i] !== other.raw[i]) return false
    return true
  }

  /** The address with its zone, as Node prints it: 'fe80::1%lo'. */
  get addressWithZone(): string {
    const z = this.zone
    return z ? `${this.address}%${z}` : this.address
  }

  /** Node's `net.AddressInfo`: `{ address, family: 'IPv6', port }` (address with '%zone' when scoped). */
  toAddressInfo(): AddressInfo {
    return { address: this.addressWithZone, family: 'IPv6', port: this.port }
  }

  /** '[::1]:80', '[fe80::1%lo]:80' */
  toString(): string {
    return `[${this.addressWithZone}]:${this.port}`
  }
}
