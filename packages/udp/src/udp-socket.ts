import { NetSocket, constants as C, WOULD_BLOCK, type AsyncOptions, type AddressInput } from '@sock/core'
import { expectKind, errnoError, OPTION } from '@sock/core/internal'
import { SockaddrInet4, SockaddrInet6, toSockaddr, decodeSockaddr, invalidArgType, invalidArgValue } from '@sock/addr'
import { native } from './native.js'
import { UDPMessages } from './udp-messages.js'
import { UDPMessageInfo } from './udp-message-info.js'
import { SendControl, type UDPSendOptions } from './send-control.js'
import * as mc from '@sock/opts' // the multicast options: one implementation, in @sock/opts
import type { MulticastInterface } from '@sock/opts'

const scratch = native.scratchView() // private: detaching @sock/native's public `scratch` cannot blind it

/** A datagram from a UDP socket's async iterator. */
export interface UDPDatagram {
  /** The datagram's bytes (a new buffer each time). */
  data: Uint8Array
  /** The sender. */
  from: SockaddrInet4 | SockaddrInet6
}

/** A UDP socket (IPv4 or IPv6): options, multicast, and every I/O form. */
export class UDPSocket extends NetSocket {
  readonly #sendControl = new SendControl()
  #drained = false

  /** socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP) */
  static open4<T extends UDPSocket>(this: new (fd: number, domain: number, type: number, protocol?: number) => T): T {
    return (this as unknown as typeof NetSocket).open(C.AF_INET, C.SOCK_DGRAM, C.IPPROTO_UDP) as T
  }

  /** socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP) */
  static open6<T extends UDPSocket>(this: new (fd: number, domain: number, type: number, protocol?: number) => T): T {
    return (this as unknown as typeof NetSocket).open(C.AF_INET6, C.SOCK_DGRAM, C.IPPROTO_UDP) as T
  }

  /** Throws `ERR_SOCK_WRONG_TYPE` unless (domain, type, protocol) is a UDP socket (used by `adopt`). */
  static checkKind(domain: number, type: number, protocol: number): void {
    expectKind('a UDP socket', (domain === C.AF_INET || domain === C.AF_INET6) && type === C.SOCK_DGRAM && protocol === C.IPPROTO_UDP, domain, type, protocol)
  }

  /** The IP version: 4 or 6. */
  get family(): 4 | 6 {
    return this.domain === C.AF_INET ? 4 : 6
  }

  /** The local address as Node's `{ address, family, port }`. */
  address() {
    const sa = this.localAddr() as SockaddrInet4 | SockaddrInet6
    return sa.toAddressInfo()
  }

  /** Node's dgram `remoteAddress()` shape, for a connected socket. */
  remoteAddress() {
    const sa = this.remoteAddr() as SockaddrInet4 | SockaddrInet6 | null
    if (!sa) throw errnoError(-C.ENOTCONN, 'getpeername')
    return sa.toAddressInfo()
  }

  /** connect(2): sets the default peer (datagrams from others are then dropped). */
  connect(raddr: AddressInput): this {
    this.connectRaw(raddr)
    this.#connected = true
    return this
  }

  // connect() was called: sendTo to an address is refused, as node:dgram does (Linux would
  // quietly send elsewhere than the peer this socket filters its receives on)
  #connected = false

