// IPPROTO_IPV6 options, sorted by C name.
import { getBool, getInt, setBool, setInt, type SocketTarget, getOpt, setOpt } from './target.js'
import { OPTION } from '@sock/core/internal'

/** IPV6_FREEBIND: bind to an address that is not (yet) on this host. */
export const getIPv6Freebind = (s: SocketTarget): boolean => getBool(s, 'IPPROTO_IPV6', 'IPV6_FREEBIND')
/** Sets IPV6_FREEBIND; see {@link getIPv6Freebind}. */
export const setIPv6Freebind = (s: SocketTarget, on: boolean): void => setBool(s, 'IPPROTO_IPV6', 'IPV6_FREEBIND', on)

/** IPV6_MTU: the path MTU in bytes of a connected socket (read-only). */
export const getIPv6MTU = (s: SocketTarget): number => getInt(s, 'IPPROTO_IPV6', 'IPV6_MTU')

/** IPV6_MTU_DISCOVER: path MTU discovery mode (IP_PMTUDISC_* values). */
export const getIPv6MTUDiscover = (s: SocketTarget): number => getInt(s, 'IPPROTO_IPV6', 'IPV6_MTU_DISCOVER')
/** Sets IPV6_MTU_DISCOVER; see {@link getIPv6MTUDiscover}. */
export const setIPv6MTUDiscover = (s: SocketTarget, mode: number): void => setInt(s, 'IPPROTO_IPV6', 'IPV6_MTU_DISCOVER', mode)

/** IPV6_RECVPKTINFO: receive the destination address and interface of each datagram. */
export const getIPv6RecvPktInfo = (s: SocketTarget): boolean => getOpt(s, OPTION.IPV6_RECVPKTINFO) !== 0
/** Sets IPV6_RECVPKTINFO; see {@link getIPv6RecvPktInfo}. */
export const setIPv6RecvPktInfo = (s: SocketTarget, on: boolean): void => setOpt(s, OPTION.IPV6_RECVPKTINFO, on ? 1 : 0)

/** IPV6_TCLASS: the traffic class byte of outgoing packets, 0..255 (-1: the default, 0). */
export const getIPv6TClass = (s: SocketTarget): number => getOpt(s, OPTION.IPV6_TCLASS)
/** Sets IPV6_TCLASS; see {@link getIPv6TClass}. */
export const setIPv6TClass = (s: SocketTarget, tclass: number): void => setOpt(s, OPTION.IPV6_TCLASS, tclass)

/** IPV6_UNICAST_HOPS: the hop limit of outgoing unicast packets (-1: the route's default). */
export const getIPv6UnicastHops = (s: SocketTarget): number => getOpt(s, OPTION.IPV6_UNICAST_HOPS)
/** Sets IPV6_UNICAST_HOPS; see {@link getIPv6UnicastHops}. */
export const setIPv6UnicastHops = (s: SocketTarget, hops: number): void => setOpt(s, OPTION.IPV6_UNICAST_HOPS, hops)

/** IPV6_V6ONLY: an IPv6 socket does not also take IPv4 (v4-mapped) traffic. */
export const getIPv6Only = (s: SocketTarget): boolean => getBool(s, 'IPPROTO_IPV6', 'IPV6_V6ONLY')
/** Sets IPV6_V6ONLY; see {@link getIPv6Only}. */
export const setIPv6Only = (s: SocketTarget, on: boolean): void => setBool(s, 'IPPROTO_IPV6', 'IPV6_V6ONLY', on)
