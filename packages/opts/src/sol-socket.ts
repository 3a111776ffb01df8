// SOL_SOCKET options, sorted by C name. Every function takes a SocketTarget.
import { checkInt, errnoError } from '@sock/core/internal'
import { native } from './native.js'
import { fdOf, getBool, getBytes, getInt, getString, setBool, setBytes, setInt, setString, type SocketTarget, getOpt, setOpt } from './target.js'
import { OPTION } from '@sock/core/internal'
import { outOfRange } from '@sock/addr'

const C = native.constants
const L = native.layout

/** SO_ACCEPTCONN: whether the socket is listening (read-only). */
export const getAcceptConn = (s: SocketTarget): boolean => getBool(s, 'SOL_SOCKET', 'SO_ACCEPTCONN')

/** SO_BINDTODEVICE: the interface name the socket is bound to ('' none). Setting needs CAP_NET_RAW unless unbinding. */
export const getBindToDevice = (s: SocketTarget): string => getString(s, 'SOL_SOCKET', 'SO_BINDTODEVICE', C.IF_NAMESIZE)
/** Sets SO_BINDTODEVICE; see {@link getBindToDevice}. */
export const setBindToDevice = (s: SocketTarget, ifname: string): void => setString(s, 'SOL_SOCKET', 'SO_BINDTODEVICE', ifname)

/** SO_BROADCAST: allow sending to broadcast addresses (datagram sockets). */
export const getBroadcast = (s: SocketTarget): boolean => getOpt(s, OPTION.SO_BROADCAST) !== 0
/** Sets SO_BROADCAST; see {@link getBroadcast}. */
export const setBroadcast = (s: SocketTarget, on: boolean): void => setOpt(s, OPTION.SO_BROADCAST, on ? 1 : 0)

/** SO_BUSY_POLL: microseconds to busy-poll the device queue on a blocking receive; raising it needs CAP_NET_ADMIN. */
export const getBusyPoll = (s: SocketTarget): number => getInt(s, 'SOL_SOCKET', 'SO_BUSY_POLL')
/** Sets SO_BUSY_POLL; see {@link getBusyPoll}. */
export const setBusyPoll = (s: SocketTarget, usec: number): void => setInt(s, 'SOL_SOCKET', 'SO_BUSY_POLL', usec)

/** SO_DOMAIN: the address family, AF_* (read-only). */
export const getDomain = (s: SocketTarget): number => getInt(s, 'SOL_SOCKET', 'SO_DOMAIN')

/** SO_ERROR: the pending error as a positive errno, 0 if none; reading clears it (read-only). */
export const getSocketError = (s: SocketTarget): number => getInt(s, 'SOL_SOCKET', 'SO_ERROR')

/** SO_INCOMING_CPU: the CPU that processes this socket's packets (-1 unknown); setting steers a SO_REUSEPORT group. */
export const getIncomingCPU = (s: SocketTarget): number => getInt(s, 'SOL_SOCKET', 'SO_INCOMING_CPU')
/** Sets SO_INCOMING_CPU; see {@link getIncomingCPU}. */
export const setIncomingCPU = (s: SocketTarget, cpu: number): void => setInt(s, 'SOL_SOCKET', 'SO_INCOMING_CPU', cpu)

/** SO_KEEPALIVE: send TCP keepalive probes. */
export const getKeepAlive = (s: SocketTarget): boolean => getOpt(s, OPTION.SO_KEEPALIVE) !== 0
/** Sets SO_KEEPALIVE; see {@link getKeepAlive}. */
export const setKeepAlive = (s: SocketTarget, on: boolean): void => setOpt(s, OPTION.SO_KEEPALIVE, on ? 1 : 0)

/**
 * SO_LINGER: seconds close() waits for unsent data, or null when off. 0 makes
 * close() reset the connection (RST) instead of a graceful FIN.
 */
