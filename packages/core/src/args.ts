// Argument checks shared by the protocol packages: a bad argument is a
// TypeError/RangeError with Node's codes (as the native layer's), never a
// stray "cannot read properties of undefined". None allocates on success.
import { checkBytesAt, invalidArgType, invalidArgValue, outOfRange, isSockaddr, type Sockaddr } from '@sock/addr'

/**
 * The bytes of `buf` from `offset` on, for a default `length` parameter. Never
 * throws: for a bad `buf` or `offset` it returns 0 and the native call that
 * receives them reports the error with its code.
 */
export function restOf(buf: unknown, offset: unknown): number {
  return buf instanceof Uint8Array && typeof offset === 'number' ? buf.byteLength - offset : 0
}

/** Throws `ERR_INVALID_ARG_TYPE` unless `buf` is a Uint8Array (Buffer included). */
export function checkBytes(buf: unknown, name = 'buffer'): asserts buf is Uint8Array {
  if (!(buf instanceof Uint8Array)) throw invalidArgType(`${name} must be a Uint8Array`)
}

/**
 * `buf[offset, offset + length)` for code that walks bytes in JS (the native
 * layer checks its own calls): nothing can run past the bytes or clamp silently.
 * The check is @sock/addr's `checkBytesAt`, under the name protocol packages use.
 */
export function checkByteRange(buf: unknown, offset: unknown, length: unknown, what = 'buffer'): asserts buf is Uint8Array {
  checkBytesAt(buf, offset, length, what)
}

/** A caller-owned Sockaddr to receive an address into, or null. */
export function checkSockaddrOut(sa: unknown, name = 'from'): asserts sa is Sockaddr | null {
  if (sa !== null && !isSockaddr(sa)) throw invalidArgType(`${name} must be a Sockaddr (to receive the address into) or null`)
}

/**
 * The `signal` of an options object, read once (a getter runs once: it cannot pass the check and
 * then answer otherwise): an AbortSignal or undefined; ERR_INVALID_ARG_TYPE for anything else.
 */
export function signalOf(options: { signal?: unknown } | null | undefined): AbortSignal | undefined {
  const signal = options?.signal
  const bad = badSignalValue(signal)
  if (bad) throw bad
  return signal as AbortSignal | undefined
}

/** The error of a `signal` already read from its options (null: an AbortSignal or undefined). */
export function badSignalValue(signal: unknown): Error | null {
  return signal === undefined || signal instanceof AbortSignal ? null : invalidArgType('signal must be an AbortSignal')
}

/** Throws `ERR_INVALID_ARG_TYPE` unless `value` is a string. */
export function checkString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw invalidArgType(`${name} must be a string`)
}

/** An integer in [min, max] (a count, an index, a size). */
export function checkInt(value: unknown, min: number, max: number, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw outOfRange(`${name} must be an integer from ${min} to ${max}`)
}

export { invalidArgType, invalidArgValue, outOfRange }

/**
 * Copies the caller's buffers for readv/writev into `into` (reused: no
 * allocation once its length fits) after checking that each is a Uint8Array,
 * and returns their total length. Reading the caller's array can run getters:
 * they run here, before the fd is read and before native code takes any
 * buffer's memory, so no getter can close the socket or detach a buffer
 * mid-call. An empty array is `ERR_OUT_OF_RANGE`.
 */
export function copyBuffers(buffers: unknown, into: Uint8Array[], what: string): number {
  if (!Array.isArray(buffers)) throw invalidArgType(`${what} takes an array of Uint8Arrays`)
  const n = buffers.length
  if (n === 0) throw outOfRange(`${what} needs at least one buffer`)
  if (into.length !== n) into.length = n
  let total = 0
  for (let i = 0; i < n; i++) {
    const b: unknown = buffers[i]
    if (!(b instanceof Uint8Array)) throw invalidArgType(`${what}: buffers[${i}] must be a Uint8Array`)
    into[i] = b
  }
  for (let i = 0; i < n; i++) total += into[i].byteLength // after every getter ran
  return total
}
