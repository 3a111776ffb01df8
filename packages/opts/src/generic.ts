import { errnoError, restOf } from '@sock/core/internal'
import { native } from './native.js'
import { fdOf, type SocketTarget } from './target.js'

/** getsockopt(2) for anything without its own function: fills `out`, returns the option's length in bytes. */
export function getsockopt(s: SocketTarget, level: number, name: number, out: Uint8Array): number {
  const r = native.getsockopt(fdOf(s), level, name, out)
  if (r < 0) throw errnoError(r, 'getsockopt')
  return r
}

/** setsockopt(2) with raw bytes. */
export function setsockopt(s: SocketTarget, level: number, name: number, value: Uint8Array): void {
  const r = native.setsockopt(fdOf(s), level, name, value, restOf(value, 0))
  if (r < 0) throw errnoError(r, 'setsockopt')
}
