// IPPROTO_IP options, sorted by C name.
import { decodeSockaddr, type SockaddrInet4, type SockaddrInet6 } from '@sock/addr'
import { native } from './native.js'
import { getBool, getBytes, getInt, setBool, setInt, type SocketTarget, getOpt, setOpt } from './target.js'
import { OPTION } from '@sock/core/internal'

const L = native.layout

/** IP_FREEBIND: bind to an address that is not (yet) on this host. */
export const getIPFreebind = (s: SocketTarget): boolean => getBool(s, 'IPPROTO_IP', 'IP_FREEBIND')
/** Sets IP_FREEBIND; see {@link getIPFreebind}. */
export const setIPFreebind = (s: SocketTarget, on: boolean): void => setBool(s, 'IPPROTO_IP', 'IP_FREEBIND', on)

/** IP_MTU: the path MTU in bytes of a connected socket (read-only; ENOTCONN otherwise). */
export const getIPMTU = (s: SocketTarget): number => getInt(s, 'IPPROTO_IP', 'IP_MTU')

/** IP_MTU_DISCOVER: path MTU discovery mode, IP_PMTUDISC_DONT / WANT / DO / PROBE. */
export const getIPMTUDiscover = (s: SocketTarget): number => getInt(s, 'IPPROTO_IP', 'IP_MTU_DISCOVER')
/** Sets IP_MTU_DISCOVER; see {@link getIPMTUDiscover}. */
export const setIPMTUDiscover = (s: SocketTarget, mode: number): void => setInt(s, 'IPPROTO_IP', 'IP_MTU_DISCOVER', mode)

/** IP_PKTINFO: receive the destination address and interface of each datagram. */
export const getIPPktInfo = (s: SocketTarget): boolean => getOpt(s, OPTION.IP_PKTINFO) !== 0
/** Sets IP_PKTINFO; see {@link getIPPktInfo}. */
export const setIPPktInfo = (s: SocketTarget, on: boolean): void => setOpt(s, OPTION.IP_PKTINFO, on ? 1 : 0)

/** IP_RECVTOS: receive the TOS byte of each datagram. */
export const getIPRecvTOS = (s: SocketTarget): boolean => getOpt(s, OPTION.IP_RECVTOS) !== 0
/** Sets IP_RECVTOS; see {@link getIPRecvTOS}. */
export const setIPRecvTOS = (s: SocketTarget, on: boolean): void => setOpt(s, OPTION.IP_RECVTOS, on ? 1 : 0)

/** IP_RECVTTL: receive the TTL of each datagram. */
export const getIPRecvTTL = (s: SocketTarget): boolean => getOpt(s, OPTION.IP_RECVTTL) !== 0
/** Sets IP_RECVTTL; see {@link getIPRecvTTL}. */
export const setIPRecvTTL = (s: SocketTarget, on: boolean): void => setOpt(s, OPTION.IP_RECVTTL, on ? 1 : 0)

/** IP_TOS: the TOS / DSCP+ECN byte of outgoing packets, 0..255. On TCP sockets the kernel keeps the two ECN bits its own (it clears them in what is set). */
export const getIPTOS = (s: SocketTarget): number => getOpt(s, OPTION.IP_TOS)
/** Sets IP_TOS; see {@link getIPTOS}. */
export const setIPTOS = (s: SocketTarget, tos: number): void => setOpt(s, OPTION.IP_TOS, tos)

/** IP_TRANSPARENT: bind to and accept for non-local addresses (TPROXY); needs CAP_NET_ADMIN or CAP_NET_RAW. */
export const getIPTransparent = (s: SocketTarget): boolean => getBool(s, 'IPPROTO_IP', 'IP_TRANSPARENT')
/** Sets IP_TRANSPARENT; see {@link getIPTransparent}. */
export const setIPTransparent = (s: SocketTarget, on: boolean): void => setBool(s, 'IPPROTO_IP', 'IP_TRANSPARENT', on)

/** IP_TTL: the time to live of outgoing unicast packets (1..255). */
export const getIPTTL = (s: SocketTarget): number => getOpt(s, OPTION.IP_TTL)
/** Sets IP_TTL; see {@link getIPTTL}. */
export const setIPTTL = (s: SocketTarget, ttl: number): void => setOpt(s, OPTION.IP_TTL, ttl)

/**
 * SO_ORIGINAL_DST (SOL_IP) / IP6T_SO_ORIGINAL_DST (SOL_IPV6): the destination a
 * connection had before netfilter REDIRECT/DNAT rewrote it. ENOENT when it was not redirected.
 */
export function getOriginalDst(s: SocketTarget, family: 4 | 6 = 4): SockaddrInet4 | SockaddrInet6 {
  const b = new Uint8Array(L.sockaddr_in6)
  const n = family === 4 ? getBytes(s, 'SOL_IP', 'SO_ORIGINAL_DST', b) : getBytes(s, 'SOL_IPV6', 'IP6T_SO_ORIGINAL_DST', b)
  return decodeSockaddr(b, n) as SockaddrInet4 | SockaddrInet6
}
