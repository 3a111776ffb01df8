import { decodeSockaddr, type SockaddrInet4, type SockaddrInet6 } from '@sock/addr'
import { checkByteRange, outOfRange } from '@sock/core'
import { S, SL } from './native.js'
import { endianness } from 'node:os'

const LE = endianness() === 'LE'

/** SCTP_ASSOC_CHANGE: an association came up, was lost, restarted, shut down, or could not start. */
export interface AssocChange {
  type: 'assoc_change'
  /** 'comm_up' | 'comm_lost' | 'restart' | 'shutdown_comp' | 'cant_str_assoc' */
  state: string
  error: number
  outboundStreams: number
  inboundStreams: number
  assocId: number
}

/** SCTP_PEER_ADDR_CHANGE: a peer address became available, unreachable, was added, removed or made primary. */
export interface PeerAddrChange {
  type: 'peer_addr_change'
  /** 'available' | 'unreachable' | 'removed' | 'added' | 'made_prim' | 'confirmed' | 'potentially_failed' */
  state: string
  address: SockaddrInet4 | SockaddrInet6 | null
  error: number
  assocId: number
}

/** SCTP_SHUTDOWN_EVENT: the peer sent SHUTDOWN; no more data will be accepted for sending. */
export interface ShutdownEvent {
  type: 'shutdown'
  assocId: number
}

/** SCTP_SEND_FAILED_EVENT: data that could not be delivered, with its send info. */
export interface SendFailed {
  type: 'send_failed'
  /** 'unsent' or 'sent' (sent but not acknowledged). */
  state: string
  error: number
  stream: number
  ppid: number
  context: number
  assocId: number
  /** The undelivered data (a copy). */
  data: Uint8Array
}

/** Any other notification, undecoded. */
export interface OtherNotification {
  type: 'other'
  snType: number
  bytes: Uint8Array
}

export type SCTPNotification = AssocChange | PeerAddrChange | ShutdownEvent | SendFailed | OtherNotification

const ASSOC_STATES: Record<number, string> = {
  [S.SCTP_COMM_UP]: 'comm_up',
  [S.SCTP_COMM_LOST]: 'comm_lost',
  [S.SCTP_RESTART]: 'restart',
  [S.SCTP_SHUTDOWN_COMP]: 'shutdown_comp',
  [S.SCTP_CANT_STR_ASSOC]: 'cant_str_assoc',
}
const ADDR_STATES = ['available', 'unreachable', 'removed', 'added', 'made_prim', 'confirmed', 'potentially_failed']

/** Decodes a message received with MSG_NOTIFICATION (`info.notification`). */
export function parseNotification(buf: Uint8Array, length: number): SCTPNotification {
  checkByteRange(buf, 0, length, 'parseNotification')
  try {
    return parse(buf, length, new DataView(buf.buffer, buf.byteOffset, length))
  } catch (err) {
    // a DataView read past `length`: the notification is shorter than its type needs
    if (err instanceof RangeError) throw outOfRange(`parseNotification: ${length} bytes are too few for this notification`)
    throw err
  }
}

function parse(buf: Uint8Array, length: number, v: DataView): SCTPNotification {
  const snType = v.getUint16(0, LE)
  switch (snType) {
    case S.SCTP_ASSOC_CHANGE:
      return {
        type: 'assoc_change',
        state: ASSOC_STATES[v.getUint16(SL.sac_state, LE)] ?? String(v.getUint16(SL.sac_state, LE)),
        error: v.getUint16(SL.sac_error, LE),
        outboundStreams: v.getUint16(SL.sac_outbound_streams, LE),
        inboundStreams: v.getUint16(SL.sac_inbound_streams, LE),
        assocId: v.getInt32(SL.sac_assoc_id, LE),
      }
    case S.SCTP_PEER_ADDR_CHANGE: {
      const addr = buf.subarray(SL.spc_aaddr, Math.min(length, SL.spc_aaddr + SL.sockaddr_storage))
      return {
        type: 'peer_addr_change',
        state: ADDR_STATES[v.getInt32(SL.spc_state, LE)] ?? String(v.getInt32(SL.spc_state, LE)),
        address: decodeSockaddr(addr, addr.length) as SockaddrInet4 | SockaddrInet6 | null,
        error: v.getInt32(SL.spc_error, LE),
        assocId: v.getInt32(SL.spc_assoc_id, LE),
      }
    }
    case S.SCTP_SHUTDOWN_EVENT:
      return { type: 'shutdown', assocId: v.getInt32(SL.sse_assoc_id, LE) }
    case S.SCTP_SEND_FAILED_EVENT: {
      const flags = v.getUint16(2, LE)
      const info = SL.ssfe_info
      return {
        type: 'send_failed',
        state: flags & S.SCTP_DATA_SENT ? 'sent' : 'unsent',
        error: v.getUint32(SL.ssf_error, LE),
        stream: v.getUint16(info + SL.snd_sid, LE),
        ppid: v.getUint32(info + SL.snd_ppid, false),
        context: v.getUint32(info + SL.snd_context, LE),
        assocId: v.getInt32(SL.ssf_assoc_id, LE),
        data: buf.slice(SL.ssf_data, length),
      }
    }
    default:
      return { type: 'other', snType, bytes: buf.slice(0, length) }
  }
}

/** Notification names for `subscribe`, mapped to SCTP_EVENT types. */
export const EVENT_TYPES = {
  assoc_change: S.SCTP_ASSOC_CHANGE,
  peer_addr_change: S.SCTP_PEER_ADDR_CHANGE,
  shutdown: S.SCTP_SHUTDOWN_EVENT,
  send_failed: S.SCTP_SEND_FAILED_EVENT,
  remote_error: S.SCTP_REMOTE_ERROR,
  partial_delivery: S.SCTP_PARTIAL_DELIVERY_EVENT,
  adaptation: S.SCTP_ADAPTATION_INDICATION,
  sender_dry: S.SCTP_SENDER_DRY_EVENT,
} as const

export type SCTPEventName = keyof typeof EVENT_TYPES
