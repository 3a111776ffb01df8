// IPPROTO_SCTP (SOL_SCTP) options, sorted by C name. @sock/sctp's socket methods
// (setNoDelay, getInitMsg, getStatus, ...) are these functions; here they also take an fd.
import { endianness } from 'node:os'
import { readFileSync } from 'node:fs'
import { decodeSockaddr, outOfRange, type SockaddrInet4, type SockaddrInet6 } from '@sock/addr'
import { getBool, getBytes, getInt, setBool, setBytes, setInt, type SocketTarget } from './target.js'
import { assocIdOf, checkObject, readSndInfo, u16, u32, writeSndInfo, type SCTPSndInfo } from './sctp-structs.js'
import { native } from './native.js'

export type { SCTPSndInfo } from './sctp-structs.js'

const LE = endianness() === 'LE'
const L = () => native.sctp.layout

/** SCTP_INITMSG: stream counts and INIT retransmission limits of the next association. */
export interface SCTPInitMsg {
  /** Outbound streams requested (sinit_num_ostreams). */
  numOstreams: number
  /** Inbound streams accepted at most (sinit_max_instreams). */
  maxInstreams: number
  /** INIT retransmissions before giving up (sinit_max_attempts). */
  maxAttempts: number
  /** The largest INIT retransmission timeout, in ms (sinit_max_init_timeo). */
  maxInitTimeo: number
}

/** SCTP_STATUS of an association. */
export interface SCTPStatus {
  /** The association (sstat_assoc_id). */
  assocId: number
  /** SCTP_ESTABLISHED, ... (the kernel's numbers, in `native.sctp.constants`; sstat_state). */
  state: number
  /** The peer's receive window, in bytes (sstat_rwnd). */
  rwnd: number
  /** DATA chunks sent and not acknowledged (sstat_unackdata). */
  unackdata: number
  /** DATA chunks waiting to be received (sstat_penddata). */
  penddata: number
  /** Inbound streams (sstat_instrms). */
  instrms: number
  /** Outbound streams (sstat_outstrms). */
  outstrms: number
  /** Messages larger than this, in bytes, are fragmented (sstat_fragmentation_point). */
  fragmentationPoint: number
  /** The primary path (sstat_primary). */
  primary: SCTPPathStatus
}

/** struct sctp_paddrinfo: one path of an association. */
export interface SCTPPathStatus {
  /** The peer address of the path (spinfo_address). */
  address: SockaddrInet4 | SockaddrInet6 | null
  /** SCTP_ACTIVE, SCTP_INACTIVE, ... (spinfo_state). */
  state: number
  /** The congestion window, in bytes (spinfo_cwnd). */
  cwnd: number
  /** The smoothed round-trip time, in ms (spinfo_srtt). */
  srtt: number
  /** The retransmission timeout, in ms (spinfo_rto). */
  rto: number
  /** The path MTU, in bytes (spinfo_mtu). */
  mtu: number
}

/** struct sctp_assoc_value options: read for `assocId`. */
function getAssocValue(s: SocketTarget, name: string, assocId: number): number {
  const b = new Uint8Array(L().sctp_assoc_value.size)
  const v = new DataView(b.buffer)
  v.setInt32(L().sctp_assoc_value.assoc_id, assocIdOf(assocId), LE)
  getBytes(s, 'SOL_SCTP', name, b)
  return v.getUint32(L().sctp_assoc_value.assoc_value, LE)
}

/** struct sctp_assoc_value options: set for `assocId`. */
function setAssocValue(s: SocketTarget, name: string, value: number, assocId: number): void {
  const b = new Uint8Array(L().sctp_assoc_value.size)
  const v = new DataView(b.buffer)
  v.setUint32(L().sctp_assoc_value.assoc_value, u32(value, 'value'), LE)
  v.setInt32(L().sctp_assoc_value.assoc_id, assocIdOf(assocId), LE)
  setBytes(s, 'SOL_SCTP', name, b)
}

