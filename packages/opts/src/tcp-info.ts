// TCP_INFO: the whole Linux `struct tcp_info`, decoded from a reused buffer.
// Offsets are the kernel's uapi layout (include/uapi/linux/tcp.h), which only
// ever grows at the end; `length` says how much of it the running kernel
// filled, so fields an older kernel lacks are not mistaken for zeros.
import { native } from './native.js'
import { fdOf, type SocketTarget } from './target.js'
import { invalidArgType } from '@sock/core'
import { errnoError } from '@sock/core/internal'
import { TCPI_OPT_ECN, TCPI_OPT_ECN_SEEN, TCPI_OPT_SACK, TCPI_OPT_SYN_DATA, TCPI_OPT_TIMESTAMPS, TCPI_OPT_USEC_TS, TCPI_OPT_WSCALE } from './tcp-states.js'
import { decode } from './tcp-info-decode.js'

const C = native.constants

type Kind = 'u8' | 'u16' | 'u32' | 'u64'
// [name, offset, kind]: struct tcp_info field by field (bitfields handled apart). `has()` reads
// it; tcp-info-decode.ts decodes the same offsets straight-line (a test checks the two agree).
export const FIELDS: readonly (readonly [keyof TCPInfoFields, number, Kind])[] = [
  ['state', 0, 'u8'],
  ['caState', 1, 'u8'],
  ['retransmits', 2, 'u8'],
  ['probes', 3, 'u8'],
  ['backoff', 4, 'u8'],
  ['options', 5, 'u8'],
  ['rto', 8, 'u32'],
  ['ato', 12, 'u32'],
  ['sndMss', 16, 'u32'],
  ['rcvMss', 20, 'u32'],
  ['unacked', 24, 'u32'],
  ['sacked', 28, 'u32'],
  ['lost', 32, 'u32'],
  ['retrans', 36, 'u32'],
  ['fackets', 40, 'u32'],
  ['lastDataSent', 44, 'u32'],
  ['lastAckSent', 48, 'u32'],
  ['lastDataRecv', 52, 'u32'],
  ['lastAckRecv', 56, 'u32'],
  ['pmtu', 60, 'u32'],
  ['rcvSsthresh', 64, 'u32'],
  ['rtt', 68, 'u32'],
  ['rttvar', 72, 'u32'],
  ['sndSsthresh', 76, 'u32'],
  ['sndCwnd', 80, 'u32'],
  ['advmss', 84, 'u32'],
  ['reordering', 88, 'u32'],
  ['rcvRtt', 92, 'u32'],
  ['rcvSpace', 96, 'u32'],
  ['totalRetrans', 100, 'u32'],
  ['pacingRate', 104, 'u64'],
  ['maxPacingRate', 112, 'u64'],
  ['bytesAcked', 120, 'u64'],
  ['bytesReceived', 128, 'u64'],
  ['segsOut', 136, 'u32'],
  ['segsIn', 140, 'u32'],
  ['notsentBytes', 144, 'u32'],
  ['minRtt', 148, 'u32'],
  ['dataSegsIn', 152, 'u32'],
  ['dataSegsOut', 156, 'u32'],
  ['deliveryRate', 160, 'u64'],
  ['busyTime', 168, 'u64'],
  ['rwndLimited', 176, 'u64'],
  ['sndbufLimited', 184, 'u64'],
  ['delivered', 192, 'u32'],
  ['deliveredCe', 196, 'u32'],
  ['bytesSent', 200, 'u64'],
  ['bytesRetrans', 208, 'u64'],
  ['dsackDups', 216, 'u32'],
  ['reordSeen', 220, 'u32'],
  ['rcvOoopack', 224, 'u32'],
  ['sndWnd', 228, 'u32'],
  ['rcvWnd', 232, 'u32'],
  ['rehash', 236, 'u32'],
  ['totalRto', 240, 'u16'],
  ['totalRtoRecoveries', 242, 'u16'],
  ['totalRtoTime', 244, 'u32'],
  ['receivedCe', 248, 'u32'],
  ['deliveredE1Bytes', 252, 'u32'],
  ['deliveredE0Bytes', 256, 'u32'],
  ['deliveredCeBytes', 260, 'u32'],
  ['receivedE1Bytes', 264, 'u32'],
  ['receivedE0Bytes', 268, 'u32'],
  ['receivedCeBytes', 272, 'u32'],
]

/**
 * Bytes of struct tcp_info this library decodes (through tcpi_received_ce_bytes, Linux 6.18).
 * The 4 bytes after it (AccECN modes and flags, 280 in all) changed shape while the feature was
 * merged and are left undecoded: read them from `raw` if needed.
 */
