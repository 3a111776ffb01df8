import { decodeSockaddr, type SockaddrInet4, type SockaddrInet6 } from '@sock/addr'
import { outOfRange } from '@sock/core'
import { checkByteRange } from '@sock/core/internal'
import { S, SL } from './native.js'
import { endianness } from 'node:os'

const LE = endianness() === 'LE'

/** SCTP_ASSOC_CHANGE: an association came up, was lost, restarted, shut down, or could not start. */
export interface AssocChange {
  /** 'assoc_change'. */
  type: 'assoc_change'
  /** 'comm_up' | 'comm_lost' | 'restart' | 'shutdown_comp' | 'cant_str_assoc' */
  state: string
  /** The error code the peer or the stack reported (sac_error), 0 for none. */
  error: number
  /** Outbound streams of the association (sac_outbound_streams). */
  outboundStreams: number
  /** Inbound streams of the association (sac_inbound_streams). */
  inboundStreams: number
  /** The association (sac_assoc_id). */
  assocId: number
}

/** SCTP_PEER_ADDR_CHANGE: a peer address became available, unreachable, was added, removed or made primary. */
export interface PeerAddrChange {
  /** 'peer_addr_change'. */
  type: 'peer_addr_change'
  /** 'available' | 'unreachable' | 'removed' | 'added' | 'made_prim' | 'confirmed' | 'potentially_failed' */
  state: string
  /** The peer address that changed (spc_aaddr). */
  address: SockaddrInet4 | SockaddrInet6 | null
  /** The error code, when the address became unreachable (spc_error). */
  error: number
  /** The association (spc_assoc_id). */
  assocId: number
}

/** SCTP_SHUTDOWN_EVENT: the peer sent SHUTDOWN; no more data will be accepted for sending. */
export interface ShutdownEvent {
  /** 'shutdown'. */
  type: 'shutdown'
  /** The association (sse_assoc_id). */
  assocId: number
}

/** SCTP_SEND_FAILED_EVENT: data that could not be delivered, with its send info. */
export interface SendFailed {
  /** 'send_failed'. */
  type: 'send_failed'
  /** 'unsent' or 'sent' (sent but not acknowledged). */
  state: string
  /** Why the send failed (ssf_error). */
  error: number
  /** The stream of the undelivered message. */
  stream: number
  /** The payload protocol identifier of the undelivered message. */
  ppid: number
  /** The context given with the send. */
  context: number
  /** The association (ssf_assoc_id). */
  assocId: number
  /** The undelivered data (a copy). */
  data: Uint8Array
}

/** Any other notification, undecoded. */
export interface OtherNotification {
  /** 'other'. */
  type: 'other'
  /** The notification type (sn_type: SCTP_REMOTE_ERROR, SCTP_SENDER_DRY_EVENT, ...). */
  snType: number
  /** The notification's bytes (a copy). */
  bytes: Uint8Array
}

/** A decoded notification: `type` says which. */
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
        state: ASSOC_STATES[v.getUint16(SL.sctp_assoc_change.sac_state, LE)] ?? String(v.getUint16(SL.sctp_assoc_change.sac_state, LE)),
        error: v.getUint16(SL.sctp_assoc_change.sac_error, LE),
        outboundStreams: v.getUint16(SL.sctp_assoc_change.sac_outbound_streams, LE),
        inboundStreams: v.getUint16(SL.sctp_assoc_change.sac_inbound_streams, LE),
        assocId: v.getInt32(SL.sctp_assoc_change.sac_assoc_id, LE),
      }
    case S.SCTP_PEER_ADDR_CHANGE: {
      const addr = buf.subarray(SL.sctp_paddr_change.spc_aaddr, Math.min(length, SL.sctp_paddr_change.spc_aaddr + SL.sockaddr_storage))
      return {
        type: 'peer_addr_change',
        state: ADDR_STATES[v.getInt32(SL.sctp_paddr_change.spc_state, LE)] ?? String(v.getInt32(SL.sctp_paddr_change.spc_state, LE)),
        address: decodeSockaddr(addr, addr.length) as SockaddrInet4 | SockaddrInet6 | null,
        error: v.getInt32(SL.sctp_paddr_change.spc_error, LE),
        assocId: v.getInt32(SL.sctp_paddr_change.spc_assoc_id, LE),
      }
    }
    case S.SCTP_SHUTDOWN_EVENT:
      return { type: 'shutdown', assocId: v.getInt32(SL.sctp_shutdown_event.sse_assoc_id, LE) }
    case S.SCTP_SEND_FAILED_EVENT: {
      const flags = v.getUint16(2, LE)
      const info = SL.sctp_send_failed_event.ssfe_info
      return {
        type: 'send_failed',
        state: flags & S.SCTP_DATA_SENT ? 'sent' : 'unsent',
        error: v.getUint32(SL.sctp_send_failed_event.ssf_error, LE),
        stream: v.getUint16(info + SL.sctp_sndinfo.snd_sid, LE),
        ppid: v.getUint32(info + SL.sctp_sndinfo.snd_ppid, false),
        context: v.getUint32(info + SL.sctp_sndinfo.snd_context, LE),
        assocId: v.getInt32(SL.sctp_send_failed_event.ssf_assoc_id, LE),
        data: buf.slice(SL.sctp_send_failed_event.ssf_data, length),
      }
    }
    default:
      return { type: 'other', snType, bytes: buf.slice(0, length) }
  }
}

/** Notification names for `subscribe`, mapped to SCTP_EVENT types. */
export const EVENT_TYPES = {
  /** SCTP_ASSOC_CHANGE: associations coming up and going down. */
  assoc_change: S.SCTP_ASSOC_CHANGE,
  /** SCTP_PEER_ADDR_CHANGE: peer addresses becoming reachable or not. */
  peer_addr_change: S.SCTP_PEER_ADDR_CHANGE,
  /** SCTP_SHUTDOWN_EVENT: the peer shut down. */
  shutdown: S.SCTP_SHUTDOWN_EVENT,
  /** SCTP_SEND_FAILED_EVENT: data that could not be delivered. */
  send_failed: S.SCTP_SEND_FAILED_EVENT,
  /** SCTP_REMOTE_ERROR: an ERROR chunk from the peer. */
  remote_error: S.SCTP_REMOTE_ERROR,
  /** SCTP_PARTIAL_DELIVERY_EVENT: a partial delivery was aborted. */
  partial_delivery: S.SCTP_PARTIAL_DELIVERY_EVENT,
  /** SCTP_ADAPTATION_INDICATION: the peer's adaptation layer indication. */
  adaptation: S.SCTP_ADAPTATION_INDICATION,
  /** SCTP_SENDER_DRY_EVENT: nothing left to send. */
  sender_dry: S.SCTP_SENDER_DRY_EVENT,
} as const

/** A notification name for `subscribe`: a key of EVENT_TYPES. */
export type SCTPEventName = keyof typeof EVENT_TYPES
