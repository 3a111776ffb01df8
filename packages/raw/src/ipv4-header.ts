import { formatIPv4, outOfRange } from '@sock/addr'
import { checkByteRange } from '@sock/core/internal'

/** A decoded IPv4 header (RFC 791). Raw IPv4 sockets deliver it in front of every packet; IPv6 raw sockets never do. */
export interface IPv4Header {
  /** The IP version: 4. */
  version: number
  /** Header length in bytes (IHL × 4): where the payload starts. */
  headerLength: number
  /** The type-of-service byte (DSCP and ECN). */
  tos: number
  /** The packet's length in bytes, header included. */
  totalLength: number
  /** The identification field, for fragment reassembly. */
  id: number
  /** The 3 flag bits (DF = 2, MF = 1). */
  flags: number
  /** Fragment offset in 8-byte units. */
  fragmentOffset: number
  /** The time to live (hops left). */
  ttl: number
  /** The payload's protocol (IPPROTO_ICMP = 1, IPPROTO_TCP = 6, IPPROTO_UDP = 17, ...). */
  protocol: number
  /** The header checksum as received. */
  checksum: number
  /** The source address, dotted quad. */
  source: string
  /** The destination address, dotted quad. */
  destination: string
}

/** Parses the IPv4 header at buf[offset]; throws RangeError if it is not a complete IPv4 header. */
export function parseIPv4Header(buf: Uint8Array, offset = 0): IPv4Header {
  checkByteRange(buf, offset, 0, 'parseIPv4Header')
  if (buf.byteLength - offset < 20) throw outOfRange('an IPv4 header needs at least 20 bytes')
  const version = buf[offset] >> 4
  const headerLength = (buf[offset] & 0x0f) * 4
  if (version !== 4 || headerLength < 20 || buf.byteLength - offset < headerLength) throw outOfRange('not an IPv4 header')
  return {
    version,
    headerLength,
    tos: buf[offset + 1],
    totalLength: (buf[offset + 2] << 8) | buf[offset + 3],
    id: (buf[offset + 4] << 8) | buf[offset + 5],
    flags: buf[offset + 6] >> 5,
    fragmentOffset: ((buf[offset + 6] & 0x1f) << 8) | buf[offset + 7],
    ttl: buf[offset + 8],
    protocol: buf[offset + 9],
    checksum: (buf[offset + 10] << 8) | buf[offset + 11],
    source: formatIPv4(buf, offset + 12),
    destination: formatIPv4(buf, offset + 16),
  }
}

/** Where the payload of the IPv4 packet at buf[offset] starts (offset + IHL × 4), without decoding the rest. */
export function ipv4PayloadOffset(buf: Uint8Array, offset = 0): number {
  checkByteRange(buf, offset, 0, 'ipv4PayloadOffset')
  if (buf.byteLength - offset < 20 || buf[offset] >> 4 !== 4) throw outOfRange('not an IPv4 header')
  return offset + (buf[offset] & 0x0f) * 4
}
