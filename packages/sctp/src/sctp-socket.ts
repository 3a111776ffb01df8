import { endianness } from 'node:os'
import { NetSocket, SockError, WOULD_BLOCK, cmsgSpace, writeCmsgHeader, type AddressInput, type AsyncOptions } from '@sock/core'
import { errnoError, expectKind } from '@sock/core/internal'
import { toSockaddr, type Sockaddr, type SockaddrInet4, type SockaddrInet6, invalidArgType, invalidArgValue, describeValue } from '@sock/addr'
import { native, S, SL } from './native.js'
import { packAddrs, unpackAddrs } from './addresses.js'
import { assocIdOf, writeSndInfo } from '@sock/opts/internal'
import {
  getSCTPAutoclose,
  getSCTPContext,
  getSCTPDefaultSndInfo,
  getSCTPDisableFragments,
  getSCTPFragmentInterleave,
  getSCTPInitMsg,
  getSCTPMappedV4,
  getSCTPMaxBurst,
  getSCTPMaxseg,
  getSCTPNoDelay,
  getSCTPPartialDeliveryPoint,
  getSCTPRecvRcvInfo,
  getSCTPStatus,
  setSCTPAutoclose,
  setSCTPContext,
  setSCTPDefaultSndInfo,
  setSCTPDisableFragments,
  setSCTPFragmentInterleave,
  setSCTPInitMsg,
  setSCTPMappedV4,
  setSCTPMaxBurst,
  setSCTPMaxseg,
  setSCTPNoDelay,
  setSCTPPartialDeliveryPoint,
  setSCTPRecvRcvInfo,
  type SCTPInitMsg,
  type SCTPSndInfo,
  type SCTPStatus,
} from '@sock/opts'
import { EVENT_TYPES, type SCTPEventName } from './notification.js'
import { SCTPRecvInfo } from './sctp-recv-info.js'

const C = native.constants
const LE = endianness() === 'LE'
const scratch = native.scratchView() // private: detaching @sock/native's public `scratch` cannot blind it

/** SCTP_SNDINFO for one send: all optional. */
export interface SCTPSendInfo extends SCTPSndInfo {
  /** Destination (one-to-many: starts an association implicitly). */
  to?: AddressInput
}

/** Adds the SCTP hint to socket(2) failures on a kernel without SCTP. */
export function openSCTP<T extends NetSocket>(cls: { open(domain: number, type: number, protocol: number): NetSocket }, domain: number, type: number): T {
  if (typeof cls?.open !== 'function') throw invalidArgType('openSCTP takes a socket class (SCTPConn, SCTPListener, SCTPMultiConn)')
  try {
    return cls.open(domain, type, S.IPPROTO_SCTP) as T
  } catch (err) {
    if (err instanceof SockError && (err.code === 'EPROTONOSUPPORT' || err.code === 'ESOCKTNOSUPPORT'))
      err.message = `${err.message.split(':')[0]}: this kernel has no SCTP (load it with \`modprobe sctp\`)`
    throw err
  }
}

/**
 * What every SCTP socket has: options, multi-homing (bindx, address lists),
 * notifications, and sendMsg/recvMsg with SCTP_SNDINFO / SCTP_RCVINFO.
 */
export class SCTPSocket extends NetSocket {
  /** Throws `ERR_SOCK_WRONG_TYPE` unless (domain, type, protocol) is an SCTP socket (used by `adopt`). */
  static checkKind(domain: number, type: number, protocol: number): void {
    expectKind('an SCTP socket', (domain === C.AF_INET || domain === C.AF_INET6) && protocol === S.IPPROTO_SCTP, domain, type, protocol)
  }

  /** The IP version: 4 or 6. */
  get family(): 4 | 6 {
    return this.domain === C.AF_INET ? 4 : 6
  }

  /** The local address as Node's `{ address, family, port }`. */
  address() {
    return (this.localAddr() as SockaddrInet4 | SockaddrInet6).toAddressInfo()
  }

  // ------------------------------------------------------------ multi-homing

