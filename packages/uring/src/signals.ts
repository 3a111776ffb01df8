// AbortSignals on ring requests: watching one (its listener removed when the request
// ends), checking a multishot request's options, and reporting a send that has a signal.
import { AbortError, SockError } from '@sock/core'
import { errnoError, signalOf } from '@sock/core/internal'
import type { RequestOptions, SentCallback } from './options.js'

// A send with a signal: its callback, its length (a shorter completion is an abort's), its abort.
export interface SignalledSend {
  readonly cb: SentCallback | null
  readonly len: number
  abort: Abort | null
}

// A request's signal: its listener (removed when the request ends) and, once fired, the reason.
export interface Abort {
  readonly signal: AbortSignal
  readonly listener: () => void
  reason: unknown
  fired: boolean
}

/** Calls `onAbort` when `signal` fires, recording that it did and why. */
export function watchSignal(signal: AbortSignal, onAbort: () => void): Abort {
  const abort: Abort = {
    signal,
    reason: undefined,
    fired: false,
    listener: () => {
      abort.fired = true
      abort.reason = signal.reason
      onAbort()
    },
  }
  signal.addEventListener('abort', abort.listener, { once: true })
  return abort
}

/** The request is over: its signal no longer acts. */
export function unwatch(abort: Abort | null): void {
  abort?.signal.removeEventListener('abort', abort.listener)
}

/**
 * Calls a send's callback with its result: `res` the bytes sent or -errno; with `abortReason`
 * (a send dropped by an abort) or a fired signal and fewer bytes than the send had, an AbortError.
 */
export function reportSend(s: SentCallback | SignalledSend | null, res: number, abortReason?: unknown): void {
  if (s === null) return
  const bytes = res < 0 ? 0 : res
  if (typeof s === 'function') return s(abortReason !== undefined ? new AbortError(abortReason) : res < 0 ? errnoError(res, 'send') : null, bytes)
  unwatch(s.abort)
  if (abortReason !== undefined || (s.abort!.fired && res < s.len)) s.cb?.(new AbortError(abortReason ?? s.abort!.reason), bytes)
  else s.cb?.(res < 0 ? errnoError(res, 'send') : null, bytes)
}

/**
 * A multishot request's options, and the one request of its kind a socket may have: checked
 * before any SQE is taken. Returns the options' signal (read once).
 */
export function checkMultishot(options: RequestOptions | undefined, busy: boolean, what: 'accept' | 'receive'): AbortSignal | undefined {
  const signal = signalOf(options)
  if (signal?.aborted) throw new AbortError(signal.reason)
  if (busy) throw new SockError(`this socket already has a multishot ${what} on this ring`, { code: 'ERR_SOCK_BUSY' })
  return signal
}
