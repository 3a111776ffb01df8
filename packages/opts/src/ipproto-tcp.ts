// IPPROTO_TCP options, sorted by C name. (TCP_INFO: see tcp-info.ts.)
import { getBool, getInt, getString, setBool, setInt, setString, type SocketTarget, getOpt, setOpt } from './target.js'
import { OPTION } from '@sock/core/internal'

/** TCP_CONGESTION: the congestion control algorithm ('cubic', 'reno', 'bbr' if loaded). */
export const getTCPCongestion = (s: SocketTarget): string => getString(s, 'IPPROTO_TCP', 'TCP_CONGESTION', 16)
/** Sets TCP_CONGESTION; see {@link getTCPCongestion}. */
export const setTCPCongestion = (s: SocketTarget, name: string): void => setString(s, 'IPPROTO_TCP', 'TCP_CONGESTION', name)

/** TCP_CORK: hold partial frames until uncorked (or 200 ms pass). */
export const getTCPCork = (s: SocketTarget): boolean => getBool(s, 'IPPROTO_TCP', 'TCP_CORK')
/** Sets TCP_CORK; see {@link getTCPCork}. */
export const setTCPCork = (s: SocketTarget, on: boolean): void => setBool(s, 'IPPROTO_TCP', 'TCP_CORK', on)

/** TCP_DEFER_ACCEPT: seconds a listener waits for data before accepting (the kernel rounds to its retransmit schedule). */
export const getTCPDeferAccept = (s: SocketTarget): number => getInt(s, 'IPPROTO_TCP', 'TCP_DEFER_ACCEPT')
/** Sets TCP_DEFER_ACCEPT; see {@link getTCPDeferAccept}. */
export const setTCPDeferAccept = (s: SocketTarget, seconds: number): void =>
  setInt(s, 'IPPROTO_TCP', 'TCP_DEFER_ACCEPT', seconds, 0, 0x7fffffff, 'seconds >= 0 (Linux rounds up to its SYN-ACK retransmit schedule: 5 reads back as 7)')

/** TCP_FASTOPEN: the TFO queue length of a listener (0 off). */
export const getTCPFastOpen = (s: SocketTarget): number => getInt(s, 'IPPROTO_TCP', 'TCP_FASTOPEN')
/** Sets TCP_FASTOPEN; see {@link getTCPFastOpen}. */
export const setTCPFastOpen = (s: SocketTarget, queue: number): void => setInt(s, 'IPPROTO_TCP', 'TCP_FASTOPEN', queue)

/** TCP_KEEPCNT: unanswered keepalive probes before the connection drops. */
export const getTCPKeepCnt = (s: SocketTarget): number => getInt(s, 'IPPROTO_TCP', 'TCP_KEEPCNT')
/** Sets TCP_KEEPCNT; see {@link getTCPKeepCnt}. */
export const setTCPKeepCnt = (s: SocketTarget, count: number): void => setInt(s, 'IPPROTO_TCP', 'TCP_KEEPCNT', count)

/** TCP_KEEPIDLE: seconds of idleness before the first keepalive probe. */
export const getTCPKeepIdle = (s: SocketTarget): number => getOpt(s, OPTION.TCP_KEEPIDLE)
/** Sets TCP_KEEPIDLE; see {@link getTCPKeepIdle}. */
export const setTCPKeepIdle = (s: SocketTarget, seconds: number): void => setOpt(s, OPTION.TCP_KEEPIDLE, seconds)

/** TCP_KEEPINTVL: seconds between keepalive probes. */
export const getTCPKeepIntvl = (s: SocketTarget): number => getOpt(s, OPTION.TCP_KEEPINTVL)
/** Sets TCP_KEEPINTVL; see {@link getTCPKeepIntvl}. */
export const setTCPKeepIntvl = (s: SocketTarget, seconds: number): void => setOpt(s, OPTION.TCP_KEEPINTVL, seconds)