export function getLinger(s: SocketTarget): number | null {
  const b = new Uint8Array(L.linger)
  getBytes(s, 'SOL_SOCKET', 'SO_LINGER', b)
  const v = new DataView(b.buffer)
  return v.getInt32(L.l_onoff, le) ? v.getInt32(L.l_linger, le) : null
}
/** SO_LINGER: `seconds` (0..2^31-1) close() waits for unsent data, 0 for a reset (RST) on close, null for off. */
export function setLinger(s: SocketTarget, seconds: number | null): void {
  const b = new Uint8Array(L.linger)
  const v = new DataView(b.buffer)
  if (seconds !== null) {
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 0x7fffffff) throw outOfRange('linger takes whole seconds from 0 to 2^31-1, or null for off')
    v.setInt32(L.l_onoff, 1, le)
    v.setInt32(L.l_linger, seconds, le)
  }
  setBytes(s, 'SOL_SOCKET', 'SO_LINGER', b)
}

/** SO_MARK: the fwmark for policy routing and netfilter; needs CAP_NET_ADMIN. */
export const getMark = (s: SocketTarget): number => getInt(s, 'SOL_SOCKET', 'SO_MARK') >>> 0
/** Sets SO_MARK; see {@link getMark}. */
export const setMark = (s: SocketTarget, mark: number): void => {
  checkInt(mark, 0, 0xffffffff, 'mark') // a u32: marks above 2^31 are passed as the same 32 bits
  setInt(s, 'SOL_SOCKET', 'SO_MARK', mark | 0)
}

/** SO_PRIORITY: the queueing priority 0..6 (higher values need CAP_NET_ADMIN). */
export const getPriority = (s: SocketTarget): number => getInt(s, 'SOL_SOCKET', 'SO_PRIORITY')
/** Sets SO_PRIORITY; see {@link getPriority}. */
export const setPriority = (s: SocketTarget, priority: number): void => setInt(s, 'SOL_SOCKET', 'SO_PRIORITY', priority)

/** SO_PROTOCOL: the protocol, IPPROTO_* (read-only). */
export const getProtocol = (s: SocketTarget): number => getInt(s, 'SOL_SOCKET', 'SO_PROTOCOL')

/** SO_RCVBUF: the receive buffer in bytes (Linux doubles what is set and reports the doubled value). */
export const getRecvBuffer = (s: SocketTarget): number => getOpt(s, OPTION.SO_RCVBUF)
/** Sets SO_RCVBUF; see {@link getRecvBuffer}. */
export const setRecvBuffer = (s: SocketTarget, bytes: number): void => setOpt(s, OPTION.SO_RCVBUF, bytes)

/** SO_RCVLOWAT: bytes that must be queued before a read is signalled. */
export const getRecvLowat = (s: SocketTarget): number => getInt(s, 'SOL_SOCKET', 'SO_RCVLOWAT')
/** Sets SO_RCVLOWAT; see {@link getRecvLowat}. */
export const setRecvLowat = (s: SocketTarget, bytes: number): void =>
  setInt(s, 'SOL_SOCKET', 'SO_RCVLOWAT', bytes, 0, 0x7fffffff, 'a byte count, 0..2^31-1 (Linux reads a negative one as 2^31-1)')

/** SO_REUSEADDR: bind despite TIME_WAIT connections on the address. */
export const getReuseAddr = (s: SocketTarget): boolean => getBool(s, 'SOL_SOCKET', 'SO_REUSEADDR')
/** Sets SO_REUSEADDR; see {@link getReuseAddr}. */
export const setReuseAddr = (s: SocketTarget, on: boolean): void => setBool(s, 'SOL_SOCKET', 'SO_REUSEADDR', on)

