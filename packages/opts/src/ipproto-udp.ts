// IPPROTO_UDP (SOL_UDP) options, sorted by C name.
import { getBool, setBool, type SocketTarget, getOpt, setOpt } from './target.js'
import { OPTION } from '@sock/core/internal'

/** UDP_CORK: hold all sends and emit them as one datagram when uncorked. */
export const getUDPCork = (s: SocketTarget): boolean => getBool(s, 'IPPROTO_UDP', 'UDP_CORK')
/** Sets UDP_CORK; see {@link getUDPCork}. */
export const setUDPCork = (s: SocketTarget, on: boolean): void => setBool(s, 'IPPROTO_UDP', 'UDP_CORK', on)

/** UDP_GRO: receive coalesced datagrams (the segment size arrives as a UDP_GRO control message). */
export const getUDPGRO = (s: SocketTarget): boolean => getOpt(s, OPTION.UDP_GRO) !== 0
/** Sets UDP_GRO; see {@link getUDPGRO}. */
export const setUDPGRO = (s: SocketTarget, on: boolean): void => setOpt(s, OPTION.UDP_GRO, on ? 1 : 0)

/** UDP_SEGMENT: GSO segment size in bytes: larger sends leave as datagrams of this size (0 off). */
export const getUDPSegment = (s: SocketTarget): number => getOpt(s, OPTION.UDP_SEGMENT)
/** Sets UDP_SEGMENT; see {@link getUDPSegment}. */
export const setUDPSegment = (s: SocketTarget, bytes: number): void => setOpt(s, OPTION.UDP_SEGMENT, bytes)