/** net.sctp.max_autoclose, seconds (the kernel caps SCTP_AUTOCLOSE there silently), or null if unreadable. */
function maxAutoclose(): number | null {
  try {
    return Number(readFileSync('/proc/sys/net/sctp/max_autoclose', 'latin1'))
  } catch {
    return null
  }
}

/** SCTP_AUTOCLOSE: seconds an idle association of a one-to-many socket lives (0: never). */
export const getSCTPAutoclose = (s: SocketTarget): number => getInt(s, 'SOL_SCTP', 'SCTP_AUTOCLOSE')
/** Sets SCTP_AUTOCLOSE; see {@link getSCTPAutoclose}. More than net.sctp.max_autoclose is ERR_OUT_OF_RANGE (the kernel would cap it). */
export function setSCTPAutoclose(s: SocketTarget, seconds: number): void {
  const max = maxAutoclose()
  if (max !== null && typeof seconds === 'number' && seconds > max) throw outOfRange(`SCTP_AUTOCLOSE takes seconds, 0..${max} (net.sctp.max_autoclose)`)
  setInt(s, 'SOL_SCTP', 'SCTP_AUTOCLOSE', seconds, 0, 0x7fffffff, 'seconds >= 0 (0: never)')
}

/** SCTP_CONTEXT: the default context of sends (of association `assocId`). */
export const getSCTPContext = (s: SocketTarget, assocId = 0): number => getAssocValue(s, 'SCTP_CONTEXT', assocId)
/** Sets SCTP_CONTEXT (a 32-bit unsigned value); see {@link getSCTPContext}. */
export const setSCTPContext = (s: SocketTarget, context: number, assocId = 0): void => setAssocValue(s, 'SCTP_CONTEXT', context, assocId)

/** SCTP_DEFAULT_SNDINFO: the send info used when a send gives none (of association `assocId`). */
export function getSCTPDefaultSndInfo(s: SocketTarget, assocId = 0): Required<SCTPSndInfo> {
  const b = new Uint8Array(L().sctp_sndinfo.size)
  const v = new DataView(b.buffer)
  v.setInt32(L().sctp_sndinfo.snd_assoc_id, assocIdOf(assocId), LE)
  getBytes(s, 'SOL_SCTP', 'SCTP_DEFAULT_SNDINFO', b)
  return readSndInfo(v, 0)
}
/** Sets SCTP_DEFAULT_SNDINFO; see {@link getSCTPDefaultSndInfo}. */
export function setSCTPDefaultSndInfo(s: SocketTarget, info: SCTPSndInfo): void {
  const b = new Uint8Array(L().sctp_sndinfo.size)
  writeSndInfo(new DataView(b.buffer), 0, info)
  setBytes(s, 'SOL_SCTP', 'SCTP_DEFAULT_SNDINFO', b)
}

/** SCTP_DISABLE_FRAGMENTS: fail (EMSGSIZE) rather than fragment messages larger than the path MTU. */
export const getSCTPDisableFragments = (s: SocketTarget): boolean => getBool(s, 'SOL_SCTP', 'SCTP_DISABLE_FRAGMENTS')
/** Sets SCTP_DISABLE_FRAGMENTS; see {@link getSCTPDisableFragments}. */
export const setSCTPDisableFragments = (s: SocketTarget, on: boolean): void => setBool(s, 'SOL_SCTP', 'SCTP_DISABLE_FRAGMENTS', on)

/** SCTP_FRAGMENT_INTERLEAVE: 0, 1 or 2 (how partial deliveries of different messages may interleave). */
export const getSCTPFragmentInterleave = (s: SocketTarget): number => getInt(s, 'SOL_SCTP', 'SCTP_FRAGMENT_INTERLEAVE')
/** Sets SCTP_FRAGMENT_INTERLEAVE; see {@link getSCTPFragmentInterleave}. */
export const setSCTPFragmentInterleave = (s: SocketTarget, level: number): void => setInt(s, 'SOL_SCTP', 'SCTP_FRAGMENT_INTERLEAVE', level, 0, 2, '0, 1 or 2')

