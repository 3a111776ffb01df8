import { EventEmitter } from 'node:events'
import { SockaddrInet4, SockaddrInet6, invalidArgType, invalidArgValue } from '@sock/addr'
import { UDPConn, listenUDP } from '@sock/udp'
import { toRinfo } from './address.js'

/** The callback of {@link DgramSocket.send}: an error, or the bytes sent. */
export type DgramSendCallback = (err: Error | null, bytes?: number) => void
/** What {@link DgramSocket.send} sends: one buffer or string, or several sent as one datagram. */
export type DgramMessage = Buffer | string | Uint8Array | readonly (Buffer | string | Uint8Array)[]

/**
 * A `dgram.Socket`-shaped adapter over a sock UDPConn, for code written against
 * node:dgram: 'listening', 'message' (msg, rinfo), 'error', 'close'; `bind`,
 * `send`, `address`, `close`, `connect`, membership and the option setters.
 * Each message is a new Buffer, as dgram gives it (use UDPConn directly for
 * zero-allocation receives).
 */
export class DgramSocket extends EventEmitter {
  /** 'udp4' or 'udp6', as given to `createSocket`. */
  readonly type: 'udp4' | 'udp6'
  #conn: UDPConn | null = null
  #closing = false
  #options: { reuseAddr?: boolean; ipv6Only?: boolean; recvBufferSize?: number; sendBufferSize?: number }

  constructor(type: 'udp4' | 'udp6', options: { reuseAddr?: boolean; ipv6Only?: boolean; recvBufferSize?: number; sendBufferSize?: number } = {}) {
    super()
    if (type !== 'udp4' && type !== 'udp6') throw invalidArgValue("type must be 'udp4' or 'udp6'")
    this.type = type
    this.#options = options
  }

  /** The sock UDPConn underneath (after bind). */
  get conn(): UDPConn | null {
    return this.#conn
  }

  /** bind([port][, address][, callback]) or bind({ port, address }, callback), as dgram. */
  bind(port?: number | { port?: number; address?: string } | (() => void), address?: string | (() => void), callback?: () => void): this {
    if (typeof port === 'function') {
      callback = port
      port = 0
    }
    if (typeof address === 'function') {
      callback = address
      address = undefined
    }
    if (port !== null && typeof port === 'object') {
      address = port.address
      port = port.port
    }
    if (this.#conn) throw Object.assign(new Error('Socket is already bound'), { code: 'ERR_SOCKET_ALREADY_BOUND' })
    const addr = (address as string | undefined) ?? (this.type === 'udp4' ? '0.0.0.0' : '::')
    try {
      this.#conn = listenUDP(this.type, { address: addr, port: (port as number | undefined) ?? 0 }, this.#options)
    } catch (err) {
      process.nextTick(() => this.emit('error', err))
      return this
    }
    if (callback) this.once('listening', callback)
    process.nextTick(() => {
      this.emit('listening')
      void this.#receive()
    })
    return this
  }

  async #receive(): Promise<void> {
    const conn = this.#conn!
    const buf = Buffer.allocUnsafe(65536)
    const from = this.type === 'udp4' ? new SockaddrInet4() : new SockaddrInet6()
    while (!conn.closed) {
      try {
        const n = await conn.recvFromAsync(buf, from)
        this.emit('message', Buffer.from(buf.subarray(0, n)), toRinfo(from, n))
      } catch (err) {
        if (conn.closed) return
        // an ICMP error (ECONNREFUSED on a connected socket) is reported and the socket goes on
        this.emit('error', err)
      }
    }
  }

