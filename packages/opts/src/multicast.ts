// Multicast, both levels (IPPROTO_IP and IPPROTO_IPV6): the options and the group
// memberships, as Go's JoinMulticast4/6, SetMulticastTTL, SetMulticast6Hops, ... on
// any target. @sock/udp's UDPSocket multicast methods are these functions.
import { OPTION } from '@sock/core/internal'
import { getBytes, getOpt, setBytes, setOpt, type SocketTarget } from './target.js'
import { groupSourceReq, ipMreqn, ipMreqSource, ipv6Mreq, v6IfIndex, type MulticastInterface } from './multicast-structs.js'

export type { MulticastInterface } from './multicast-structs.js'

/** IP_MULTICAST_ALL: deliver every group joined on the host (Linux's default) or only this socket's. */
export const getIPMulticastAll = (s: SocketTarget): boolean => getOpt(s, OPTION.IP_MULTICAST_ALL) !== 0
/** Sets IP_MULTICAST_ALL; see {@link getIPMulticastAll}. */
export const setIPMulticastAll = (s: SocketTarget, on: boolean): void => setOpt(s, OPTION.IP_MULTICAST_ALL, on ? 1 : 0)

/** IP_MULTICAST_IF: the outgoing interface's address ('0.0.0.0': none, or chosen by index). */
export function getIPMulticastIf(s: SocketTarget): string {
  const b = new Uint8Array(4)
  getBytes(s, 'IPPROTO_IP', 'IP_MULTICAST_IF', b)
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`
}
/** Sets IP_MULTICAST_IF to an interface address or index (struct ip_mreqn); see {@link getIPMulticastIf}. */
export const setIPMulticastIf = (s: SocketTarget, iface: string | number): void => setBytes(s, 'IPPROTO_IP', 'IP_MULTICAST_IF', ipMreqn('0.0.0.0', iface))

/** IP_MULTICAST_LOOP: receive this host's own multicast. */
export const getIPMulticastLoop = (s: SocketTarget): boolean => getOpt(s, OPTION.IP_MULTICAST_LOOP) !== 0
/** Sets IP_MULTICAST_LOOP; see {@link getIPMulticastLoop}. */
export const setIPMulticastLoop = (s: SocketTarget, on: boolean): void => setOpt(s, OPTION.IP_MULTICAST_LOOP, on ? 1 : 0)

/** IP_MULTICAST_TTL: hops of outgoing multicast, 0..255 (default 1). */
export const getIPMulticastTTL = (s: SocketTarget): number => getOpt(s, OPTION.IP_MULTICAST_TTL)
/** Sets IP_MULTICAST_TTL; see {@link getIPMulticastTTL}. */
export const setIPMulticastTTL = (s: SocketTarget, ttl: number): void => setOpt(s, OPTION.IP_MULTICAST_TTL, ttl)

/** IPV6_MULTICAST_ALL: deliver every group joined on the host (Linux's default) or only this socket's. */
export const getIPv6MulticastAll = (s: SocketTarget): boolean => getOpt(s, OPTION.IPV6_MULTICAST_ALL) !== 0
/** Sets IPV6_MULTICAST_ALL; see {@link getIPv6MulticastAll}. */
export const setIPv6MulticastAll = (s: SocketTarget, on: boolean): void => setOpt(s, OPTION.IPV6_MULTICAST_ALL, on ? 1 : 0)

/** IPV6_MULTICAST_HOPS: hops of outgoing multicast, 0..255 (default 1). */
export const getIPv6MulticastHops = (s: SocketTarget): number => getOpt(s, OPTION.IPV6_MULTICAST_HOPS)
/** Sets IPV6_MULTICAST_HOPS; see {@link getIPv6MulticastHops}. */
export const setIPv6MulticastHops = (s: SocketTarget, hops: number): void => setOpt(s, OPTION.IPV6_MULTICAST_HOPS, hops)

/** IPV6_MULTICAST_IF: the outgoing interface's index (0: the kernel's choice). */
export const getIPv6MulticastIf = (s: SocketTarget): number => getOpt(s, OPTION.IPV6_MULTICAST_IF)
/** Sets IPV6_MULTICAST_IF to an index or a name ('lo', '%lo', '::%lo'); see {@link getIPv6MulticastIf}. */
export const setIPv6MulticastIf = (s: SocketTarget, iface: string | number): void => setOpt(s, OPTION.IPV6_MULTICAST_IF, v6IfIndex(iface))

/** IPV6_MULTICAST_LOOP: receive this host's own multicast. */
export const getIPv6MulticastLoop = (s: SocketTarget): boolean => getOpt(s, OPTION.IPV6_MULTICAST_LOOP) !== 0
/** Sets IPV6_MULTICAST_LOOP; see {@link getIPv6MulticastLoop}. */
export const setIPv6MulticastLoop = (s: SocketTarget, on: boolean): void => setOpt(s, OPTION.IPV6_MULTICAST_LOOP, on ? 1 : 0)

/** IP_ADD_MEMBERSHIP: joins an IPv4 group on an interface (its address or index; default: the kernel's choice). */
export const joinMulticast4 = (s: SocketTarget, group: string, iface?: MulticastInterface): void =>
  setBytes(s, 'IPPROTO_IP', 'IP_ADD_MEMBERSHIP', ipMreqn(group, iface))
/** IP_DROP_MEMBERSHIP: leaves an IPv4 group (on the interface it was joined on). */
export const leaveMulticast4 = (s: SocketTarget, group: string, iface?: MulticastInterface): void =>
  setBytes(s, 'IPPROTO_IP', 'IP_DROP_MEMBERSHIP', ipMreqn(group, iface))
/** IPV6_JOIN_GROUP: joins an IPv6 group on an interface (index or name, or the group's '%zone'; default: the kernel's choice). */
export const joinMulticast6 = (s: SocketTarget, group: string, iface?: MulticastInterface): void =>
  setBytes(s, 'IPPROTO_IPV6', 'IPV6_JOIN_GROUP', ipv6Mreq(group, iface))
/** IPV6_LEAVE_GROUP: leaves an IPv6 group. */
export const leaveMulticast6 = (s: SocketTarget, group: string, iface?: MulticastInterface): void =>
  setBytes(s, 'IPPROTO_IPV6', 'IPV6_LEAVE_GROUP', ipv6Mreq(group, iface))

/**
 * Source-specific membership (SSM) of an IPv4 socket: only `source`'s datagrams to `group`.
 * An interface address uses IP_ADD_SOURCE_MEMBERSHIP; an index, MCAST_JOIN_SOURCE_GROUP.
 */
export function joinSourceMulticast4(s: SocketTarget, source: string, group: string, iface?: MulticastInterface): void {
  if (typeof iface === 'number') setBytes(s, 'IPPROTO_IP', 'MCAST_JOIN_SOURCE_GROUP', groupSourceReq(source, group, iface, 4))
  else setBytes(s, 'IPPROTO_IP', 'IP_ADD_SOURCE_MEMBERSHIP', ipMreqSource(source, group, iface))
}
/** Leaves a source-specific membership of an IPv4 socket (see {@link joinSourceMulticast4}). */
export function leaveSourceMulticast4(s: SocketTarget, source: string, group: string, iface?: MulticastInterface): void {
  if (typeof iface === 'number') setBytes(s, 'IPPROTO_IP', 'MCAST_LEAVE_SOURCE_GROUP', groupSourceReq(source, group, iface, 4))
  else setBytes(s, 'IPPROTO_IP', 'IP_DROP_SOURCE_MEMBERSHIP', ipMreqSource(source, group, iface))
}
/** MCAST_JOIN_SOURCE_GROUP of an IPv6 socket: only `source`'s datagrams to `group` (interface index or name). */
export const joinSourceMulticast6 = (s: SocketTarget, source: string, group: string, iface?: MulticastInterface): void =>
  setBytes(s, 'IPPROTO_IPV6', 'MCAST_JOIN_SOURCE_GROUP', groupSourceReq(source, group, iface, 6))
/** MCAST_LEAVE_SOURCE_GROUP of an IPv6 socket. */
export const leaveSourceMulticast6 = (s: SocketTarget, source: string, group: string, iface?: MulticastInterface): void =>
  setBytes(s, 'IPPROTO_IPV6', 'MCAST_LEAVE_SOURCE_GROUP', groupSourceReq(source, group, iface, 6))