/** SCTP_I_WANT_MAPPED_V4_ADDR: IPv4 peers of an IPv6 socket appear as '::ffff:a.b.c.d'. */
export const getSCTPMappedV4 = (s: SocketTarget): boolean => getBool(s, 'SOL_SCTP', 'SCTP_I_WANT_MAPPED_V4_ADDR')
/** Sets SCTP_I_WANT_MAPPED_V4_ADDR; see {@link getSCTPMappedV4}. */
export const setSCTPMappedV4 = (s: SocketTarget, on: boolean): void => setBool(s, 'SOL_SCTP', 'SCTP_I_WANT_MAPPED_V4_ADDR', on)

/** SCTP_INITMSG: streams requested and INIT retransmission limits, used by the next association. */
export function getSCTPInitMsg(s: SocketTarget): SCTPInitMsg {
  const I = L().sctp_initmsg
  const b = new Uint8Array(I.size)
  getBytes(s, 'SOL_SCTP', 'SCTP_INITMSG', b)
  const v = new DataView(b.buffer)
  return {
    numOstreams: v.getUint16(I.sinit_num_ostreams, LE),
    maxInstreams: v.getUint16(I.sinit_max_instreams, LE),
    maxAttempts: v.getUint16(I.sinit_max_attempts, LE),
    maxInitTimeo: v.getUint16(I.sinit_max_init_timeo, LE),
  }
}
/** Sets SCTP_INITMSG; fields left out keep their current values. See {@link getSCTPInitMsg}. */
export function setSCTPInitMsg(s: SocketTarget, m: Partial<SCTPInitMsg>): void {
  checkObject(m, 'setSCTPInitMsg')
  const I = L().sctp_initmsg
  const numOstreams = m.numOstreams === undefined ? undefined : u16(m.numOstreams, 'numOstreams')
  const maxInstreams = m.maxInstreams === undefined ? undefined : u16(m.maxInstreams, 'maxInstreams')
  const maxAttempts = m.maxAttempts === undefined ? undefined : u16(m.maxAttempts, 'maxAttempts')
  const maxInitTimeo = m.maxInitTimeo === undefined ? undefined : u16(m.maxInitTimeo, 'maxInitTimeo')
  const cur = getSCTPInitMsg(s)
  const b = new Uint8Array(I.size)
  const v = new DataView(b.buffer)
  v.setUint16(I.sinit_num_ostreams, numOstreams ?? cur.numOstreams, LE)
  v.setUint16(I.sinit_max_instreams, maxInstreams ?? cur.maxInstreams, LE)
  v.setUint16(I.sinit_max_attempts, maxAttempts ?? cur.maxAttempts, LE)
  v.setUint16(I.sinit_max_init_timeo, maxInitTimeo ?? cur.maxInitTimeo, LE)
  setBytes(s, 'SOL_SCTP', 'SCTP_INITMSG', b)
}

/** SCTP_MAX_BURST: packets sent in one burst (of association `assocId`). */
export const getSCTPMaxBurst = (s: SocketTarget, assocId = 0): number => getAssocValue(s, 'SCTP_MAX_BURST', assocId)
/** Sets SCTP_MAX_BURST; see {@link getSCTPMaxBurst}. */
export const setSCTPMaxBurst = (s: SocketTarget, packets: number, assocId = 0): void => setAssocValue(s, 'SCTP_MAX_BURST', packets, assocId)

/** SCTP_MAXSEG: the largest fragment, in bytes (0: the path MTU decides), of association `assocId`. */
export const getSCTPMaxseg = (s: SocketTarget, assocId = 0): number => getAssocValue(s, 'SCTP_MAXSEG', assocId)
/** Sets SCTP_MAXSEG; see {@link getSCTPMaxseg}. */
export const setSCTPMaxseg = (s: SocketTarget, bytes: number, assocId = 0): void => setAssocValue(s, 'SCTP_MAXSEG', bytes, assocId)

