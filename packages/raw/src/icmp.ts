import { internetChecksum } from './checksum.js'
import { invalidArgType, outOfRange } from '@sock/addr'
import { checkByteRange, checkInt, restOf } from '@sock/core/internal'

/** ICMPv4 type 0, echo reply (RFC 792). */
export const ICMP_ECHO_REPLY = 0
/** ICMPv4 type 3, destination unreachable (RFC 792). */
export const ICMP_DEST_UNREACH = 3
/** ICMPv4 type 8, echo request (RFC 792). */
export const ICMP_ECHO_REQUEST = 8
/** ICMPv4 type 11, time exceeded (RFC 792). */
export const ICMP_TIME_EXCEEDED = 11
/** ICMPv6 type 128, echo request (RFC 4443). */
export const ICMPV6_ECHO_REQUEST = 128
/** ICMPv6 type 129, echo reply (RFC 4443). */
export const ICMPV6_ECHO_REPLY = 129

/** An ICMP echo request or reply. */
export interface Echo {
  /** The ICMP type (ICMP_ECHO_REPLY, ICMPV6_ECHO_REPLY, ...). */
  type: number
  /** The ICMP code (0 for echo). */
  code: number
  /** The checksum as received (for ICMPv6 the kernel fills it in). */
  checksum: number
  /** The identifier, 0..65535 (on a ping socket the kernel sets it to the local port). */
  id: number
  /** The sequence number, 0..65535. */
  seq: number
  /** A view of the data after the 8-byte header. */
  data: Uint8Array
}

function writeEcho(buf: Uint8Array, type: number, id: number, seq: number, data: Uint8Array): number {
  checkByteRange(buf, 0, 0, 'buildEchoRequest')
  checkInt(id, 0, 0xffff, 'id')
  checkInt(seq, 0, 0xffff, 'seq')
  if (!(data instanceof Uint8Array)) throw invalidArgType('buildEchoRequest: data must be a Uint8Array')
  const n = 8 + data.byteLength
  if (buf.byteLength < n) throw outOfRange(`the echo message needs ${n} bytes`)
  buf[0] = type
  buf[1] = 0
  buf[2] = buf[3] = 0
  buf[4] = (id >> 8) & 0xff
  buf[5] = id & 0xff
  buf[6] = (seq >> 8) & 0xff
  buf[7] = seq & 0xff
  buf.set(data, 8)
  return n
}

/** Writes an ICMPv4 echo request with its checksum into buf; returns its length. */
export function buildEchoRequest4(buf: Uint8Array, id: number, seq: number, data: Uint8Array = new Uint8Array(0)): number {
  const n = writeEcho(buf, ICMP_ECHO_REQUEST, id, seq, data)
  const sum = internetChecksum(buf, 0, n)
  buf[2] = sum >> 8
  buf[3] = sum & 0xff
  return n
}

/**
 * Writes an ICMPv6 echo request into buf; returns its length. The checksum is
 * left 0: it covers an IPv6 pseudo-header, and the kernel computes it for
 * ICMPv6 raw and ping sockets.
 */
export function buildEchoRequest6(buf: Uint8Array, id: number, seq: number, data: Uint8Array = new Uint8Array(0)): number {
  return writeEcho(buf, ICMPV6_ECHO_REQUEST, id, seq, data)
}

/** Parses an ICMP echo message (v4 or v6) at buf[offset, offset+length). */
export function parseEcho(buf: Uint8Array, offset = 0, length = restOf(buf, offset)): Echo {
  checkByteRange(buf, offset, length, 'parseEcho')
  if (length < 8) throw outOfRange('an ICMP echo message has at least 8 bytes')
  const b = buf.subarray(offset, offset + length)
  return {
    type: b[0],
    code: b[1],
    checksum: (b[2] << 8) | b[3],
    id: (b[4] << 8) | b[5],
    seq: (b[6] << 8) | b[7],
    data: b.subarray(8),
  }
}