export const TCP_INFO_KNOWN_SIZE = 276
/** Room for what newer kernels append. */
const BUFFER_SIZE = 512

/**
 * The fields of struct tcp_info in camelCase (`tcpi_snd_cwnd` is `sndCwnd`).
 * Times are in the kernel's units: µs for rtt, rttvar, rto, ato, minRtt, rcvRtt,
 * busyTime, rwndLimited, sndbufLimited; ms for lastDataSent/Recv, lastAckSent/Recv,
 * totalRtoTime; rates in bytes/s (a 64-bit ~0 "unlimited" is Infinity).
 */
export interface TCPInfoFields {
  /** tcpi_state: the connection state, one of the TCP_* constants (TCP_ESTABLISHED, ...). */
  state: number
  /** tcpi_ca_state: the congestion-avoidance state (TCP_CA_OPEN 0, TCP_CA_DISORDER 1, TCP_CA_CWR 2, TCP_CA_RECOVERY 3, TCP_CA_LOSS 4). */
  caState: number
  /** tcpi_retransmits: consecutive retransmissions of the oldest unacknowledged segment (RTO timeouts). */
  retransmits: number
  /** tcpi_probes: unanswered zero-window or keepalive probes. */
  probes: number
  /** tcpi_backoff: the exponential backoff shift of the retransmission timer. */
  backoff: number
  /** tcpi_options: negotiated options, a TCPI_OPT_* bit set (timestamps 1, SACK 2, window scale 4, ECN 8, ECN seen 16, SYN data 32). */
  options: number
  /** tcpi_snd_wscale: the window scale the peer announced (shift, 0-14). */
  sndWscale: number
  /** tcpi_rcv_wscale: the window scale this end announced (shift, 0-14). */
  rcvWscale: number
  /** tcpi_delivery_rate_app_limited: whether `deliveryRate` was measured while the application, not the network, limited sending. */
  deliveryRateAppLimited: boolean
  /** tcpi_fastopen_client_fail: why a TCP Fast Open client fell back (0 unspecified, 1 no cookie, 2 SYN data not acked, 3 SYN retransmitted). */
  fastopenClientFail: number
  /** tcpi_rto: the retransmission timeout, in µs. */
  rto: number
  /** tcpi_ato: the delayed-ACK timeout, in µs. */
  ato: number
  /** tcpi_snd_mss: the maximum segment size for sending, in bytes. */
  sndMss: number
  /** tcpi_rcv_mss: the estimated maximum segment size the peer sends, in bytes. */
  rcvMss: number
  /** tcpi_unacked: segments sent and not yet acknowledged (on a listener: the accept queue length). */
  unacked: number
  /** tcpi_sacked: segments selectively acknowledged (on a listener: the accept queue limit, the backlog). */
  sacked: number
  /** tcpi_lost: segments presumed lost. */
  lost: number
  /** tcpi_retrans: segments retransmitted and not yet acknowledged. */
  retrans: number
  /** tcpi_fackets: forward-acknowledged segments (always 0 since Linux 4.18). */
  fackets: number
  /** tcpi_last_data_sent: ms since the last data was sent. */
  lastDataSent: number
  /** tcpi_last_ack_sent: ms since the last ACK was sent (not filled by Linux: 0). */
  lastAckSent: number
  /** tcpi_last_data_recv: ms since the last data was received. */
  lastDataRecv: number
  /** tcpi_last_ack_recv: ms since the last ACK was received. */
  lastAckRecv: number
  /** tcpi_pmtu: the path MTU, in bytes. */
  pmtu: number
  /** tcpi_rcv_ssthresh: the current window clamp of the receive side, in bytes. */
  rcvSsthresh: number
  /** tcpi_rtt: the smoothed round-trip time, in µs. */
  rtt: number
  /** tcpi_rttvar: the round-trip time variance, in µs. */
  rttvar: number
  /** tcpi_snd_ssthresh: the slow-start threshold, in segments. */
  sndSsthresh: number
  /** tcpi_snd_cwnd: the congestion window, in segments. */
  sndCwnd: number
  /** tcpi_advmss: the MSS this end advertised, in bytes. */
  advmss: number
  /** tcpi_reordering: the reordering the connection tolerates before it presumes a loss, in segments. */
  reordering: number
  /** tcpi_rcv_rtt: the receiver-side round-trip time estimate, in µs. */
  rcvRtt: number
  /** tcpi_rcv_space: the receive buffer space the auto-tuner aims at, in bytes. */
  rcvSpace: number
  /** tcpi_total_retrans: segments retransmitted over the connection's life. */
  totalRetrans: number
  /** tcpi_pacing_rate: the current pacing rate, in bytes/s (Infinity: unlimited). */
  pacingRate: number
  /** tcpi_max_pacing_rate: the SO_MAX_PACING_RATE cap, in bytes/s (Infinity: unlimited). */
  maxPacingRate: number
  /** tcpi_bytes_acked: bytes acknowledged by the peer (RFC 4898 tcpEStatsAppHCThruOctetsAcked). */
  bytesAcked: number
  /** tcpi_bytes_received: bytes received and acknowledged (RFC 4898 tcpEStatsAppHCThruOctetsReceived). */
  bytesReceived: number
  /** tcpi_segs_out: segments sent, retransmissions included. */
  segsOut: number
  /** tcpi_segs_in: segments received. */
  segsIn: number
  /** tcpi_notsent_bytes: bytes queued and not yet sent, in bytes. */
  notsentBytes: number
  /** tcpi_min_rtt: the minimum round-trip time seen, in µs. */
  minRtt: number
  /** tcpi_data_segs_in: segments received that carried data. */
  dataSegsIn: number
  /** tcpi_data_segs_out: segments sent that carried data. */
  dataSegsOut: number
  /** tcpi_delivery_rate: the most recent delivery-rate sample, in bytes/s. */
  deliveryRate: number
  /** tcpi_busy_time: time with data in flight, in µs. */
  busyTime: number
  /** tcpi_rwnd_limited: time limited by the peer's receive window, in µs. */
  rwndLimited: number
  /** tcpi_sndbuf_limited: time limited by this end's send buffer, in µs. */
  sndbufLimited: number
  /** tcpi_delivered: segments delivered to the peer, retransmissions included. */
  delivered: number
  /** tcpi_delivered_ce: delivered segments the peer echoed as ECN Congestion Experienced. */
  deliveredCe: number
  /** tcpi_bytes_sent: bytes sent, retransmissions included (RFC 4898 tcpEStatsPerfHCDataOctetsOut). */
  bytesSent: number
  /** tcpi_bytes_retrans: bytes retransmitted (RFC 4898 tcpEStatsPerfOctetsRetrans). */
  bytesRetrans: number
  /** tcpi_dsack_dups: segments the peer reported as received twice (D-SACK). */
  dsackDups: number
  /** tcpi_reord_seen: reordering events seen. */
  reordSeen: number
  /** tcpi_rcv_ooopack: segments received out of order. */
  rcvOoopack: number
  /** tcpi_snd_wnd: the peer's advertised receive window, in bytes. */
  sndWnd: number
  /** tcpi_rcv_wnd: this end's advertised receive window, in bytes (Linux 6.2+). */
  rcvWnd: number
  /** tcpi_rehash: PLB or timeout-triggered rehashes of the flow label (Linux 6.2+). */
  rehash: number
  /** tcpi_total_rto: RTO timeouts over the connection's life (Linux 6.7+). */
  totalRto: number
  /** tcpi_total_rto_recoveries: recoveries entered through an RTO timeout (Linux 6.7+). */
  totalRtoRecoveries: number
  /** tcpi_total_rto_time: time spent in RTO recovery, in ms (Linux 6.7+). */
  totalRtoTime: number
  /** tcpi_received_ce: segments received with the CE (congestion experienced) mark (Linux 6.18+). */
  receivedCe: number
  /** tcpi_delivered_e1_bytes: payload bytes the peer acknowledged as received with ECT(1), by AccECN (Linux 6.18+). */
  deliveredE1Bytes: number
  /** tcpi_delivered_e0_bytes: payload bytes the peer acknowledged as received with ECT(0), by AccECN (Linux 6.18+). */
  deliveredE0Bytes: number
  /** tcpi_delivered_ce_bytes: payload bytes the peer acknowledged as received with CE, by AccECN (Linux 6.18+). */
  deliveredCeBytes: number
  /** tcpi_received_e1_bytes: payload bytes received with ECT(1) (Linux 6.18+). */
  receivedE1Bytes: number
  /** tcpi_received_e0_bytes: payload bytes received with ECT(0) (Linux 6.18+). */
  receivedE0Bytes: number
  /** tcpi_received_ce_bytes: payload bytes received with CE (Linux 6.18+). */
  receivedCeBytes: number
}

