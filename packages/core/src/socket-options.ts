// Socket options implemented once, on fds (socket2's SockRef): each int option's level,
// name, and the values the kernel keeps as given. The socket classes' setters (setTTL,
// setNoDelay, setRecvBufferSize, ...) and @sock/opts's functions both go through these,
// so a range or an encoding cannot drift between the two.
import { native, C, scratch } from './native.js'
import { errnoError } from './errors.js'
import { invalidArgType, outOfRange } from '@sock/addr'

/** An int socket option: its C level and name, and the values setsockopt(2) keeps as given. */
export interface IntOption {
  /** The level's C name ('SOL_SOCKET', 'IPPROTO_IP', ...). */
  readonly level: string
  /** The option's C name ('SO_RCVBUF', ...). */
  readonly name: string
  /** Whether the kernel keeps `value` as given (it would clamp, mask or reject anything else). */
  readonly valid: (value: number) => boolean
  /** The valid values, for the RangeError. */
  readonly what: string
}

const INT32 = (v: number) => v >= -0x80000000 && v <= 0x7fffffff
const NON_NEGATIVE = (v: number) => v >= 0 && v <= 0x7fffffff

// the descriptors made here: a value from anywhere else (the methods taking one are reachable from JS) is a TypeError
const made = new WeakSet<IntOption>()

/** An int option taking `valid` values (default: any 32-bit integer). */
export function intOption(level: string, name: string, valid: (value: number) => boolean = INT32, what = 'a 32-bit integer'): IntOption {
  const o = Object.freeze({ level, name, valid, what })
  made.add(o)
  return o
}

/** A boolean option (1 or 0). */
export function boolOption(level: string, name: string): IntOption {
  return intOption(level, name, (v) => v === 0 || v === 1, 'a boolean')
}

function checkOption(o: IntOption): void {
  if (!made.has(o)) throw invalidArgType('option must be a socket option descriptor (OPTION.*)')
}

const SCTP_CONSTANTS: Readonly<Record<string, number>> = native.sctp?.constants ?? {}

/** The constant `name` (the socket constants, then <linux/sctp.h>'s), or ENOPROTOOPT on a system that lacks the option. */
export function optionConstant(name: string, syscall: string): number {
  const table = Object.hasOwn(C, name) ? (C as Readonly<Record<string, number>>) : SCTP_CONSTANTS
  const v = Object.hasOwn(table, name) ? table[name] : undefined
  if (v === undefined) throw errnoError(-C.ENOPROTOOPT, syscall, null, { code: 'ENOPROTOOPT' })
  return v
}

/** getsockopt(2) of an int option. */
export function getIntOption(fd: number, o: IntOption): number {
  checkOption(o)
  const r = native.getsockoptInt(fd, optionConstant(o.level, 'getsockopt'), optionConstant(o.name, 'getsockopt'))
  if (r < 0) throw errnoError(r, 'getsockopt')
  return scratch[0]
}

/** setsockopt(2) of an int option; a value the kernel would not keep as given is ERR_OUT_OF_RANGE first. */
export function setIntOption(fd: number, o: IntOption, value: number): void {
  checkOptionValue(o, value)
  const r = native.setsockoptInt(fd, optionConstant(o.level, 'setsockopt'), optionConstant(o.name, 'setsockopt'), value)
  if (r < 0) throw errnoError(r, 'setsockopt')
}

/** ERR_OUT_OF_RANGE unless `value` is an integer the option keeps as given (checked before any fd is touched). */
export function checkOptionValue(o: IntOption, value: number): void {
  checkOption(o)
  if (typeof value !== 'number' || !Number.isInteger(value) || !o.valid(value)) throw outOfRange(`${o.name} takes ${o.what}`)
}

const HOPS = (v: number) => v === -1 || (v >= 1 && v <= 255)
const BYTE = (v: number) => v >= 0 && v <= 255