  /** sctp_bindx(SCTP_BINDX_ADD_ADDR): binds more local addresses (same port). */
  bindx(addrs: readonly AddressInput[], op: 'add' | 'remove' = 'add'): this {
    const packed = packAddrs(addrs, this.family === 4 ? 4 : 0)
    const r = native.setsockopt(this.checkFd('bindx'), S.SOL_SCTP, op === 'add' ? S.SCTP_SOCKOPT_BINDX_ADD : S.SCTP_SOCKOPT_BINDX_REM, packed, packed.length)
    if (r < 0) throw errnoError(r, 'bindx')
    return this
  }

  /** sctp_connectx(3): starts an association to a peer with several addresses; true if connected at once. */
  connectx(addrs: readonly AddressInput[]): boolean {
    const packed = packAddrs(addrs, this.family === 4 ? 4 : 0)
    const r = native.setsockopt(this.checkFd('connectx'), S.SOL_SCTP, S.SCTP_SOCKOPT_CONNECTX, packed, packed.length)
    if (r >= 0) return true
    if (r === -C.EINPROGRESS) return false
    throw errnoError(r, 'connectx', toSockaddr(addrs[0]))
  }

  /** sctp_getladdrs(3): every local address of the association (or of the socket). */
  localAddrs(assocId = 0): (SockaddrInet4 | SockaddrInet6)[] {
    return this.#addrs(S.SCTP_GET_LOCAL_ADDRS, assocId)
  }

  /** sctp_getpaddrs(3): every address of the peer. */
  peerAddrs(assocId = 0): (SockaddrInet4 | SockaddrInet6)[] {
    return this.#addrs(S.SCTP_GET_PEER_ADDRS, assocId)
  }