/** A reusable TCP_INFO result: pass it back as `into` and polling allocates nothing. */
export class TCPInfo implements TCPInfoFields {
  /** Bytes of struct tcp_info the kernel returned: fields at or past it are absent (left 0), not zero. */
  length = 0
  /** The raw bytes, for fields newer kernels append. */
  readonly raw = new Uint8Array(BUFFER_SIZE)
  /** A DataView over `raw`. */
  readonly view = new DataView(this.raw.buffer)
  state = 0
  caState = 0
  retransmits = 0
  probes = 0
  backoff = 0
  options = 0
  sndWscale = 0
  rcvWscale = 0
  deliveryRateAppLimited = false
  fastopenClientFail = 0
  rto = 0
  ato = 0
  sndMss = 0
  rcvMss = 0
  unacked = 0
  sacked = 0
  lost = 0
  retrans = 0
  fackets = 0
  lastDataSent = 0
  lastAckSent = 0
  lastDataRecv = 0
  lastAckRecv = 0
  pmtu = 0
  rcvSsthresh = 0
  rtt = 0
  rttvar = 0
  sndSsthresh = 0
  sndCwnd = 0
  advmss = 0
  reordering = 0
  rcvRtt = 0
  rcvSpace = 0
  totalRetrans = 0
  pacingRate = 0
  maxPacingRate = 0
  bytesAcked = 0
  bytesReceived = 0
  segsOut = 0
  segsIn = 0
  notsentBytes = 0
  minRtt = 0
  dataSegsIn = 0
  dataSegsOut = 0
  deliveryRate = 0
  busyTime = 0
  rwndLimited = 0
  sndbufLimited = 0
  delivered = 0
  deliveredCe = 0
  bytesSent = 0
  bytesRetrans = 0
  dsackDups = 0
  reordSeen = 0
  rcvOoopack = 0
  sndWnd = 0
  rcvWnd = 0
  rehash = 0
  totalRto = 0
  totalRtoRecoveries = 0
  totalRtoTime = 0
  receivedCe = 0
  deliveredE1Bytes = 0
  deliveredE0Bytes = 0
  deliveredCeBytes = 0
  receivedE1Bytes = 0
  receivedE0Bytes = 0
  receivedCeBytes = 0

