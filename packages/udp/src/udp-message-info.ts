import { SockaddrInet4, SockaddrInet6 } from '@sock/addr'
import { CmsgCursor } from '@sock/core'
import { readI32, readU32 } from '@sock/core/internal'
import { native } from './native.js'

const C = native.constants
const L = native.layout

/** Room for every ancillary message recvMsg decodes (pktinfo, tos, ttl, timestamp, GRO). */
export const RECV_CONTROL_SIZE = 256

/**
 * What `recvMsg` received besides the data, decoded into this reusable object
 * (addresses are filled in place): receiving into the same info allocates nothing.
 * Enable what you need on the socket first: `setRecvPktInfo`, `setRecvTOS`,
 * `setRecvTTL`, `setTimestampNs`, `setUDPGRO`.
 */
export class UDPMessageInfo {
  /** Bytes received (0: an empty datagram). */
  bytes = 0
  /** msg_flags */
  flags = 0
  /** MSG_TRUNC: the datagram was longer than the buffer (its excess was discarded). */
  truncated = false
  /** The sender. */
  readonly from: SockaddrInet4 | SockaddrInet6
  /** IP_PKTINFO / IPV6_PKTINFO: the destination address the datagram was sent to (port 0). */
  readonly localAddress: SockaddrInet4 | SockaddrInet6
  /** True when `localAddress` and `ifIndex` were received this time. */
  hasPktInfo = false
  /** The interface index it arrived on (IP_PKTINFO / IPV6_PKTINFO), 0 if unknown. */
  ifIndex = 0
  /** IP_TOS / IPV6_TCLASS byte, -1 if not received. */
  tos = -1
  /** IP_TTL / IPV6_HOPLIMIT, -1 if not received. */
  ttl = -1
  /** SO_TIMESTAMPNS: kernel receive time, seconds part (0 if not received). */
  timestampSec = 0
  /** SO_TIMESTAMPNS: nanoseconds part. */
  timestampNsec = 0
  /** UDP_GRO: the segment size of a coalesced datagram, 0 if not coalesced. */
  segmentSize = 0
  /** The raw ancillary data and its length, for anything not decoded here. */
  readonly control = new Uint8Array(RECV_CONTROL_SIZE)
  /** Bytes of `control` the kernel filled. */
  controlLength = 0
  readonly #cursor = new CmsgCursor()

  constructor(family: 4 | 6) {
    this.from = family === 4 ? new SockaddrInet4() : new SockaddrInet6()
    this.localAddress = family === 4 ? new SockaddrInet4() : new SockaddrInet6()
  }

  /** Decodes `controlLength` bytes of `control` into the fields (called by recvMsg). */
  decode(): void {
    this.hasPktInfo = false
    this.ifIndex = 0
    this.tos = -1
    this.ttl = -1
    this.timestampSec = 0
    this.timestampNsec = 0
    this.segmentSize = 0
    const b = this.control
    const cur = this.#cursor.reset(b, this.controlLength)
    while (cur.next()) {
      const d = cur.dataOffset
      if (cur.level === C.IPPROTO_IP) {
        if (cur.type === C.IP_PKTINFO && this.localAddress instanceof SockaddrInet4) {
          this.ifIndex = readI32(b, d + L.ipi_ifindex)
          copy(b, d + L.ipi_addr, this.localAddress.raw, L.sin_addr, 4)
          this.hasPktInfo = true
        } else if (cur.type === C.IP_TOS) this.tos = b[d]
        else if (cur.type === C.IP_TTL) this.ttl = readI32(b, d)
      } else if (cur.level === C.IPPROTO_IPV6) {
        if (cur.type === C.IPV6_PKTINFO && this.localAddress instanceof SockaddrInet6) {
          copy(b, d + L.ipi6_addr, this.localAddress.raw, L.sin6_addr, 16)
          this.ifIndex = readI32(b, d + L.ipi6_ifindex)
          this.hasPktInfo = true
        } else if (cur.type === C.IPV6_TCLASS) this.tos = readI32(b, d)
        else if (cur.type === C.IPV6_HOPLIMIT) this.ttl = readI32(b, d)
      } else if (cur.level === C.SOL_SOCKET && cur.type === C.SCM_TIMESTAMPNS) {
        // struct timespec: two 64-bit fields on 64-bit Linux; seconds fit a double exactly
        this.timestampSec = readU32(b, d + L.tv_sec) + readU32(b, d + L.tv_sec + 4) * 0x100000000
        this.timestampNsec = readU32(b, d + L.tv_nsec)
      } else if (cur.level === C.SOL_UDP && cur.type === C.UDP_GRO) {
        this.segmentSize = readI32(b, d)
      }
    }
  }
}

/** Byte copy without the view `subarray` would allocate. */
function copy(src: Uint8Array, from: number, dst: Uint8Array, to: number, n: number): void {
  for (let i = 0; i < n; i++) dst[to + i] = src[from + i]
}