/** TCP_LINGER2: seconds an orphaned connection stays in FIN_WAIT2, -1..120 (0: the sysctl default; -1: none, reset at once; Linux caps larger values at 120). */
export const getTCPLinger2 = (s: SocketTarget): number => getInt(s, 'IPPROTO_TCP', 'TCP_LINGER2')
/** Sets TCP_LINGER2; see {@link getTCPLinger2}. */
export const setTCPLinger2 = (s: SocketTarget, seconds: number): void =>
  setInt(s, 'IPPROTO_TCP', 'TCP_LINGER2', seconds, -1, 120, 'seconds from -1 to 120 (Linux caps larger values at 120)')

/** TCP_MAXSEG: the maximum segment size in bytes (set before connect to clamp it). */
export const getTCPMaxSeg = (s: SocketTarget): number => getInt(s, 'IPPROTO_TCP', 'TCP_MAXSEG')
/** Sets TCP_MAXSEG; see {@link getTCPMaxSeg}. */
export const setTCPMaxSeg = (s: SocketTarget, bytes: number): void => setInt(s, 'IPPROTO_TCP', 'TCP_MAXSEG', bytes)

/** TCP_NODELAY: send small segments at once (Nagle off). */
export const getTCPNoDelay = (s: SocketTarget): boolean => getOpt(s, OPTION.TCP_NODELAY) !== 0
/** Sets TCP_NODELAY; see {@link getTCPNoDelay}. */
export const setTCPNoDelay = (s: SocketTarget, on: boolean): void => setOpt(s, OPTION.TCP_NODELAY, on ? 1 : 0)

/** TCP_NOTSENT_LOWAT: bytes of unsent data above which the socket stops being writable. */
export const getTCPNotSentLowat = (s: SocketTarget): number => getInt(s, 'IPPROTO_TCP', 'TCP_NOTSENT_LOWAT')
/** Sets TCP_NOTSENT_LOWAT; see {@link getTCPNotSentLowat}. */
export const setTCPNotSentLowat = (s: SocketTarget, bytes: number): void =>
  setInt(s, 'IPPROTO_TCP', 'TCP_NOTSENT_LOWAT', bytes, 0, 0x7fffffff, 'a byte count, 0..2^31-1')

/** TCP_QUICKACK: acknowledge at once instead of delaying (the kernel may clear it again). */
export const getTCPQuickAck = (s: SocketTarget): boolean => getBool(s, 'IPPROTO_TCP', 'TCP_QUICKACK')
/** Sets TCP_QUICKACK; see {@link getTCPQuickAck}. */
export const setTCPQuickAck = (s: SocketTarget, on: boolean): void => setBool(s, 'IPPROTO_TCP', 'TCP_QUICKACK', on)

/** TCP_SYNCNT: SYN retransmits before a connect gives up (1..127). */
export const getTCPSyncnt = (s: SocketTarget): number => getInt(s, 'IPPROTO_TCP', 'TCP_SYNCNT')
/** Sets TCP_SYNCNT; see {@link getTCPSyncnt}. */
export const setTCPSyncnt = (s: SocketTarget, count: number): void => setInt(s, 'IPPROTO_TCP', 'TCP_SYNCNT', count)

/** TCP_USER_TIMEOUT: ms transmitted data may stay unacknowledged before the connection drops (0: system default). */
export const getTCPUserTimeout = (s: SocketTarget): number => getInt(s, 'IPPROTO_TCP', 'TCP_USER_TIMEOUT')
/** Sets TCP_USER_TIMEOUT; see {@link getTCPUserTimeout}. */
export const setTCPUserTimeout = (s: SocketTarget, ms: number): void => setInt(s, 'IPPROTO_TCP', 'TCP_USER_TIMEOUT', ms)

/** TCP_WINDOW_CLAMP: the largest advertised window in bytes (the kernel enforces at least half the minimum receive buffer). */
export const getTCPWindowClamp = (s: SocketTarget): number => getInt(s, 'IPPROTO_TCP', 'TCP_WINDOW_CLAMP')
/** Sets TCP_WINDOW_CLAMP; see {@link getTCPWindowClamp}. */
export const setTCPWindowClamp = (s: SocketTarget, bytes: number): void =>
  setInt(s, 'IPPROTO_TCP', 'TCP_WINDOW_CLAMP', bytes, 0, 0x7fffffff, 'a byte count, 0..2^31-1 (Linux raises a nonzero one to half its minimum receive buffer)')
