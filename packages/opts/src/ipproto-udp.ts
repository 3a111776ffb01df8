// IPPROTO_UDP (SOL_UDP) options, sorted by C name.
import { getBool, getInt, setBool, setInt, type SocketTarget } from './target.js'

/** UDP_CORK: hold all sends and emit them as one datagram when uncorked. */
export const getUDPCork = (s: SocketTarget): boolean => getBool(s, 'IPPROTO_UDP', 'UDP_CORK')
/** Sets UDP_CORK; see {@link getUDPCork}. */
export const setUDPCork = (s: SocketTarget, on: boolean): void => setBool(s, 'IPPROTO_UDP', 'UDP_CORK', on)

/** UDP_GRO: receive coalesced datagrams (the segment size arrives as a UDP_GRO control message). */
export const getUDPGRO = (s: SocketTarget): boolean => getBool(s, 'IPPROTO_UDP', 'UDP_GRO')
/** Sets UDP_GRO; see {@link getUDPGRO}. */
export const setUDPGRO = (s: SocketTarget, on: boolean): void => setBool(s, 'IPPROTO_UDP', 'UDP_GRO', on)

/** UDP_SEGMENT: GSO segment size in bytes: larger sends leave as datagrams of this size (0 off). */
export const getUDPSegment = (s: SocketTarget): number => getInt(s, 'IPPROTO_UDP', 'UDP_SEGMENT')
/** Sets UDP_SEGMENT; see {@link getUDPSegment}. */
export const setUDPSegment = (s: SocketTarget, bytes: number): void => setInt(s, 'IPPROTO_UDP', 'UDP_SEGMENT', bytes)