  #ensureBound(): UDPConn {
    if (!this.#conn) this.bind(0)
    if (!this.#conn) throw Object.assign(new Error('bind failed'), { code: 'ERR_SOCKET_DGRAM_NOT_RUNNING' })
    return this.#conn
  }

  /** send(msg[, offset, length], port, address[, callback]) and send(msg, port, address, cb), as dgram. A connected socket may omit port and address. */
  send(msg: DgramMessage, port?: number, address?: string, callback?: DgramSendCallback): void
  send(msg: DgramMessage, offset: number, length: number, port?: number, address?: string, callback?: DgramSendCallback): void
  send(msg: DgramMessage, callback?: DgramSendCallback): void
  send(msg: DgramMessage, ...args: unknown[]): void {
    let offset: number | undefined
    let length: number | undefined
    if (typeof args[0] === 'number' && typeof args[1] === 'number' && (typeof args[2] === 'number' || args.length >= 4)) {
      offset = args.shift() as number
      length = args.shift() as number
    }
    const callback = typeof args[args.length - 1] === 'function' ? (args.pop() as DgramSendCallback) : undefined
    const [port, address] = args as [number | undefined, string | undefined]
    let data = Array.isArray(msg)
      ? Buffer.concat(msg.map((m) => (typeof m === 'string' ? Buffer.from(m) : m)))
      : typeof msg === 'string'
        ? Buffer.from(msg)
        : (msg as Uint8Array)
    if (offset !== undefined) data = data.subarray(offset, offset + (length ?? data.length - offset))
    let conn: UDPConn
    try {
      conn = this.#ensureBound()
    } catch (err) {
      if (callback) process.nextTick(callback, err)
      else process.nextTick(() => this.emit('error', err))
      return
    }
    const host = address ?? (this.type === 'udp4' ? '127.0.0.1' : '::1')
    const sent = port === undefined ? conn.writeAsync(data) : conn.sendToAsync(data, { address: host, port })
    sent.then(
      (n) => callback?.(null, n),
      (err) => (callback ? callback(err) : this.emit('error', err)),
    )
  }

  /** connect(port[, address][, callback]): a default peer, as dgram. */
  connect(port: number, address?: string | (() => void), callback?: () => void): void {
    if (typeof address === 'function') {
      callback = address
      address = undefined
    }
    const conn = this.#ensureBound()
    conn.connect({ address: (address as string | undefined) ?? (this.type === 'udp4' ? '127.0.0.1' : '::1'), port })
    process.nextTick(() => {
      this.emit('connect')
      callback?.()
    })
  }

  /** The bound address, as dgram's `address()`; `ERR_SOCKET_DGRAM_NOT_RUNNING` before `bind`. */
  address() {
    if (!this.#conn) throw Object.assign(new Error('getsockname EBADF'), { code: 'ERR_SOCKET_DGRAM_NOT_RUNNING' })
    return this.#conn.address()
  }

  /** The connected peer's address, as dgram's `remoteAddress()`. */
  remoteAddress() {
    return this.#ensureBound().remoteAddress()
  }

  /** Closes the socket and emits 'close' on the next tick; idempotent. */
  close(callback?: () => void): this {
    if (this.#closing) return this
    this.#closing = true
    if (callback) this.once('close', callback)
    this.#conn?.close()
    process.nextTick(() => this.emit('close'))
    return this
  }

  /** Lets a pending receive keep the event loop alive (the default). */
  ref(): this {
    this.#conn?.ref()
    return this
  }

  /** Lets the process exit while a receive is pending. */
  unref(): this {
    this.#conn?.unref()
    return this
  }

  /** SO_BROADCAST. */
  setBroadcast(on: boolean): void {
    this.#ensureBound().setBroadcast(on)
  }

  /** IP_TTL / IPV6_UNICAST_HOPS (1..255); returns `ttl`, as dgram. */
  setTTL(ttl: number): number {
    this.#ensureBound().setTTL(ttl)
    return ttl
  }

  /** IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS (0..255); returns `ttl`, as dgram. */
  setMulticastTTL(ttl: number): number {
    this.#ensureBound().setMulticastTTL(ttl)
    return ttl
  }

  /** IP_MULTICAST_LOOP / IPV6_MULTICAST_LOOP; returns `on`, as dgram. */
  setMulticastLoopback(on: boolean): boolean {
    this.#ensureBound().setMulticastLoopback(on)
    return on
  }

  /** IP_MULTICAST_IF / IPV6_MULTICAST_IF: an interface address (IPv4) or a zone like '%eth0' (IPv6). */
  setMulticastInterface(iface: string): void {
    this.#ensureBound().setMulticastInterface(iface)
  }

  /** Joins a multicast group (IP_ADD_MEMBERSHIP / IPV6_JOIN_GROUP). */
  addMembership(group: string, iface?: string): void {
    this.#ensureBound().addMembership(group, iface)
  }

  /** Leaves a multicast group. */
  dropMembership(group: string, iface?: string): void {
    this.#ensureBound().dropMembership(group, iface)
  }

  /** Joins a source-specific multicast group (IP_ADD_SOURCE_MEMBERSHIP / MCAST_JOIN_SOURCE_GROUP). */
  addSourceSpecificMembership(source: string, group: string, iface?: string): void {
    this.#ensureBound().addSourceSpecificMembership(source, group, iface)
  }

  /** Leaves a source-specific multicast group. */
  dropSourceSpecificMembership(source: string, group: string, iface?: string): void {
    this.#ensureBound().dropSourceSpecificMembership(source, group, iface)
  }

  /** SO_RCVBUF, in bytes (the kernel doubles it for bookkeeping). */
  setRecvBufferSize(bytes: number): void {
    this.#ensureBound().setRecvBufferSize(bytes)
  }

  /** SO_SNDBUF, in bytes (the kernel doubles it for bookkeeping). */
  setSendBufferSize(bytes: number): void {
    this.#ensureBound().setSendBufferSize(bytes)
  }

  /** SO_RCVBUF as the kernel reports it, in bytes. */
  getRecvBufferSize(): number {
    return this.#ensureBound().getRecvBufferSize()
  }

  /** SO_SNDBUF as the kernel reports it, in bytes. */
  getSendBufferSize(): number {
    return this.#ensureBound().getSendBufferSize()
  }
}

/** dgram.createSocket's shape: `createSocket('udp4', onMessage?)` or `createSocket({ type, reuseAddr, ... }, onMessage?)`. */
export function createSocket(
  type: 'udp4' | 'udp6' | { type: 'udp4' | 'udp6'; reuseAddr?: boolean; ipv6Only?: boolean; recvBufferSize?: number; sendBufferSize?: number },
  onMessage?: (msg: Buffer, rinfo: ReturnType<typeof toRinfo>) => void,
): DgramSocket {
  if (typeof type !== 'string' && (typeof type !== 'object' || type === null)) throw invalidArgType("createSocket takes 'udp4', 'udp6' or { type, ... }")
  const s = typeof type === 'string' ? new DgramSocket(type) : new DgramSocket(type.type, type)
  if (onMessage) s.on('message', onMessage)
  return s
}
