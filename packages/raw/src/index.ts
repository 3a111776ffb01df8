export { RawConn, rawAddr, type RawAddressInput, type RawAddressLike } from './raw-conn.js'
export {
  newRawSocket4,
  newRawSocket6,
  newICMPSocket4,
  newICMPSocket6,
  newPingSocket4,
  newPingSocket6,
  listenRaw4,
  listenRaw6,
  dialRaw4,
  dialRaw6,
} from './open.js'
export { internetChecksum } from './checksum.js'
export { parseIPv4Header, ipv4PayloadOffset, type IPv4Header } from './ipv4-header.js'
export {
  buildEchoRequest4,
  buildEchoRequest6,
  parseEcho,
  ICMP_ECHO_REPLY,
  ICMP_ECHO_REQUEST,
  ICMP_DEST_UNREACH,
  ICMP_TIME_EXCEEDED,
  ICMPV6_ECHO_REQUEST,
  ICMPV6_ECHO_REPLY,
  type Echo,
} from './icmp.js'
