import { readFileSync } from 'node:fs'
import { NetSocket, SockError, constants as C, type AddressInput, type AsyncOptions } from '@sock/core'
import { expectKind, restOf } from '@sock/core/internal'
import { InvalidAddressError, SockaddrInet4, SockaddrInet6, toSockaddr, isSockaddr, type Sockaddr } from '@sock/addr'

/** An address for a raw socket: a bare IP string ('127.0.0.1', '::1'), `{ address }`, or a Sockaddr. Ports do not apply. */
export type RawAddressInput = string | Sockaddr | AddressInput | RawAddressLike

/** `{ address }`: an IP literal without a port. */
export interface RawAddressLike {
  /** An IP literal ('127.0.0.1', '::1'). */
  address: string
}

/** A Sockaddr (port 0) for a raw-socket address argument. */
export function rawAddr(x: RawAddressInput): Sockaddr {
  if (typeof x === 'string') {
    // 'a.b.c.d:port' or '[v6]:port': raw IP has no ports, say so (not "not an IPv6 literal")
    const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(x) ?? /^\[([^\]]+)\]:\d+$/.exec(x)
    if (withPort) throw new InvalidAddressError(`raw sockets have no ports: give the IP address alone ('${withPort[1]}', not '${x}')`)
    return x.includes(':') ? new SockaddrInet6(x) : new SockaddrInet4(x)
  }
  if (isSockaddr(x)) return x
  if (x && typeof x === 'object' && 'address' in x && !('port' in x)) return rawAddr(x.address)
  return toSockaddr(x as AddressInput)
}

/**
 * A raw IP socket (SOCK_RAW) or an ICMP "ping" socket (SOCK_DGRAM + IPPROTO_ICMP /
 * IPPROTO_ICMPV6). Kernel rule: an IPv4 raw socket's reads include the IP header;
 * IPv6 raw reads and ping-socket reads never do.
 */
export class RawConn extends NetSocket {
  /** Throws `ERR_SOCK_WRONG_TYPE` unless (domain, type, protocol) is a raw IP or ICMP ping socket (used by `adopt`). */
  static checkKind(domain: number, type: number, protocol: number): void {
    const inet = domain === C.AF_INET || domain === C.AF_INET6
    const ping = type === C.SOCK_DGRAM && (protocol === C.IPPROTO_ICMP || protocol === C.IPPROTO_ICMPV6)
    expectKind('a raw IP or ICMP socket', inet && (type === C.SOCK_RAW || ping), domain, type, protocol)
  }

  /** The IP version: 4 or 6. */
  get family(): 4 | 6 {
    return this.domain === C.AF_INET ? 4 : 6
  }

  /** True for an unprivileged ICMP ("ping") socket. */
  get isPingSocket(): boolean {
    return this.type === C.SOCK_DGRAM
  }

  /** IP_HDRINCL: what you send starts with your own IPv4 header (the kernel still fills the checksum, id if 0, and total length). */
  setIPHeaderIncluded(on = true): this {
    return this.setsockoptInt(C.IPPROTO_IP, C.IP_HDRINCL, on ? 1 : 0)
  }

  /** IPV6_CHECKSUM: the offset of the checksum the kernel computes in what you send (-1 off; ICMPv6 always has it at 2). */
  setIPv6Checksum(offset: number): this {
    return this.setsockoptInt(C.IPPROTO_IPV6, C.IPV6_CHECKSUM, offset)
  }

  /** bind(2) to a local IP (a bare address string is fine). */
  override bind(addr: RawAddressInput): this {
    return super.bind(rawAddr(addr))
  }

  /** connect(2): a default destination for `write`, and only its packets are read. */
  connect(raddr: RawAddressInput): this {
    const sa = rawAddr(raddr)
    this.connectRaw(sa)
    this.#peer = sa.clone()
    return this
  }

  // getpeername(2) answers ENOTCONN for a connected raw socket (it has no port): the peer is kept here
  #peer: Sockaddr | null = null

  /** The address `connect` gave (Linux's getpeername has none for raw sockets), or null. */
  override remoteAddr(): Sockaddr | null {
    this.checkFd('getpeername')
    return this.#peer ? this.#peer.clone() : null
  }

  override sendTo(buf: Uint8Array, to: RawAddressInput, offset = 0, length = restOf(buf, offset)): number {
    return super.sendTo(buf, rawAddr(to), offset, length)
  }

  /** sendto(2) of a whole packet to an IP address (a string or a Sockaddr) once the socket is writable. */
  override sendToAsync(buf: Uint8Array, to: RawAddressInput, options?: AsyncOptions): Promise<number>
  /** sendto(2) of `buf[offset, offset + length)` (length: the rest of `buf`) to an IP address once the socket is writable. */
  override sendToAsync(buf: Uint8Array, to: RawAddressInput, offset: number, length?: number, options?: AsyncOptions): Promise<number>
  override sendToAsync(
    buf: Uint8Array,
    to: RawAddressInput,
    offsetOrOptions?: number | AsyncOptions,
    length?: number,
    options?: AsyncOptions,
  ): Promise<number> {
    try {
      return super.sendToAsync(buf, rawAddr(to), offsetOrOptions as number, length, options)
    } catch (err) {
      return Promise.reject(err)
    }
  }
}

/** Opens a socket, turning EPERM / EACCES into errors that say what is missing. */
export function openRaw(domain: number, type: number, protocol: number): RawConn {
  try {
    return RawConn.open(domain, type, protocol)
  } catch (err) {
    if (err instanceof SockError && err.code === 'EPERM' && type === C.SOCK_RAW)
      err.message += ': raw sockets need the CAP_NET_RAW capability (run as root, or grant it: setcap cap_net_raw+ep)'
    if (err instanceof SockError && err.code === 'EACCES' && type === C.SOCK_DGRAM)
      err.message += `: unprivileged ICMP (ping) sockets are allowed only for groups in net.ipv4.ping_group_range (now "${pingGroupRange()}"), even for root`
    throw err
  }
}

function pingGroupRange(): string {
  try {
    return readFileSync('/proc/sys/net/ipv4/ping_group_range', 'utf8').trim().replace(/\s+/g, ' ')
  } catch {
    return 'unknown'
  }
}