/** The options both the socket classes and @sock/opts set. */
export const OPTION = {
  /** SO_RCVBUF, bytes (Linux doubles it and caps it at net.core.rmem_max). */
  SO_RCVBUF: intOption(
    'SOL_SOCKET',
    'SO_RCVBUF',
    NON_NEGATIVE,
    'bytes, 0..2^31-1 (Linux doubles it, caps it at net.core.rmem_max and raises it to its minimum)',
  ),
  /** SO_SNDBUF, bytes (Linux doubles it and caps it at net.core.wmem_max). */
  SO_SNDBUF: intOption(
    'SOL_SOCKET',
    'SO_SNDBUF',
    NON_NEGATIVE,
    'bytes, 0..2^31-1 (Linux doubles it, caps it at net.core.wmem_max and raises it to its minimum)',
  ),
  /** SO_BROADCAST */
  SO_BROADCAST: boolOption('SOL_SOCKET', 'SO_BROADCAST'),
  /** SO_KEEPALIVE */
  SO_KEEPALIVE: boolOption('SOL_SOCKET', 'SO_KEEPALIVE'),
  /** SO_TIMESTAMPNS */
  SO_TIMESTAMPNS: boolOption('SOL_SOCKET', 'SO_TIMESTAMPNS'),
  /** TCP_NODELAY */
  TCP_NODELAY: boolOption('IPPROTO_TCP', 'TCP_NODELAY'),
  /** TCP_KEEPIDLE, seconds (1..32767). */
  TCP_KEEPIDLE: intOption('IPPROTO_TCP', 'TCP_KEEPIDLE', (v) => v >= 1 && v <= 32767, 'seconds, 1..32767'),
  /** TCP_KEEPINTVL, seconds (1..32767). */
  TCP_KEEPINTVL: intOption('IPPROTO_TCP', 'TCP_KEEPINTVL', (v) => v >= 1 && v <= 32767, 'seconds, 1..32767'),
  /** IP_TTL: hops, 1..255, or -1 for the system default. */
  IP_TTL: intOption('IPPROTO_IP', 'IP_TTL', HOPS, 'hops from 1 to 255, or -1 for the system default'),
  /** IPV6_UNICAST_HOPS: hops, 1..255, or -1 for the system default. */
  IPV6_UNICAST_HOPS: intOption('IPPROTO_IPV6', 'IPV6_UNICAST_HOPS', HOPS, 'hops from 1 to 255, or -1 for the system default'),
  /** IP_TOS: a byte. */
  IP_TOS: intOption('IPPROTO_IP', 'IP_TOS', BYTE, 'a byte, 0..255'),
  /** IPV6_TCLASS: a byte, or -1 for the default. */
  IPV6_TCLASS: intOption('IPPROTO_IPV6', 'IPV6_TCLASS', (v) => v === -1 || BYTE(v), 'a byte, 0..255, or -1 for the default'),
  /** IP_PKTINFO */
  IP_PKTINFO: boolOption('IPPROTO_IP', 'IP_PKTINFO'),
  /** IPV6_RECVPKTINFO */
  IPV6_RECVPKTINFO: boolOption('IPPROTO_IPV6', 'IPV6_RECVPKTINFO'),
  /** IP_RECVTOS */
  IP_RECVTOS: boolOption('IPPROTO_IP', 'IP_RECVTOS'),
  /** IP_RECVTTL */
  IP_RECVTTL: boolOption('IPPROTO_IP', 'IP_RECVTTL'),
  /** IPV6_RECVTCLASS */
  IPV6_RECVTCLASS: boolOption('IPPROTO_IPV6', 'IPV6_RECVTCLASS'),
  /** IPV6_RECVHOPLIMIT */
  IPV6_RECVHOPLIMIT: boolOption('IPPROTO_IPV6', 'IPV6_RECVHOPLIMIT'),
  /** IP_MULTICAST_TTL: hops of outgoing multicast, 0..255 (default 1). */
  IP_MULTICAST_TTL: intOption('IPPROTO_IP', 'IP_MULTICAST_TTL', BYTE, 'hops, 0..255'),
  /** IPV6_MULTICAST_HOPS: hops of outgoing multicast, 0..255 (default 1). */
  IPV6_MULTICAST_HOPS: intOption('IPPROTO_IPV6', 'IPV6_MULTICAST_HOPS', BYTE, 'hops, 0..255'),
  /** IP_MULTICAST_LOOP */
  IP_MULTICAST_LOOP: boolOption('IPPROTO_IP', 'IP_MULTICAST_LOOP'),
  /** IPV6_MULTICAST_LOOP */
  IPV6_MULTICAST_LOOP: boolOption('IPPROTO_IPV6', 'IPV6_MULTICAST_LOOP'),
  /** IP_MULTICAST_ALL */
  IP_MULTICAST_ALL: boolOption('IPPROTO_IP', 'IP_MULTICAST_ALL'),
  /** IPV6_MULTICAST_ALL */
  IPV6_MULTICAST_ALL: boolOption('IPPROTO_IPV6', 'IPV6_MULTICAST_ALL'),
  /** IPV6_MULTICAST_IF: the outgoing interface's index (0: the kernel's choice). */
  IPV6_MULTICAST_IF: intOption('IPPROTO_IPV6', 'IPV6_MULTICAST_IF', NON_NEGATIVE, 'an interface index >= 0'),
  /** UDP_SEGMENT: the GSO segment size in bytes, 0 off (at most 65535). */
  UDP_SEGMENT: intOption('IPPROTO_UDP', 'UDP_SEGMENT', (v) => v >= 0 && v <= 65535, 'bytes, 0..65535 (0: off)'),
  /** UDP_GRO */
  UDP_GRO: boolOption('IPPROTO_UDP', 'UDP_GRO'),
} as const
