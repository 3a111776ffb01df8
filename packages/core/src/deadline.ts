import { performance } from 'node:perf_hooks'
import { invalidArgType } from '@sock/addr'

/** A deadline as given by users: ms since the epoch, a Date, or 0 / null to clear. */
export type DeadlineInput = number | Date | null | undefined

/** Monotonic milliseconds (CLOCK_MONOTONIC through libuv's hrtime), the clock deadlines are kept in. */
export const monotonicNow: () => number = performance.now.bind(performance)

/**
 * Converts a wall-clock deadline to monotonic time once, when it is set, so that
 * later clock changes do not move it. 0 / null / undefined mean "no deadline" (0).
 */
export function toMonotonicDeadline(t: DeadlineInput): number {
  if (t === 0 || t === null || t === undefined) return 0
  const ms = t instanceof Date ? t.getTime() : t
  if (typeof ms !== 'number' || Number.isNaN(ms)) throw invalidArgType('a deadline is ms since the epoch, a Date, or 0 to clear')
  if (ms === Infinity) return 0
  // Never 0 (which means none): a deadline in the distant past is simply "expired".
  return Math.max(monotonicNow() + (ms - Date.now()), Number.MIN_VALUE)
}

/** The earlier of two monotonic deadlines, 0 meaning none. */
export function earliest(a: number, b: number): number {
  if (a === 0) return b
  if (b === 0) return a
  return Math.min(a, b)
}
