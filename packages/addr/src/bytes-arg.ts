import { describeValue, invalidArgType, outOfRange } from './errors.js'

/**
 * Checks that `bytes[offset, offset + length)` exists before a helper reads or
 * writes it: a Uint8Array and integers inside it. Nothing is silently clamped.
 */
export function checkBytesAt(bytes: unknown, offset: unknown, length: unknown, what: string): asserts bytes is Uint8Array {
  what = typeof what === 'string' ? what : describeValue(what) // a message must never fail to format
  if (!(bytes instanceof Uint8Array)) throw invalidArgType(`${what}: the bytes must be a Uint8Array`)
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw outOfRange(`${what}: offset must be an integer >= 0`)
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || offset + length > bytes.length)
    throw outOfRange(`${what}: ${describeValue(length)} bytes at offset ${offset} do not fit in ${bytes.length}`)
}

export function checkText(s: unknown, what: string): asserts s is string {
  if (typeof s !== 'string') throw invalidArgType(`${what} must be a string`)
}

/** A length the kernel reported for `bytes`: an integer >= 0, which may exceed the bytes (it is clamped by the caller). */
export function checkKernelLength(bytes: unknown, length: unknown, what: string): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw invalidArgType(`${what}: the bytes must be a Uint8Array`)
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) throw outOfRange(`${what}: length must be an integer >= 0`)
}

/** Copies src[0, n) to dst[0, n) without making a view (copyFrom runs in per-datagram loops); both ranges are checked. */
export function copyBytes(dst: Uint8Array, src: Uint8Array, n: number): void {
  checkBytesAt(src, 0, n, 'copyBytes (source)')
  checkBytesAt(dst, 0, n, 'copyBytes (destination)')
  for (let i = 0; i < n; i++) dst[i] = src[i]
}