  #addrs(opt: number, assocId: number): (SockaddrInet4 | SockaddrInet6)[] {
    const buf = new Uint8Array(SL.sctp_getaddrs.size + 64 * native.layout.sockaddr_in6)
    const v = new DataView(buf.buffer)
    v.setInt32(SL.sctp_getaddrs.assoc_id, assocIdOf(assocId), LE)
    const r = native.getsockopt(this.checkFd('getsockopt'), S.SOL_SCTP, opt, buf)
    if (r < 0) throw errnoError(r, 'getsockopt')
    return unpackAddrs(buf, SL.sctp_getaddrs.addrs, v.getUint32(SL.sctp_getaddrs.addr_num, LE))
  }

  // ------------------------------------------------------------ notifications

  /** SCTP_EVENT: turns notifications on (or off); they arrive through recvMsg with `info.notification`. */
  subscribe(events: readonly SCTPEventName[], on = true, assocId: number = S.SCTP_FUTURE_ASSOC): this {
    if (!Array.isArray(events as unknown)) throw invalidArgType('subscribe takes an array of event names')
    assocIdOf(assocId)
    const b = new Uint8Array(SL.sctp_event.size)
    const v = new DataView(b.buffer)
    for (const e of events) {
      // only own string keys: indexing with another value would run its toString (a detached view throws there)
      const type = typeof e === 'string' && Object.hasOwn(EVENT_TYPES, e) ? EVENT_TYPES[e] : undefined
      if (type === undefined) throw invalidArgValue(`unknown SCTP event ${describeValue(e)}`)
      v.setInt32(SL.sctp_event.se_assoc_id, this.type === C.SOCK_STREAM ? 0 : assocId, LE)
      v.setUint16(SL.sctp_event.se_type, type, LE)
      v.setUint8(SL.sctp_event.se_on, on ? 1 : 0)
      this.setsockopt(S.SOL_SCTP, S.SCTP_EVENT, b)
    }
    return this
  }

  // ------------------------------------------------------------ messages

  /**
   * sendmsg(2) with SCTP_SNDINFO (stream, ppid, flags, context, association):
   * a byte count or WOULD_BLOCK. One message, never split across calls.
   */
  sendMsg(data: Uint8Array, info: SCTPSendInfo = {}): number {
    const to = this.#prepareSend(info) // the caller's getters run here, before the fd is read
    const fd = this.checkFd('sendmsg')
    for (;;) {
      const n = native.sendmsg(fd, data, to ? to.raw : null, to ? to.length : 0, this.#sendControl, 0)
      if (n >= 0) return n
      if (n !== WOULD_BLOCK) throw errnoError(n, 'sendmsg', to)
      if (!this.waitOrWouldBlock('write', 'sendmsg')) return WOULD_BLOCK
    }
  }

  /** `sendMsg` that waits on the event loop while the send buffer is full: resolves with the bytes sent. */
  sendMsgAsync(data: Uint8Array, info: SCTPSendInfo & AsyncOptions = {}): Promise<number> {
    try {
      const to = this.#prepareSend(info)
      const c = this.#sendControl.slice() // this send's own copy: the next send rewrites the shared one
      return this.callAsync(
        'write',
        'sendmsg',
        () => native.sendmsg(this.fd, data, to ? to.raw : null, to ? to.length : 0, c, 0),
        (n) => n,
        info,
      )
    } catch (err) {
      return Promise.reject(err)
    }
  }

  readonly #sendControl = new Uint8Array(cmsgSpace(SL.sctp_sndinfo.size))
  readonly #sendView = new DataView(this.#sendControl.buffer, this.#sendControl.byteOffset)
  /** Where SCTP_SNDINFO's bytes start in #sendControl (its header is written once). */
  readonly #sendData = writeCmsgHeader(this.#sendControl, 0, S.IPPROTO_SCTP, S.SCTP_SNDINFO, SL.sctp_sndinfo.size)

  /** Writes SCTP_SNDINFO for `info` into the socket's control buffer (no allocation); returns the destination, or null. */
  #prepareSend(info: SCTPSendInfo): Sockaddr | null {
    writeSndInfo(this.#sendView, this.#sendData, info)
    return info.to === undefined ? null : toSockaddr(info.to)
  }

  /**
   * recvmsg(2) into a reusable SCTPRecvInfo: the byte count or WOULD_BLOCK; no
   * allocation. `info.notification` marks a notification (see parseNotification).
   */
  recvMsg(buf: Uint8Array, info: SCTPRecvInfo): number {
    if (!(info instanceof SCTPRecvInfo)) throw notRecvInfo()
    const name = info.from.raw // info's fields are read before the fd: nothing they run can reach a closed fd
    const control = info.control
    const fd = this.checkFd('recvmsg')
    for (;;) {
      const n = native.recvmsg(fd, buf, name, control, 0)
      if (n >= 0) {
        info.decode(n, scratch[2], scratch[1])
        return n
      }
      if (n !== WOULD_BLOCK) throw errnoError(n, 'recvmsg')
      if (!this.waitOrWouldBlock('read', 'recvmsg')) return WOULD_BLOCK
    }
  }

  /** `recvMsg` that waits on the event loop: resolves with the byte count, `info` filled. */
  recvMsgAsync(buf: Uint8Array, info: SCTPRecvInfo, options?: AsyncOptions): Promise<number> {
    if (!(info instanceof SCTPRecvInfo)) return Promise.reject(notRecvInfo())
    const name = info.from.raw // read now, not at the syscall (where they would run after the fd was taken)
    const control = info.control
    return this.callAsync(
      'read',
      'recvmsg',
      () => native.recvmsg(this.fd, buf, name, control, 0),
      (n) => {
        info.decode(n, scratch[2], scratch[1])
        return n
      },
      options,
    )
  }

  /** A receive info of this socket's family, for recvMsg. */
  newRecvInfo(): SCTPRecvInfo {
    return new SCTPRecvInfo(this.family)
  }

  // ------------------------------------------------------------ options (SOL_SCTP): @sock/opts's functions

  /** SCTP_NODELAY: send at once instead of bundling small messages. */
  setNoDelay(on = true): this {
    return this.#set(setSCTPNoDelay, on)
  }
  /** SCTP_NODELAY, read back (see `setNoDelay`). */
  getNoDelay(): boolean {
    return getSCTPNoDelay(this)
  }

  /** SCTP_DISABLE_FRAGMENTS: fail (EMSGSIZE) rather than fragment messages larger than the path MTU. */
  setDisableFragments(on: boolean): this {
    return this.#set(setSCTPDisableFragments, on)
  }
  /** SCTP_DISABLE_FRAGMENTS, read back (see `setDisableFragments`). */
  getDisableFragments(): boolean {
    return getSCTPDisableFragments(this)
  }

  /** SCTP_AUTOCLOSE: seconds an idle association of a one-to-many socket lives (0 never; at most net.sctp.max_autoclose). */
  setAutoclose(seconds: number): this {
    return this.#set(setSCTPAutoclose, seconds)
  }
  /** SCTP_AUTOCLOSE, read back (see `setAutoclose`). */
  getAutoclose(): number {
    return getSCTPAutoclose(this)
  }

  /** SCTP_MAXSEG: the largest fragment in bytes (0: the path MTU decides). */
  setMaxseg(bytes: number): this {
    return this.#set(setSCTPMaxseg, bytes)
  }
  /** SCTP_MAXSEG, read back (see `setMaxseg`). */
  getMaxseg(): number {
    return getSCTPMaxseg(this)
  }

  /** SCTP_MAX_BURST: packets sent in one burst. */
  setMaxBurst(packets: number): this {
    return this.#set(setSCTPMaxBurst, packets)
  }
  /** SCTP_MAX_BURST, read back (see `setMaxBurst`). */
  getMaxBurst(): number {
    return getSCTPMaxBurst(this)
  }

  /** SCTP_CONTEXT: the default context of sends. */
  setContext(context: number): this {
    return this.#set(setSCTPContext, context)
  }
  /** SCTP_CONTEXT, read back (see `setContext`). */
  getContext(): number {
    return getSCTPContext(this)
  }

  /** SCTP_FRAGMENT_INTERLEAVE: 0, 1 or 2 (how partial deliveries of different messages may interleave). */
  setFragmentInterleave(level: number): this {
    return this.#set(setSCTPFragmentInterleave, level)
  }
  /** SCTP_FRAGMENT_INTERLEAVE, read back (see `setFragmentInterleave`). */
  getFragmentInterleave(): number {
    return getSCTPFragmentInterleave(this)
  }

  /** SCTP_PARTIAL_DELIVERY_POINT: bytes of a message received before partial delivery starts. */
  setPartialDeliveryPoint(bytes: number): this {
    return this.#set(setSCTPPartialDeliveryPoint, bytes)
  }
  /** SCTP_PARTIAL_DELIVERY_POINT, read back (see `setPartialDeliveryPoint`). */
  getPartialDeliveryPoint(): number {
    return getSCTPPartialDeliveryPoint(this)
  }

  /** SCTP_I_WANT_MAPPED_V4_ADDR: IPv4 peers of an IPv6 socket appear as '::ffff:a.b.c.d'. */
  setMappedV4(on: boolean): this {
    return this.#set(setSCTPMappedV4, on)
  }
  /** SCTP_I_WANT_MAPPED_V4_ADDR, read back (see `setMappedV4`). */
  getMappedV4(): boolean {
    return getSCTPMappedV4(this)
  }

  /** SCTP_RECVRCVINFO: deliver SCTP_RCVINFO (stream, ppid, ...) with each message. On by default for sockets sock opens. */
  setRecvRcvInfo(on: boolean): this {
    return this.#set(setSCTPRecvRcvInfo, on)
  }
  /** SCTP_RECVRCVINFO, read back (see `setRecvRcvInfo`). */
  getRecvRcvInfo(): boolean {
    return getSCTPRecvRcvInfo(this)
  }

  /** SCTP_INITMSG: streams requested and INIT retransmission limits, used by the next association. */
  setInitMsg(m: Partial<SCTPInitMsg>): this {
    return this.#set(setSCTPInitMsg, m)
  }
  /** SCTP_INITMSG, read back (see `setInitMsg`). */
  getInitMsg(): SCTPInitMsg {
    return getSCTPInitMsg(this)
  }

  /** SCTP_DEFAULT_SNDINFO: the send info used when a send gives none. */
  setDefaultSndInfo(info: SCTPSndInfo): this {
    return this.#set(setSCTPDefaultSndInfo, info)
  }
  /** SCTP_DEFAULT_SNDINFO, read back (see `setDefaultSndInfo`). */
  getDefaultSndInfo(assocId = 0): Required<SCTPSndInfo> {
    return getSCTPDefaultSndInfo(this, assocId)
  }

  /** SCTP_STATUS: the association's state, windows, streams and primary path. */
  getStatus(assocId = 0): SCTPStatus {
    return getSCTPStatus(this, assocId)
  }

  #set<T>(set: (s: this, value: T) => void, value: T): this {
    set(this, value)
    return this
  }
}

const notRecvInfo = () => invalidArgType('info must be an SCTPRecvInfo')