/** SO_REUSEPORT: several sockets of one user share a port; the kernel balances between them. */
export const getReusePort = (s: SocketTarget): boolean => getBool(s, 'SOL_SOCKET', 'SO_REUSEPORT')
/** Sets SO_REUSEPORT; see {@link getReusePort}. */
export const setReusePort = (s: SocketTarget, on: boolean): void => setBool(s, 'SOL_SOCKET', 'SO_REUSEPORT', on)

/** SO_SNDBUF: the send buffer in bytes (Linux doubles what is set and reports the doubled value). */
export const getSendBuffer = (s: SocketTarget): number => getOpt(s, OPTION.SO_SNDBUF)
/** Sets SO_SNDBUF; see {@link getSendBuffer}. */
export const setSendBuffer = (s: SocketTarget, bytes: number): void => setOpt(s, OPTION.SO_SNDBUF, bytes)

/** SO_TIMESTAMP: receive timestamps (struct timeval, µs) with each message. */
export const getTimestamp = (s: SocketTarget): boolean => getBool(s, 'SOL_SOCKET', 'SO_TIMESTAMP')
/** Sets SO_TIMESTAMP; see {@link getTimestamp}. */
export const setTimestamp = (s: SocketTarget, on: boolean): void => setBool(s, 'SOL_SOCKET', 'SO_TIMESTAMP', on)

/** SO_TIMESTAMPNS: receive timestamps (struct timespec, ns) with each message. */
export const getTimestampNs = (s: SocketTarget): boolean => getOpt(s, OPTION.SO_TIMESTAMPNS) !== 0
/** Sets SO_TIMESTAMPNS; see {@link getTimestampNs}. */
export const setTimestampNs = (s: SocketTarget, on: boolean): void => setOpt(s, OPTION.SO_TIMESTAMPNS, on ? 1 : 0)

/** SO_TYPE: SOCK_STREAM, SOCK_DGRAM, ... (read-only). */
export const getSocketType = (s: SocketTarget): number => getInt(s, 'SOL_SOCKET', 'SO_TYPE')

/** SO_ZEROCOPY: allow MSG_ZEROCOPY sends. */
export const getZeroCopy = (s: SocketTarget): boolean => getBool(s, 'SOL_SOCKET', 'SO_ZEROCOPY')
/** Sets SO_ZEROCOPY; see {@link getZeroCopy}. */
export const setZeroCopy = (s: SocketTarget, on: boolean): void => setBool(s, 'SOL_SOCKET', 'SO_ZEROCOPY', on)

// ------------------------------------------------------------ fd flags (fcntl)

function fcntl(s: SocketTarget, cmd: number, arg = 0): number {
  const r = native.fcntl(fdOf(s), cmd, arg)
  if (r < 0) throw errnoError(r, 'fcntl')
  return r
}

/** FD_CLOEXEC (fcntl F_GETFD/F_SETFD): the fd is closed across exec. */
export const getCloseOnExec = (s: SocketTarget): boolean => (fcntl(s, C.F_GETFD) & C.FD_CLOEXEC) !== 0
/** FD_CLOEXEC (fcntl F_SETFD): close the fd in exec(3)ed children. */
export function setCloseOnExec(s: SocketTarget, on: boolean): void {
  const f = fcntl(s, C.F_GETFD)
  fcntl(s, C.F_SETFD, on ? f | C.FD_CLOEXEC : f & ~C.FD_CLOEXEC)
}

/** O_NONBLOCK (fcntl F_GETFL/F_SETFL): shared by every holder of the socket, so sock's own calls never rely on it. */
export const getNonBlock = (s: SocketTarget): boolean => (fcntl(s, C.F_GETFL) & C.O_NONBLOCK) !== 0
/** O_NONBLOCK (fcntl F_SETFL); shared with every holder of the open file description. */
export function setNonBlock(s: SocketTarget, on: boolean): void {
  const f = fcntl(s, C.F_GETFL)
  fcntl(s, C.F_SETFL, on ? f | C.O_NONBLOCK : f & ~C.O_NONBLOCK)
}

const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