  /** sendto(2) to `to` (see NetSocket); on a connected socket: `ERR_SOCKET_DGRAM_IS_CONNECTED` (use `write`). */
  override sendTo(buf: Uint8Array, to: AddressInput, offset?: number, length?: number): number {
    if (this.#connected) throw isConnectedError()
    return offset === undefined ? super.sendTo(buf, to) : length === undefined ? super.sendTo(buf, to, offset) : super.sendTo(buf, to, offset, length)
  }

  /** `sendTo` that waits on the event loop; on a connected socket it rejects with `ERR_SOCKET_DGRAM_IS_CONNECTED`. */
  override sendToAsync(buf: Uint8Array, to: AddressInput, options?: AsyncOptions): Promise<number>
  override sendToAsync(buf: Uint8Array, to: AddressInput, offset: number, length?: number, options?: AsyncOptions): Promise<number>
  override sendToAsync(buf: Uint8Array, to: AddressInput, offsetOrOptions?: number | AsyncOptions, length?: number, options?: AsyncOptions): Promise<number> {
    if (this.#connected) return Promise.reject(isConnectedError())
    return super.sendToAsync(buf, to, offsetOrOptions as number, length, options)
  }

  // ------------------------------------------------------------ options

  /** SO_BROADCAST: allow sending to broadcast addresses. */
  setBroadcast(on = true): this {
    return this.setOption(OPTION.SO_BROADCAST, on ? 1 : 0)
  }

  /** IP_TTL / IPV6_UNICAST_HOPS for unicast datagrams: 1..255, or -1 for the system default. */
  setTTL(ttl: number): this {
    return this.setOption(this.family === 4 ? OPTION.IP_TTL : OPTION.IPV6_UNICAST_HOPS, ttl)
  }

  // multicast: @sock/opts's functions, of this socket's family

  /** IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS (0..255; default 1). */
  setMulticastTTL(ttl: number): this {
    return this.#set(this.family === 4 ? mc.setIPMulticastTTL : mc.setIPv6MulticastHops, ttl)
  }
  /** IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS, read back. */
  getMulticastTTL(): number {
    return this.family === 4 ? mc.getIPMulticastTTL(this) : mc.getIPv6MulticastHops(this)
  }

  /** IP_MULTICAST_LOOP / IPV6_MULTICAST_LOOP: receive our own multicast on this host. */
  setMulticastLoopback(on: boolean): this {
    return this.#set(this.family === 4 ? mc.setIPMulticastLoop : mc.setIPv6MulticastLoop, on)
  }
  /** IP_MULTICAST_LOOP / IPV6_MULTICAST_LOOP, read back. */
  getMulticastLoopback(): boolean {
    return this.family === 4 ? mc.getIPMulticastLoop(this) : mc.getIPv6MulticastLoop(this)
  }

  /** IP_MULTICAST_IF (an interface address or index) / IPV6_MULTICAST_IF (an index, 'lo' or '::%lo'): the outgoing interface. */
  setMulticastInterface(iface: number | string): this {
    return this.#set(this.family === 4 ? mc.setIPMulticastIf : mc.setIPv6MulticastIf, iface)
  }
  /**
   * IP_MULTICAST_IF / IPV6_MULTICAST_IF, read back: for IPv4 the interface address
   * set ('0.0.0.0': none, or set by index), for IPv6 the interface index (0: none).
   */
  getMulticastInterface(): string | number {
    return this.family === 4 ? mc.getIPMulticastIf(this) : mc.getIPv6MulticastIf(this)
  }

  /** IP_MULTICAST_ALL / IPV6_MULTICAST_ALL: deliver all groups joined on the host (Linux default on) or only this socket's. */
  setMulticastAll(on: boolean): this {
    return this.#set(this.family === 4 ? mc.setIPMulticastAll : mc.setIPv6MulticastAll, on)
  }
  /** IP_MULTICAST_ALL / IPV6_MULTICAST_ALL, read back. */
  getMulticastAll(): boolean {
    return this.family === 4 ? mc.getIPMulticastAll(this) : mc.getIPv6MulticastAll(this)
  }

  /** Joins `group` (IP_ADD_MEMBERSHIP / IPV6_JOIN_GROUP) on an interface (address or index; default: the kernel's choice). */
  addMembership(group: string, iface?: MulticastInterface): this {
    ;(this.family === 4 ? mc.joinMulticast4 : mc.joinMulticast6)(this, group, iface)
    return this
  }

  /** Leaves `group` (IP_DROP_MEMBERSHIP / IPV6_LEAVE_GROUP) on the interface it was joined on. */
  dropMembership(group: string, iface?: MulticastInterface): this {
    ;(this.family === 4 ? mc.leaveMulticast4 : mc.leaveMulticast6)(this, group, iface)
    return this
  }

  /** Source-specific membership (SSM): only `source`'s datagrams to `group`. IPv4 takes an interface address or index; IPv6 an index or name. */
  addSourceSpecificMembership(source: string, group: string, iface?: MulticastInterface): this {
    ;(this.family === 4 ? mc.joinSourceMulticast4 : mc.joinSourceMulticast6)(this, source, group, iface)
    return this
  }

  /** Leaves a source-specific membership (IP_DROP_SOURCE_MEMBERSHIP / MCAST_LEAVE_SOURCE_GROUP). */
  dropSourceSpecificMembership(source: string, group: string, iface?: MulticastInterface): this {
    ;(this.family === 4 ? mc.leaveSourceMulticast4 : mc.leaveSourceMulticast6)(this, source, group, iface)
    return this
  }

  #set<T>(set: (s: this, value: T) => void, value: T): this {
    set(this, value)
    return this
  }

  /** UDP_SEGMENT (GSO): sends larger than this are split into datagrams of this many bytes; 0 off. */
  setUDPSegment(size: number): this {
    return this.setOption(OPTION.UDP_SEGMENT, size)
  }

  /** UDP_SEGMENT (GSO) segment size in bytes; 0 off. */
  getUDPSegment(): number {
    return this.getOption(OPTION.UDP_SEGMENT)
  }

  /** UDP_GRO: let the kernel coalesce datagrams; `recvMsg` reports the segment size. */
  setUDPGRO(on = true): this {
    return this.setOption(OPTION.UDP_GRO, on ? 1 : 0)
  }

  /** IP_PKTINFO / IPV6_RECVPKTINFO: report each datagram's destination address and interface. */
  setRecvPktInfo(on = true): this {
    return this.setOption(this.family === 4 ? OPTION.IP_PKTINFO : OPTION.IPV6_RECVPKTINFO, on ? 1 : 0)
  }

  /** IP_RECVTOS / IPV6_RECVTCLASS */
  setRecvTOS(on = true): this {
    return this.setOption(this.family === 4 ? OPTION.IP_RECVTOS : OPTION.IPV6_RECVTCLASS, on ? 1 : 0)
  }

  /** IP_RECVTTL / IPV6_RECVHOPLIMIT */
  setRecvTTL(on = true): this {
    return this.setOption(this.family === 4 ? OPTION.IP_RECVTTL : OPTION.IPV6_RECVHOPLIMIT, on ? 1 : 0)
  }

  /** IP_TOS / IPV6_TCLASS for what this socket sends: a byte, 0..255 (IPv6: -1 restores the default). */
  setTOS(tos: number): this {
    return this.setOption(this.family === 4 ? OPTION.IP_TOS : OPTION.IPV6_TCLASS, tos)
  }

  /** SO_TIMESTAMPNS: kernel receive timestamps (ns) with every datagram. */
  setTimestampNs(on = true): this {
    return this.setOption(OPTION.SO_TIMESTAMPNS, on ? 1 : 0)
  }

  // ------------------------------------------------------------ batches

  /**
   * recvmmsg(2): receives up to `msgs.count` datagrams into the table, one
   * syscall, no allocation. Returns how many arrived, or WOULD_BLOCK.
   */
  recvMessages(msgs: UDPMessages, count: number = msgs?.count): number {
    checkMessages(msgs)
    const table = msgs.table // read before the fd, as every argument
    const fd = this.checkFd('recvmmsg')
    // The last batch was partial, so the queue is probably empty: with a deadline,
    // wait for readiness first instead of paying for an EAGAIN attempt.
    if (this.#drained) this.pollBeforeRead()
    for (;;) {
      const n = native.recvmmsg(fd, table, count)
      if (n >= 0) {
        this.#drained = n < count
        return n
      }
      if (n !== WOULD_BLOCK) throw errnoError(n, 'recvmmsg')
      if (!this.waitOrWouldBlock('read', 'recvmmsg')) return WOULD_BLOCK
    }
  }

  /**
   * sendmmsg(2): sends the first `count` messages of the table (lengths and
   * destinations set with `setLength` / `setTo`). Returns how many were sent —
   * possibly fewer: send the rest again — or WOULD_BLOCK.
   */
  sendMessages(msgs: UDPMessages, count: number): number {
    checkMessages(msgs)
    const table = msgs.table // read before the fd, as every argument
    const fd = this.checkFd('sendmmsg')
    for (;;) {
      const n = native.sendmmsg(fd, table, count)
      if (n >= 0) return n
      if (n !== WOULD_BLOCK) throw errnoError(n, 'sendmmsg')
      if (!this.waitOrWouldBlock('write', 'sendmmsg')) return WOULD_BLOCK
    }
  }

  /** `recvMessages` that waits on the event loop: resolves with at least one message received (up to `options.count`, default the table's size). */
  recvMessagesAsync(msgs: UDPMessages, options?: AsyncOptions & { count?: number }): Promise<number> {
    if (!(msgs instanceof UDPMessages)) return Promise.reject(notMessages())
    const count = options?.count ?? msgs.count
    const table = msgs.table // read now, not at the syscall (where it would run after the fd was taken)
    return this.callAsync(
      'read',
      'recvmmsg',
      () => native.recvmmsg(this.fd, table, count),
      (n) => n,
      options,
    )
  }

  /** `sendMessages` that waits on the event loop while the send buffer is full: resolves with the messages sent. */
  sendMessagesAsync(msgs: UDPMessages, count: number, options?: AsyncOptions): Promise<number> {
    if (!(msgs instanceof UDPMessages)) return Promise.reject(notMessages())
    const table = msgs.table // read now, not at the syscall (where it would run after the fd was taken)
    return this.callAsync(
      'write',
      'sendmmsg',
      () => native.sendmmsg(this.fd, table, count),
      (n) => n,
      options,
    )
  }

  // ------------------------------------------------------------ one message with ancillary data

  /**
   * recvmsg(2) with ancillary data decoded into a reusable `UDPMessageInfo`
   * (sender, destination address, TOS, TTL, timestamp, GRO segment size,
   * MSG_TRUNC). Returns the byte count or WOULD_BLOCK; no allocation.
   */
  recvMsg(buf: Uint8Array, info: UDPMessageInfo): number {
    checkInfo(info, this.family)
    const name = info.from.raw // info's fields are read before the fd: nothing they run can reach a closed fd
    const control = info.control
    const fd = this.checkFd('recvmsg')
    for (;;) {
      const n = native.recvmsg(fd, buf, name, control, 0)
      if (n >= 0) return received(n, info)
      if (n !== WOULD_BLOCK) throw errnoError(n, 'recvmsg')
      if (!this.waitOrWouldBlock('read', 'recvmsg')) return WOULD_BLOCK
    }
  }

  /** `recvMsg` that waits on the event loop: resolves with the byte count, `info` filled. */
  recvMsgAsync(buf: Uint8Array, info: UDPMessageInfo, options?: AsyncOptions): Promise<number> {
    let name: Uint8Array
    let control: Uint8Array
    try {
      checkInfo(info, this.family)
      name = info.from.raw // read now, not at the syscall (where they would run after the fd was taken)
      control = info.control
    } catch (err) {
      return Promise.reject(err)
    }
    return this.callAsync(
      'read',
      'recvmsg',
      () => native.recvmsg(this.fd, buf, name, control, 0),
      (n) => received(n, info),
      options,
    )
  }

  /** sendmsg(2) with a chosen source address and/or a per-send GSO segment size. */
  sendMsg(buf: Uint8Array, options: UDPSendOptions = {}): number {
    if (options.to !== undefined && this.#connected) throw isConnectedError()
    const to = options.to === undefined ? null : toSockaddr(options.to) // the caller's getters run before the fd is read
    const control = this.#sendControl.build(options, this.family)
    const fd = this.checkFd('sendmsg')
    for (;;) {
      const n = native.sendmsg(fd, buf, to ? to.raw : null, to ? to.length : 0, control, 0)
      if (n >= 0) return n
      if (n !== WOULD_BLOCK) throw errnoError(n, 'sendmsg', to)
      if (!this.waitOrWouldBlock('write', 'sendmsg')) return WOULD_BLOCK
    }
  }

  /** `sendMsg` that waits on the event loop: resolves with the bytes sent. */
  sendMsgAsync(buf: Uint8Array, options: UDPSendOptions & AsyncOptions = {}): Promise<number> {
    try {
      if (options.to !== undefined && this.#connected) throw isConnectedError()
      const to = options.to === undefined ? null : toSockaddr(options.to)
      const control = this.#sendControl.build(options, this.family)?.slice() ?? null
      return this.callAsync(
        'write',
        'sendmsg',
        () => native.sendmsg(this.fd, buf, to ? to.raw : null, to ? to.length : 0, control, 0),
        (n) => n,
        options,
      )
    } catch (err) {
      return Promise.reject(err)
    }
  }

  // ------------------------------------------------------------ iteration

  /**
   * Datagrams as they arrive, each a new `{ data, from }` (convenient, so it
   * allocates: use recvFrom / recvMessages on hot paths). Ends when the socket closes.
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<UDPDatagram, void, undefined> {
    const buf = new Uint8Array(65536)
    const from = this.family === 4 ? new SockaddrInet4() : new SockaddrInet6()
    for (;;) {
      if (this.closed) return
      let n: number
      try {
        n = await this.recvFromAsync(buf, from)
      } catch (err) {
        if (this.closed) return
        throw err
      }
      yield { data: buf.slice(0, n), from: decodeSockaddr(from.raw, from.length) as SockaddrInet4 | SockaddrInet6 }
    }
  }
}

function received(n: number, info: UDPMessageInfo): number {
  info.bytes = n
  info.controlLength = scratch[1]
  info.flags = scratch[2]
  info.truncated = (info.flags & C.MSG_TRUNC) !== 0
  info.decode()
  return n
}

const notMessages = () => invalidArgType('msgs must be a UDPMessages table')
const notInfo = () => invalidArgType('info must be a UDPMessageInfo')

function checkMessages(msgs: unknown): void {
  if (!(msgs instanceof UDPMessages)) throw notMessages()
}

function checkInfo(info: unknown, family: 4 | 6): asserts info is UDPMessageInfo {
  if (!(info instanceof UDPMessageInfo)) throw notInfo()
  // the kernel writes the sender into `info.from`: an IPv6 one on an IPv4 socket would read as [::]:port
  if ((info.from instanceof SockaddrInet4 ? 4 : 6) !== family)
    throw invalidArgValue(`info is a UDPMessageInfo(${family === 4 ? 6 : 4}); this is an IPv${family} socket: use new UDPMessageInfo(${family})`)
}

/** node:dgram's error for an address given to a connected socket. */
function isConnectedError(): Error {
  return Object.assign(new Error('Already connected: send without an address (write), or use an unconnected socket'), { code: 'ERR_SOCKET_DGRAM_IS_CONNECTED' })
}
