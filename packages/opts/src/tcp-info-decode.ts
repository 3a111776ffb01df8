// TCP_INFO's bytes into a TCPInfo: the kernel's uapi offsets (include/uapi/linux/tcp.h),
// each field only when the running kernel returned it.
import { endianness } from 'node:os'
import type { TCPInfo } from './tcp-info.js'

const LE = endianness() === 'LE'
const HI = LE ? 4 : 0
const LO = LE ? 0 : 4

/** A 64-bit counter as a double (exact below 2^53); ~0 ("unlimited") as Infinity. */
function u64(hi: number, lo: number): number {
  return hi === 0xffffffff && lo === 0xffffffff ? Infinity : hi * 0x100000000 + lo
}

/**
 * Straight-line decode through a DataView: no keyed stores and no helper returning a
 * double that would need boxing, so polling with a reused TCPInfo allocates nothing.
 */
export function decode(t: TCPInfo, v: DataView, n: number): void {
  t.state = n >= 1 ? v.getUint8(0) : 0
  t.caState = n >= 2 ? v.getUint8(1) : 0
  t.retransmits = n >= 3 ? v.getUint8(2) : 0
  t.probes = n >= 4 ? v.getUint8(3) : 0
  t.backoff = n >= 5 ? v.getUint8(4) : 0
  t.options = n >= 6 ? v.getUint8(5) : 0
  t.rto = n >= 12 ? v.getUint32(8, LE) : 0
  t.ato = n >= 16 ? v.getUint32(12, LE) : 0
  t.sndMss = n >= 20 ? v.getUint32(16, LE) : 0
  t.rcvMss = n >= 24 ? v.getUint32(20, LE) : 0
  t.unacked = n >= 28 ? v.getUint32(24, LE) : 0
  t.sacked = n >= 32 ? v.getUint32(28, LE) : 0
  t.lost = n >= 36 ? v.getUint32(32, LE) : 0
  t.retrans = n >= 40 ? v.getUint32(36, LE) : 0
  t.fackets = n >= 44 ? v.getUint32(40, LE) : 0
  t.lastDataSent = n >= 48 ? v.getUint32(44, LE) : 0
  t.lastAckSent = n >= 52 ? v.getUint32(48, LE) : 0
  t.lastDataRecv = n >= 56 ? v.getUint32(52, LE) : 0
  t.lastAckRecv = n >= 60 ? v.getUint32(56, LE) : 0
  t.pmtu = n >= 64 ? v.getUint32(60, LE) : 0
  t.rcvSsthresh = n >= 68 ? v.getUint32(64, LE) : 0
  t.rtt = n >= 72 ? v.getUint32(68, LE) : 0
  t.rttvar = n >= 76 ? v.getUint32(72, LE) : 0
  t.sndSsthresh = n >= 80 ? v.getUint32(76, LE) : 0
  t.sndCwnd = n >= 84 ? v.getUint32(80, LE) : 0
  t.advmss = n >= 88 ? v.getUint32(84, LE) : 0
  t.reordering = n >= 92 ? v.getUint32(88, LE) : 0
  t.rcvRtt = n >= 96 ? v.getUint32(92, LE) : 0
  t.rcvSpace = n >= 100 ? v.getUint32(96, LE) : 0
  t.totalRetrans = n >= 104 ? v.getUint32(100, LE) : 0
  t.pacingRate = n >= 112 ? u64(v.getUint32(104 + HI, LE), v.getUint32(104 + LO, LE)) : 0
  t.maxPacingRate = n >= 120 ? u64(v.getUint32(112 + HI, LE), v.getUint32(112 + LO, LE)) : 0
  t.bytesAcked = n >= 128 ? u64(v.getUint32(120 + HI, LE), v.getUint32(120 + LO, LE)) : 0
  t.bytesReceived = n >= 136 ? u64(v.getUint32(128 + HI, LE), v.getUint32(128 + LO, LE)) : 0
  t.segsOut = n >= 140 ? v.getUint32(136, LE) : 0
  t.segsIn = n >= 144 ? v.getUint32(140, LE) : 0
  t.notsentBytes = n >= 148 ? v.getUint32(144, LE) : 0
  t.minRtt = n >= 152 ? v.getUint32(148, LE) : 0
  t.dataSegsIn = n >= 156 ? v.getUint32(152, LE) : 0
  t.dataSegsOut = n >= 160 ? v.getUint32(156, LE) : 0
  t.deliveryRate = n >= 168 ? u64(v.getUint32(160 + HI, LE), v.getUint32(160 + LO, LE)) : 0
  t.busyTime = n >= 176 ? u64(v.getUint32(168 + HI, LE), v.getUint32(168 + LO, LE)) : 0
  t.rwndLimited = n >= 184 ? u64(v.getUint32(176 + HI, LE), v.getUint32(176 + LO, LE)) : 0
  t.sndbufLimited = n >= 192 ? u64(v.getUint32(184 + HI, LE), v.getUint32(184 + LO, LE)) : 0
  t.delivered = n >= 196 ? v.getUint32(192, LE) : 0
  t.deliveredCe = n >= 200 ? v.getUint32(196, LE) : 0
  t.bytesSent = n >= 208 ? u64(v.getUint32(200 + HI, LE), v.getUint32(200 + LO, LE)) : 0
  t.bytesRetrans = n >= 216 ? u64(v.getUint32(208 + HI, LE), v.getUint32(208 + LO, LE)) : 0
  t.dsackDups = n >= 220 ? v.getUint32(216, LE) : 0
  t.reordSeen = n >= 224 ? v.getUint32(220, LE) : 0
  t.rcvOoopack = n >= 228 ? v.getUint32(224, LE) : 0
  t.sndWnd = n >= 232 ? v.getUint32(228, LE) : 0
  t.rcvWnd = n >= 236 ? v.getUint32(232, LE) : 0
  t.rehash = n >= 240 ? v.getUint32(236, LE) : 0
  t.totalRto = n >= 242 ? v.getUint16(240, LE) : 0
  t.totalRtoRecoveries = n >= 244 ? v.getUint16(242, LE) : 0
  t.totalRtoTime = n >= 248 ? v.getUint32(244, LE) : 0
  t.receivedCe = n >= 252 ? v.getUint32(248, LE) : 0
  t.deliveredE1Bytes = n >= 256 ? v.getUint32(252, LE) : 0
  t.deliveredE0Bytes = n >= 260 ? v.getUint32(256, LE) : 0
  t.deliveredCeBytes = n >= 264 ? v.getUint32(260, LE) : 0
  t.receivedE1Bytes = n >= 268 ? v.getUint32(264, LE) : 0
  t.receivedE0Bytes = n >= 272 ? v.getUint32(268, LE) : 0
  t.receivedCeBytes = n >= 276 ? v.getUint32(272, LE) : 0
}