/** SCTP_NODELAY: send at once instead of bundling small messages. */
export const getSCTPNoDelay = (s: SocketTarget): boolean => getBool(s, 'SOL_SCTP', 'SCTP_NODELAY')
/** Sets SCTP_NODELAY; see {@link getSCTPNoDelay}. */
export const setSCTPNoDelay = (s: SocketTarget, on: boolean): void => setBool(s, 'SOL_SCTP', 'SCTP_NODELAY', on)

/** SCTP_PARTIAL_DELIVERY_POINT: bytes of a message received before partial delivery starts. */
export const getSCTPPartialDeliveryPoint = (s: SocketTarget): number => getInt(s, 'SOL_SCTP', 'SCTP_PARTIAL_DELIVERY_POINT') >>> 0
/** Sets SCTP_PARTIAL_DELIVERY_POINT; see {@link getSCTPPartialDeliveryPoint}. */
export const setSCTPPartialDeliveryPoint = (s: SocketTarget, bytes: number): void =>
  setInt(s, 'SOL_SCTP', 'SCTP_PARTIAL_DELIVERY_POINT', u32(bytes, 'bytes') | 0, -0x80000000, 0x7fffffff, 'bytes, 0..2^32-1')

/** SCTP_RECVRCVINFO: deliver SCTP_RCVINFO (stream, ppid, ...) with each message (on for sockets @sock/sctp opens). */
export const getSCTPRecvRcvInfo = (s: SocketTarget): boolean => getBool(s, 'SOL_SCTP', 'SCTP_RECVRCVINFO')
/** Sets SCTP_RECVRCVINFO; see {@link getSCTPRecvRcvInfo}. */
export const setSCTPRecvRcvInfo = (s: SocketTarget, on: boolean): void => setBool(s, 'SOL_SCTP', 'SCTP_RECVRCVINFO', on)

/** SCTP_STATUS: the association's state, windows, streams and primary path. */
export function getSCTPStatus(s: SocketTarget, assocId = 0): SCTPStatus {
  const T = L().sctp_status
  const P = L().sctp_paddrinfo
  const b = new Uint8Array(T.size)
  const v = new DataView(b.buffer)
  v.setInt32(T.sstat_assoc_id, assocIdOf(assocId), LE)
  getBytes(s, 'SOL_SCTP', 'SCTP_STATUS', b)
  const p = T.sstat_primary
  const a = p + P.spinfo_address
  const family = v.getUint16(a, LE)
  const length = family === native.constants.AF_INET ? native.layout.sockaddr_in : family === native.constants.AF_INET6 ? native.layout.sockaddr_in6 : 0
  const address = length === 0 ? null : (decodeSockaddr(b.subarray(a, a + length), length) as SockaddrInet4 | SockaddrInet6)
  return {
    assocId: v.getInt32(T.sstat_assoc_id, LE),
    state: v.getInt32(T.sstat_state, LE),
    rwnd: v.getUint32(T.sstat_rwnd, LE),
    unackdata: v.getUint16(T.sstat_unackdata, LE),
    penddata: v.getUint16(T.sstat_penddata, LE),
    instrms: v.getUint16(T.sstat_instrms, LE),
    outstrms: v.getUint16(T.sstat_outstrms, LE),
    fragmentationPoint: v.getUint32(T.sstat_fragmentation_point, LE),
    primary: {
      address,
      state: v.getInt32(p + P.spinfo_state, LE),
      cwnd: v.getUint32(p + P.spinfo_cwnd, LE),
      srtt: v.getUint32(p + P.spinfo_srtt, LE),
      rto: v.getUint32(p + P.spinfo_rto, LE),
      mtu: v.getUint32(p + P.spinfo_mtu, LE),
    },
  }
}
