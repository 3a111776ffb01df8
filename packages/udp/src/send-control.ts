// The control messages of one UDP sendMsg: IP_PKTINFO / IPV6_PKTINFO (the source
// address) and UDP_SEGMENT (GSO), written into bytes kept per socket, or a
// caller's CmsgWriter passed through.
import { constants as C, cmsgSpace, writeCmsgHeader, CmsgWriter, type AddressInput } from '@sock/core'
import { writeU32 } from '@sock/core/internal'
import { SockaddrInet4, SockaddrInet6, type Sockaddr, outOfRange, invalidArgType, invalidArgValue } from '@sock/addr'
import { native } from './native.js'

const L = native.layout
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** Options of `sendMsg`. */
export interface UDPSendOptions {
  /** Destination (unconnected sockets). */
  to?: Sockaddr | AddressInput
  /**
   * Source address (IP_PKTINFO / IPV6_PKTINFO): which local address the datagram
   * leaves from. A pre-built SockaddrInet4/6 (its port is ignored) costs nothing per send.
   */
  from?: string | SockaddrInet4 | SockaddrInet6
  /** UDP_SEGMENT for this send (GSO): the payload is split into datagrams of this many bytes. */
  segmentSize?: number
  /**
   * Any control messages, built by a `CmsgWriter` (@sock/core) over bytes you own: sent
   * as they are (IP_TOS, IP_TTL, IPV6_HOPLIMIT, IPV6_TCLASS, SO_MARK, ...). Not together
   * with `from` or `segmentSize` (add those messages to the writer yourself).
   */
  control?: CmsgWriter
}

/** One socket's send control bytes: written per send, with one view per combination of messages. */
export class SendControl {
  #bytes: Uint8Array | null = null
  readonly #views: (Uint8Array | undefined)[] = []

  /** The control bytes for `o` (null: none), valid until the next call. */
  build(o: UDPSendOptions, family: 4 | 6): Uint8Array | null {
    const hasFrom = o.from !== undefined
    const hasSegment = o.segmentSize !== undefined
    if (o.control !== undefined) {
      if (!(o.control instanceof CmsgWriter)) throw invalidArgType('control must be a CmsgWriter')
      if (hasFrom || hasSegment) throw invalidArgValue('control cannot be combined with from or segmentSize: add those messages to the CmsgWriter')
      return o.control.length === 0 ? null : o.control.view
    }
    if (!hasFrom && !hasSegment) return null
    const ctl = (this.#bytes ??= new Uint8Array(cmsgSpace(L.in6_pktinfo) + cmsgSpace(2)))
    let off = 0
    if (hasFrom) {
      const src = sourceAddress(o.from!, family)
      if (family === 4) {
        const d = writeCmsgHeader(ctl, off, C.IPPROTO_IP, C.IP_PKTINFO, L.in_pktinfo)
        ctl.fill(0, d, d + L.in_pktinfo)
        for (let i = 0; i < 4; i++) ctl[d + L.ipi_spec_dst + i] = src.raw[L.sin_addr + i]
        off += cmsgSpace(L.in_pktinfo)
      } else {
        const d = writeCmsgHeader(ctl, off, C.IPPROTO_IPV6, C.IPV6_PKTINFO, L.in6_pktinfo)
        ctl.fill(0, d, d + L.in6_pktinfo)
        for (let i = 0; i < 16; i++) ctl[d + L.ipi6_addr + i] = src.raw[L.sin6_addr + i]
        writeU32(ctl, d + L.ipi6_ifindex, (src as SockaddrInet6).scopeId)
        off += cmsgSpace(L.in6_pktinfo)
      }
    }
    if (hasSegment) {
      const size = o.segmentSize!
      if (!Number.isInteger(size) || size < 1 || size > 65535) throw outOfRange('segmentSize must be 1..65535')
      const d = writeCmsgHeader(ctl, off, C.SOL_UDP, C.UDP_SEGMENT, 2)
      // a u16 in host order
      ctl[d + (littleEndian ? 0 : 1)] = size & 0xff
      ctl[d + (littleEndian ? 1 : 0)] = size >> 8
      off += cmsgSpace(2)
    }
    // one view per combination, made once: its length is what sendmsg(2) gets as msg_controllen
    const which = (hasFrom ? 1 : 0) | (hasSegment ? 2 : 0)
    return (this.#views[which] ??= ctl.subarray(0, off))
  }
}

/** A `from` option as an address of this socket's family (a string is parsed; a Sockaddr is used as is). */
function sourceAddress(from: string | SockaddrInet4 | SockaddrInet6, family: number): SockaddrInet4 | SockaddrInet6 {
  if (typeof from === 'string') return family === 4 ? new SockaddrInet4(from) : new SockaddrInet6(from)
  if (family === 4 ? from instanceof SockaddrInet4 : from instanceof SockaddrInet6) return from
  throw invalidArgType(`from must be an IPv${family} address string or a SockaddrInet${family}`)
}
