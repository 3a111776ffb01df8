// The public shapes of @sock/uring: a Ring's options and stats, the callbacks its requests
// take, and the checking of `new Ring()`'s options (before anything is made).
import type { AbortError, SockError } from '@sock/core'
import type { SockaddrInet4, SockaddrInet6 } from '@sock/addr'
import type { UDPMessageInfo } from '@sock/udp'
import { invalidArgType, outOfRange } from '@sock/core'
import { checkInt } from '@sock/core/internal'

/** Options of `new Ring()`. */
export interface RingOptions {
  /** Submission queue entries, 1..32768 (default 4096; the completion queue gets 4x). */
  entries?: number
  /** The provided buffers multishot receives read into (IORING_REGISTER_PBUF_RING). */
  buffers?: {
    /** How many: a power of 2, at most 32768 (default 1024). */
    count?: number
    /** Bytes each, at most 1 MiB (default 4096). */
    size?: number
  }
  /** Completion records handed to JS per call, 1..65536 (default 1024). */
  batch?: number
  /** Bytes of received data per call, at least `buffers.size` (default 1 MiB). */
  arenaSize?: number
  /**
   * Sends of at least this many bytes go as IORING_OP_SEND_ZC (Linux 6.0): the kernel sends from
   * the ring's copy of the bytes instead of copying them again, and hands them back with a
   * notification. Pays for large sends (tens of KiB) through a NIC; on loopback the kernel copies
   * anyway. Default: off. Ignored where the kernel has no SEND_ZC (`zeroCopyMin` says which).
   */
  zeroCopyMin?: number
}

/** What a Ring has in flight and what its zero-copy sends did (`ring.stats()`). */
export interface RingStats {
  /** Requests the kernel has not finished (a multishot one counts once). */
  inflight: number
  /** Sends waiting behind their socket's current one. */
  queued: number
  /** Zero-copy sends the kernel has handed back (IORING_CQE_F_NOTIF). */
  zeroCopySends: number
  /** Of those, how many the kernel copied after all (IORING_NOTIF_USAGE_ZC_COPIED; Linux 6.2, e.g. loopback). */
  zeroCopyCopied: number
}

/** Called with each received chunk: a view valid only during the call (copy what you keep). */
export type DataCallback = (data: Buffer) => void
/** Called with each datagram: a view and its sender (both reused: valid only during the call), and whether it was cut to the buffer. */
export type MessageCallback = (data: Buffer, from: SockaddrInet4 | SockaddrInet6, truncated: boolean) => void
/** Called once when a multishot receive ends: null at EOF, or the error. */
export type EndCallback = (err: SockError | AbortError | null) => void
/** Called when a send completed (all bytes) or failed; `bytes`: how many went out (at least). */
export type SentCallback = (err: SockError | AbortError | null, bytes: number) => void

/** Called when a connect or shutdown completed (null) or failed. */
export type DoneCallback = (err: SockError | null) => void

/** Options of a multishot request, a connect or a send. */
export interface RequestOptions {
  /**
   * Aborting it cancels the request (IORING_OP_ASYNC_CANCEL by its user_data): `onEnd` / `onError`
   * / `onConnected` get an AbortError (ABORT_ERR, the reason as `cause`); bytes already read are
   * delivered first. A send's `onSent` gets it with the bytes that went out, and the sends queued
   * after it are dropped (see `Ring.send`). `AbortSignal.timeout(ms)` makes a timeout.
   */
  signal?: AbortSignal
}

/** Options of `recvMsgMultishot`. */
export interface RecvMsgOptions extends RequestOptions {
  /**
   * Ancillary data too: each datagram's is decoded into this UDPMessageInfo (of the socket's
   * family; reused, read it during the callback) before `onMessage` is called, with `from`,
   * `bytes`, `flags` and `truncated` filled as well. Turn on what you want on the socket first
   * (`setRecvPktInfo`, `setRecvTOS`, `setRecvTTL`, `setTimestampNs`, `setUDPGRO`). Each buffer then
   * holds `info.control.length` (256) bytes of room for it before the payload.
   */
  info?: UDPMessageInfo
}

/** `new Ring()`'s options, checked, with their defaults. */
export function ringOptions(options: RingOptions) {
  if (typeof options !== 'object' || options === null) throw invalidArgType('options must be an object')
  const entries = options.entries ?? 4096
  const count = options.buffers?.count ?? 1024
  const size = options.buffers?.size ?? 4096
  const batch = options.batch ?? 1024
  checkInt(entries, 1, 32768, 'entries')
  checkInt(count, 1, 32768, 'buffers.count')
  if ((count & (count - 1)) !== 0) throw outOfRange('buffers.count must be a power of 2 (at most 32768)')
  checkInt(size, 1, 1 << 20, 'buffers.size')
  checkInt(batch, 1, 65536, 'batch')
  const arenaSize = options.arenaSize ?? Math.max(1 << 20, size)
  checkInt(arenaSize, size, 1 << 30, 'arenaSize (at least buffers.size)')
  const zeroCopyMin = options.zeroCopyMin ?? 0
  checkInt(zeroCopyMin, 0, 0x7fffffff, 'zeroCopyMin')
  return { entries, count, size, batch, arenaSize, zeroCopyMin }
}
