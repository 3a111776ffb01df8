// Kernel struct layouts and constants, read from the C headers by @sock/native.
import native from '@sock/native'

export const L = native.layout
/** AF_INET: the IPv4 address family, as this system numbers it. */
export const AF_INET = native.constants.AF_INET
/** AF_INET6: the IPv6 address family, as this system numbers it. */
export const AF_INET6 = native.constants.AF_INET6
/** AF_UNIX: the Unix-domain address family, as this system numbers it. */
export const AF_UNIX = native.constants.AF_UNIX
/** AF_UNSPEC: no address family (an unspecified or unnamed address). */
export const AF_UNSPEC = native.constants.AF_UNSPEC
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** Reads sa_family from kernel sockaddr bytes (host byte order). */
export function readFamily(raw: Uint8Array): number {
  const o = L.sa_family_offset
  return L.sa_family_size === 1 ? raw[o] : littleEndian ? raw[o] | (raw[o + 1] << 8) : (raw[o] << 8) | raw[o + 1]
}

/** Writes sa_family (and, on BSD, sa_len) into kernel sockaddr bytes. */
export function writeFamily(raw: Uint8Array, family: number, length: number): void {
  if (L.sa_len) raw[0] = length
  const o = L.sa_family_offset
  if (L.sa_family_size === 1) raw[o] = family
  else {
    raw[o + (littleEndian ? 0 : 1)] = family & 0xff
    raw[o + (littleEndian ? 1 : 0)] = family >> 8
  }
}

export function readU32Host(raw: Uint8Array, o: number): number {
  return littleEndian
    ? (raw[o] | (raw[o + 1] << 8) | (raw[o + 2] << 16) | (raw[o + 3] << 24)) >>> 0
    : ((raw[o] << 24) | (raw[o + 1] << 16) | (raw[o + 2] << 8) | raw[o + 3]) >>> 0
}

export function writeU32Host(raw: Uint8Array, o: number, v: number): void {
  if (!littleEndian) return writeU32Be(raw, o, v)
  raw[o] = v & 0xff
  raw[o + 1] = (v >>> 8) & 0xff
  raw[o + 2] = (v >>> 16) & 0xff
  raw[o + 3] = v >>> 24
}

export function readU32Be(raw: Uint8Array, o: number): number {
  return ((raw[o] << 24) | (raw[o + 1] << 16) | (raw[o + 2] << 8) | raw[o + 3]) >>> 0
}

export function writeU32Be(raw: Uint8Array, o: number, v: number): void {
  raw[o] = v >>> 24
  raw[o + 1] = (v >>> 16) & 0xff
  raw[o + 2] = (v >>> 8) & 0xff
  raw[o + 3] = v & 0xff
}