  /** Timestamps were negotiated (TCPI_OPT_TIMESTAMPS), as Go's `TCPInfo` reports. */
  hasTimestamps(): boolean {
    return (this.options & TCPI_OPT_TIMESTAMPS) !== 0
  }

  /** Selective acknowledgements were negotiated (TCPI_OPT_SACK). */
  hasSACK(): boolean {
    return (this.options & TCPI_OPT_SACK) !== 0
  }

  /** Window scaling was negotiated (TCPI_OPT_WSCALE); the shifts are `sndWscale` and `rcvWscale`. */
  hasWindowScale(): boolean {
    return (this.options & TCPI_OPT_WSCALE) !== 0
  }

  /** ECN was negotiated (TCPI_OPT_ECN). */
  hasECN(): boolean {
    return (this.options & TCPI_OPT_ECN) !== 0
  }

  /** A packet with ECT set was seen (TCPI_OPT_ECN_SEEN). */
  hasECNSeen(): boolean {
    return (this.options & TCPI_OPT_ECN_SEEN) !== 0
  }

  /** The SYN or SYN-ACK carried data: TCP Fast Open (TCPI_OPT_SYN_DATA). */
  hasSYNData(): boolean {
    return (this.options & TCPI_OPT_SYN_DATA) !== 0
  }

  /** Timestamps count microseconds (TCPI_OPT_USEC_TS, Linux 6.7+). */
  hasUsecTimestamps(): boolean {
    return (this.options & TCPI_OPT_USEC_TS) !== 0
  }

  /** True if the kernel filled `field` (its bytes lie within `length`). */
  has(field: keyof TCPInfoFields): boolean {
    const f = FIELDS.find((x) => x[0] === field)
    if (!f) return this.length >= 8
    return f[1] + SIZE[f[2]] <= this.length
  }
}

const SIZE: Record<Kind, number> = { u8: 1, u16: 2, u32: 4, u64: 8 }

/**
 * getsockopt(TCP_INFO) into a reused TCPInfo (`into`, or a new one): every field
 * up to what the running kernel returned; `info.length` says how much that was.
 */
export function getTCPInfo(s: SocketTarget, into: TCPInfo = new TCPInfo()): TCPInfo {
  if (!(into instanceof TCPInfo)) throw invalidArgType('into must be a TCPInfo')
  const b = into.raw
  const n = native.getsockopt(fdOf(s), C.IPPROTO_TCP, C.TCP_INFO, b)
  if (n < 0) throw errnoError(n, 'getsockopt')
  into.length = n
  decode(into, into.view, n)
  // bitfields: byte 6 = snd_wscale:4, rcv_wscale:4; byte 7 = delivery_rate_app_limited:1, fastopen_client_fail:2
  into.sndWscale = b[6] & 0x0f
  into.rcvWscale = b[6] >> 4
  into.deliveryRateAppLimited = (b[7] & 1) !== 0
  into.fastopenClientFail = (b[7] >> 1) & 3
  return into
}
