// The structs SCTP options and control messages carry (<linux/sctp.h>), in the kernel's
// layout. Every field is range-checked: a value that does not fit its field is a
// RangeError (ERR_OUT_OF_RANGE), never truncated by a DataView.
import { endianness } from 'node:os'
import { checkInt } from '@sock/core/internal'
import { invalidArgType } from '@sock/addr'
import { native } from './native.js'

const LE = endianness() === 'LE'

/** struct sctp_sndinfo (SCTP_SNDINFO, SCTP_DEFAULT_SNDINFO): all optional when written (0 by default). */
export interface SCTPSndInfo {
  /** The stream id (snd_sid). */
  stream?: number
  /** The payload protocol identifier, sent as given (network byte order on the wire; snd_ppid). */
  ppid?: number
  /** SCTP_UNORDERED, SCTP_EOF, SCTP_ABORT, SCTP_SACK_IMMEDIATELY, ... (snd_flags). */
  flags?: number
  /** Opaque; comes back in a send-failed notification (snd_context). */
  context?: number
  /** The association, for a one-to-many socket (snd_assoc_id). */
  assocId?: number
}

/** A 16-bit unsigned field. */
export function u16(value: number, name: string): number {
  checkInt(value, 0, 0xffff, name)
  return value
}

/** A 32-bit unsigned field. */
export function u32(value: number, name: string): number {
  checkInt(value, 0, 0xffffffff, name)
  return value
}

/** An association id (sctp_assoc_t, a signed 32-bit integer; 0 and SCTP_*_ASSOC are special). */
export function assocIdOf(value: number): number {
  checkInt(value, -0x80000000, 0x7fffffff, 'assocId')
  return value
}

/** An options object (not a string, number or null). */
export function checkObject(o: unknown, what: string): void {
  if (typeof o !== 'object' || o === null) throw invalidArgType(`${what} must be an object`)
}

/** Writes struct sctp_sndinfo for `info` at `at` (every field checked before the first is written). */
export function writeSndInfo(v: DataView, at: number, info: SCTPSndInfo): void {
  checkObject(info, 'info')
  const L = native.sctp.layout.sctp_sndinfo
  const stream = u16(info.stream ?? 0, 'stream')
  const flags = u16(info.flags ?? 0, 'flags')
  const ppid = u32(info.ppid ?? 0, 'ppid')
  const context = u32(info.context ?? 0, 'context')
  const assocId = assocIdOf(info.assocId ?? 0)
  v.setUint16(at + L.snd_sid, stream, LE)
  v.setUint16(at + L.snd_flags, flags, LE)
  v.setUint32(at + L.snd_ppid, ppid, false)
  v.setUint32(at + L.snd_context, context, LE)
  v.setInt32(at + L.snd_assoc_id, assocId, LE)
}

/** Reads struct sctp_sndinfo at `at`. */
export function readSndInfo(v: DataView, at: number): Required<SCTPSndInfo> {
  const L = native.sctp.layout.sctp_sndinfo
  return {
    stream: v.getUint16(at + L.snd_sid, LE),
    flags: v.getUint16(at + L.snd_flags, LE),
    ppid: v.getUint32(at + L.snd_ppid, false),
    context: v.getUint32(at + L.snd_context, LE),
    assocId: v.getInt32(at + L.snd_assoc_id, LE),
  }
}
