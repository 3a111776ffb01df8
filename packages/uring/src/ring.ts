// Ring: an io_uring of this environment's, for sock sockets. Multishot accept and
// multishot recv (over a provided-buffer ring the addon owns), ordered sends, and
// cancellation when a socket closes. Completions arrive as one batch per loop turn
// (one native call into JS for all of them), dispatched here by token: one token
// per socket, kept until the kernel has reported every request made on it.
import { AbortError, NetSocket, SockError, constants as SC, invalidArgType } from '@sock/core'
import { SockaddrInet4, SockaddrInet6, toSockaddr, type Sockaddr } from '@sock/addr'
import { UDPMessageInfo } from '@sock/udp'
import type { AddressInput, ShutdownHow } from '@sock/core'
import { adoptOrClose, errnoError, setCloseHook, signalOf } from '@sock/core/internal'
import { native } from './native.js'
import { unavailableError } from './unavailable.js'
import {
  ringOptions,
  type DataCallback,
  type DoneCallback,
  type EndCallback,
  type MessageCallback,
  type RecvMsgOptions,
  type RequestOptions,
  type RingOptions,
  type RingStats,
  type SentCallback,
} from './options.js'
import { Entry } from './entry.js'
import { checkMultishot, reportSend, unwatch, watchSignal, type Abort, type SignalledSend } from './signals.js'

const C = native.constants
const KIND_ACCEPT = 1
const KIND_RECV = 2
const KIND_SEND = 3
const KIND_RECVMSG = 5
const KIND_CONNECT = 6
const KIND_SHUTDOWN = 7 // (cancelRequest: KIND_CONNECT too)
const KIND_CLOSE = 8
const SHUT: Record<string, number> = { read: SC.SHUT_RD, write: SC.SHUT_WR, both: SC.SHUT_RDWR }
// a datagram in the arena: u32 sender length, the sender (to +32), u32 control length, u32 msg_flags,
// the control room the request asked for (at +40), then the payload
const DATAGRAM_HEAD = 40
const RECORD = 4 // token, result, kind << 8 | more, arena offset
const ACCEPT_RETRY_MS = 100 // EMFILE / ENFILE: as the readiness accept iterator waits
const TRANSIENT = new Set([C.EMFILE, C.ENFILE, C.ENOMEM, C.ENOBUFS]) // accept errors waited out

/**
 * One io_uring (io_uring_setup(2) with a provided-buffer ring): multishot accept
 * and receive, ordered sends, cancellation; completions reach JS in one call
 * per loop turn. Where io_uring cannot be used the constructor throws
 * `ERR_SOCK_URING_UNAVAILABLE` naming the reason: keep the readiness API
 * (`readAsync`, `acceptAsync`, `Poll`) as the fallback.
 */
export class Ring implements Disposable {
  readonly #table: Int32Array
  readonly #arena: Buffer
  readonly #native: InstanceType<typeof native.Ring>
  readonly #entries: (Entry | undefined)[] = [undefined] // token 0 unused
  readonly #free: number[] = []
  readonly #bySocket = new WeakMap<NetSocket, Entry>()
  readonly #closing = new Map<number, DoneCallback | null>() // closeSocket requests in flight, by id
  readonly #zeroCopyMin: number | null
  #closeId = 0
  #closed = false

  constructor(options: RingOptions = {}) {
    const { entries, count, size, batch, arenaSize, zeroCopyMin } = ringOptions(options)
    this.#table = new Int32Array(batch * RECORD)
    this.#arena = Buffer.alloc(arenaSize)
    try {
      this.#native = new native.Ring(entries, count, size, this.#table, this.#arena, (n: number) => this.#dispatch(n), zeroCopyMin)
    } catch (err) {
      throw unavailableError(err)
    }
    this.#zeroCopyMin = this.#native.stats()[5] || null
  }

  /**
   * The reason `new Ring()` would fail here (io_uring disabled, blocked by seccomp,
   * a kernel too old for provided-buffer rings), or null when it works.
   */
  static unavailableReason(): string | null {
    try {
      new Ring({ entries: 1, buffers: { count: 1, size: 64 }, batch: 1, arenaSize: 64 }).close()
      return null
    } catch (err) {
      if (err instanceof SockError && err.code === 'ERR_SOCK_URING_UNAVAILABLE') return err.message
      throw err
    }
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed
  }

  /** The size from which sends go zero-copy, or null: not asked for, or the kernel has no IORING_OP_SEND_ZC. */
  get zeroCopyMin(): number | null {
    return this.#zeroCopyMin
  }

  /** What is in flight, and what the zero-copy sends did (zeros once closed). */
  stats(): RingStats {
    if (this.#closed) return { inflight: 0, queued: 0, zeroCopySends: 0, zeroCopyCopied: 0 }
    const [inflight, queued, , zeroCopySends, zeroCopyCopied] = this.#native.stats()
    return { inflight, queued, zeroCopySends, zeroCopyCopied }
  }

  /**
   * Multishot accept on a listening socket (IORING_OP_ACCEPT with
   * IORING_ACCEPT_MULTISHOT): `onConn` gets each connection as the object the
   * listener's `accept()` returns (a TCPConn of a TCPListener, ...). EMFILE and
   * ENFILE are waited out (100 ms, then accept again) after `onError` hears of
   * them; another error ends it (`onError`, or an uncaught exception without one).
   * Ends when the listener is closed or `cancel(listener)` is called.
   */
  acceptMultishot(listener: NetSocket, onConn: (conn: NetSocket) => void, onError?: (err: SockError | AbortError) => void, options?: RequestOptions): void {
    const e = this.#entryFor(listener, 'acceptMultishot')
    if (typeof onConn !== 'function') throw invalidArgType('onConn must be a function')
    if (onError !== undefined && typeof onError !== 'function') throw invalidArgType('onError must be a function')
    const signal = checkMultishot(options, e.onConn !== null, 'accept')
    // a socket that is not listening would fail the request later, where only onError could hear of it
    if (listener.getsockoptInt(C.SOL_SOCKET, C.SO_ACCEPTCONN) === 0)
      throw new SockError('acceptMultishot needs a listening socket (listen() first)', { code: 'EINVAL', errno: -C.EINVAL, syscall: 'accept' })
    e.onConn = onConn
    e.onAcceptError = onError ?? null
    this.#submit(e, this.#native.acceptMultishot(e.sock.fd, e.token), 'accept')
    if (signal) e.acceptAbort = this.#watch(e, signal, KIND_ACCEPT)
  }

  /**
   * Multishot receive (IORING_OP_RECV with IORING_RECV_MULTISHOT) into the
   * ring's provided buffers: `onData` gets each chunk as a view valid during the
   * call; `onEnd` is called once, with null at EOF or with the error. Running out
   * of provided buffers (ENOBUFS) re-arms it without telling the callbacks.
   */
  recvMultishot(conn: NetSocket, onData: DataCallback, onEnd: EndCallback, options?: RequestOptions): void {
    const e = this.#entryFor(conn, 'recvMultishot')
    if (typeof onData !== 'function') throw invalidArgType('onData must be a function')
    if (typeof onEnd !== 'function') throw invalidArgType('onEnd must be a function')
    const signal = checkMultishot(options, e.onData !== null || e.onMessage !== null, 'receive')
    e.onData = onData
    e.onEnd = onEnd
    this.#submit(e, this.#native.recvMultishot(e.sock.fd, e.token), 'recv')
    if (signal) e.recvAbort = this.#watch(e, signal, KIND_RECV)
  }

  /**
   * Multishot recvmsg (IORING_OP_RECVMSG with IORING_RECV_MULTISHOT) on a UDP (or other
   * IPv4/IPv6 datagram) socket: `onMessage(data, from, truncated)` for each datagram, its
   * sender in a Sockaddr reused call after call (copy what you keep), `truncated` when it was
   * longer than a provided buffer holds (`buffers.size` less 44 bytes of recvmsg header and
   * sender, less the control room with `options.info`, which also receives the ancillary data).
   * `onEnd` once, with null when cancelled, or the error. ENOBUFS re-arms it, as for
   * `recvMultishot`; a socket has one multishot receive at a time, of either kind.
   */
  recvMsgMultishot(sock: NetSocket, onMessage: MessageCallback, onEnd: EndCallback, options?: RecvMsgOptions): void {
    const e = this.#entryFor(sock, 'recvMsgMultishot')
    if (typeof onMessage !== 'function') throw invalidArgType('onMessage must be a function')
    if (typeof onEnd !== 'function') throw invalidArgType('onEnd must be a function')
    if (sock.type !== SC.SOCK_DGRAM || (sock.domain !== SC.AF_INET && sock.domain !== SC.AF_INET6))
      throw new SockError('recvMsgMultishot takes an IPv4 or IPv6 datagram socket', { code: 'ERR_SOCK_WRONG_TYPE' })
    const signal = checkMultishot(options, e.onData !== null || e.onMessage !== null, 'receive')
    const info = options?.info ?? null
    const v4 = sock.domain === SC.AF_INET
    if (info !== null && !(info instanceof UDPMessageInfo && info.from instanceof (v4 ? SockaddrInet4 : SockaddrInet6)))
      throw invalidArgType(`options.info must be a UDPMessageInfo of the socket's family (new UDPMessageInfo(${v4 ? 4 : 6}))`)
    const control = info ? info.control.length : 0
    const r = this.#native.recvMsgMultishot(e.sock.fd, e.token, control) // a RangeError if a buffer cannot hold the control room
    e.onMessage = onMessage
    e.onEnd = onEnd
    e.info = info
    e.control = control
    e.from = info ? info.from : (e.from ?? (v4 ? new SockaddrInet4() : new SockaddrInet6()))
    this.#submit(e, r, 'recvmsg')
    if (signal) e.recvAbort = this.#watch(e, signal, KIND_RECVMSG)
  }

  // Cancels the entry's `kind` request when `signal` fires; its last completion reports the abort.
  #watch(e: Entry, signal: AbortSignal, kind: number): Abort {
    return watchSignal(signal, () => {
      if (!e.closed && !this.#closed) this.#native.cancelRequest(kind, e.token)
    })
  }

  /**
   * Sends all of `data` (IORING_OP_SEND with MSG_WAITALL; IORING_OP_SEND_ZC from `zeroCopyMin`
   * bytes): the bytes are copied at the call, so `data` may be reused at once (a view from
   * `onData` included); a socket's sends go in call order, one at a time. `onSent` (optional)
   * hears of completion or failure. `options.signal` (`AbortSignal.timeout(ms)`: a send timeout)
   * cancels this send and drops the ones queued after it: each gets an AbortError with the bytes
   * that went out; a send cut part-way leaves part of it in the stream (close the socket unless
   * your framing recovers). One that completed first is reported as sent.
   */
  send(conn: NetSocket, data: Uint8Array, onSent?: SentCallback, options?: RequestOptions): void {
    const e = this.#entryFor(conn, 'send')
    if (!(data instanceof Uint8Array)) throw invalidArgType('data must be a Uint8Array')
    if (onSent !== undefined && typeof onSent !== 'function') throw invalidArgType('onSent must be a function')
    const signal = signalOf(options)
    if (signal?.aborted) throw new AbortError(signal.reason)
    const seq = this.#native.send(e.sock.fd, data, e.token)
    if (seq < 0) throw errnoError(seq, 'send')
    e.outstanding++
    if (!signal) {
      e.pushSend(onSent ?? null)
      return
    }
    const s: SignalledSend = { cb: onSent ?? null, len: data.byteLength, abort: null }
    s.abort = watchSignal(signal, () => this.#abortSend(e, seq, s.abort!.reason))
    e.pushSend(s)
  }

  // A send's signal fired: the addon cancels it (in flight) or drops it (queued), and drops the ones after it.
  #abortSend(e: Entry, seq: number, reason: unknown): void {
    if (e.closed || this.#closed) return
    const dropped = this.#native.cancelSend(e.sock.fd, seq)
    if (dropped <= 0) return // in flight (its completion reports the abort), or already complete
    e.outstanding -= dropped
    for (const s of e.dropSends(dropped)) reportSend(s, -C.ECANCELED, reason)
    this.#release(e)
  }

  /**
   * connect(2) as a ring request (IORING_OP_CONNECT) for a socket that is not connected
   * (e.g. `TCPConn.open4()`): the address is copied; `onConnected(null)` once connected, or the
   * error (ECONNREFUSED, ...). `options.signal` cancels it (an AbortError; `AbortSignal.timeout(ms)`
   * is a connect timeout); so does closing the socket. One connect at a time per socket.
   */
  connect(sock: NetSocket, addr: AddressInput, onConnected: (err: SockError | AbortError | null) => void, options?: RequestOptions): void {
    const e = this.#entryFor(sock, 'connect')
    if (typeof onConnected !== 'function') throw invalidArgType('onConnected must be a function')
    const signal = signalOf(options)
    if (signal?.aborted) throw new AbortError(signal.reason)
    if (e.done.some((d) => d.kind === KIND_CONNECT)) throw new SockError('this socket already has a connect on this ring', { code: 'ERR_SOCK_BUSY' })
    const sa = toSockaddr(addr)
    this.#done(e, KIND_CONNECT, onConnected, sa, this.#native.connect(e.sock.fd, sa.raw, sa.length, e.token), 'connect')
    if (signal) e.connectAbort = this.#watch(e, signal, KIND_CONNECT)
  }

  /**
   * close(2) as a ring request (IORING_OP_CLOSE): the socket gives up its fd at once (`closed`
   * is true, its ring requests are cancelled as by `close()`), and the ring closes it;
   * `onClosed(null)`, or close(2)'s error. With the submission queue full, it is closed at once.
   */
  closeSocket(sock: NetSocket, onClosed?: DoneCallback): void {
    if (this.#closed) throw new SockError('the ring is closed', { code: 'ERR_SOCK_CLOSED' })
    if (!(sock instanceof NetSocket)) throw invalidArgType('closeSocket takes a sock socket')
    if (onClosed !== undefined && typeof onClosed !== 'function') throw invalidArgType('onClosed must be a function')
    const fd = sock.detach() // ERR_SOCK_CLOSED if it is; runs the close hook (cancels this ring's requests)
    const id = (this.#closeId = (this.#closeId + 1) & 0xffffff) // ids, like tokens, are 24-bit
    if (this.#native.closeFd(fd, id) < 0) {
      native.close(fd)
      onClosed?.(null)
      return
    }
    this.#closing.set(id, onClosed ?? null)
  }

  /** shutdown(2) as a ring request (IORING_OP_SHUTDOWN): 'read', 'write' (sends FIN after the sends before it) or 'both'. */
  shutdown(sock: NetSocket, how: ShutdownHow = 'both', onDone?: DoneCallback): void {
    const e = this.#entryFor(sock, 'shutdown')
    const h = typeof how === 'string' && Object.hasOwn(SHUT, how) ? SHUT[how] : undefined
    if (h === undefined) throw invalidArgType("how must be 'read', 'write' or 'both'")
    if (onDone !== undefined && typeof onDone !== 'function') throw invalidArgType('onDone must be a function')
    this.#done(e, KIND_SHUTDOWN, onDone ?? null, null, this.#native.shutdown(e.sock.fd, e.token, h), 'shutdown')
  }

  #done(e: Entry, kind: number, cb: ((err: SockError | AbortError | null) => void) | null, sa: Sockaddr | null, r: number, syscall: string): void {
    if (r < 0) throw errnoError(r, syscall, sa)
    e.outstanding++
    e.done.push({ kind, cb, sa })
  }

  /**
   * Cancels this ring's requests on `sock` (IORING_OP_ASYNC_CANCEL by fd): no
   * callback of its is called after this; the socket stays open. Closing a
   * socket does the same first, so `close()` is all a connection needs.
   */
  cancel(sock: NetSocket): void {
    const e = this.#bySocket.get(sock)
    if (!e || e.closed) return
    setCloseHook(sock, null)
    this.#detach(e, sock.fd)
  }

  /** Requests in flight keep the event loop alive (the default). */
  ref(): this {
    if (!this.#closed) this.#native.setRef(true)
    return this
  }

  /** Requests in flight do not keep the event loop alive. */
  unref(): this {
    if (!this.#closed) this.#native.setRef(false)
    return this
  }

  /**
   * Cancels every request, waits until the kernel has completed them all, then
   * frees the ring and its buffers; no callback is called after this. Sockets stay
   * open. Idempotent.
   */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    for (const e of this.#entries) {
      if (!e || e.closed) continue
      e.closed = true
      setCloseHook(e.sock, null)
      e.unwatchAll()
    }
    this.#native.close()
  }

  /** `close()`, for `using`. */
  [Symbol.dispose](): void {
    this.close()
  }

  #entryFor(sock: NetSocket, what: string): Entry {
    if (this.#closed) throw new SockError('the ring is closed', { code: 'ERR_SOCK_CLOSED' })
    if (!(sock instanceof NetSocket)) throw invalidArgType(`${what} takes a sock socket`)
    if (sock.closed) throw new SockError('socket is closed', { code: 'ERR_SOCK_CLOSED' })
    let e = this.#bySocket.get(sock)
    if (e && !e.closed) return e
    const token = this.#free.pop() ?? this.#entries.length
    e = new Entry(sock, token)
    this.#entries[token] = e
    this.#bySocket.set(sock, e)
    const entry = e
    setCloseHook(sock, (fd) => this.#detach(entry, fd))
    return e
  }

  #submit(e: Entry, r: number, syscall: string): void {
    if (r < 0) {
      if (syscall === 'accept') e.onConn = null
      else e.onData = e.onMessage = e.onEnd = null
      throw errnoError(r, syscall)
    }
    e.outstanding++
  }

  // The socket is closing (or cancelled): cancel its requests while the fd is open; nothing more is delivered.
  #detach(e: Entry, fd: number): void {
    if (e.closed) return
    e.closed = true
    e.unwatchAll()
    if (!this.#closed) {
      const dropped = this.#native.cancelFd(fd)
      if (dropped > 0) {
        // the last sends made never reached the kernel: no completion will come for them
        e.outstanding -= dropped
        e.dropSends(dropped)
      }
    }
    this.#release(e)
  }

  // Frees an entry's token once it is closed and the kernel owes it nothing (a later completion cannot be misrouted).
  #release(e: Entry): void {
    if (!e.closed || e.outstanding > 0) return
    if (this.#entries[e.token] !== e) return
    this.#entries[e.token] = undefined
    this.#free.push(e.token)
    if (this.#bySocket.get(e.sock) === e) this.#bySocket.delete(e.sock)
  }

  // One batch of completion records from the addon (n -1: the table or arena was detached).
  #dispatch(n: number): void {
    if (n < 0) return this.#broken()
    const t = this.#table
    for (let i = 0; i < n; i++) {
      const at = i * RECORD
      if (t[at + 2] >> 8 === KIND_CLOSE) {
        this.#closedFd(t[at] >>> 0, t[at + 1])
        continue
      }
      const e = this.#entries[t[at]]
      if (!e) continue
      const res = t[at + 1]
      const kind = t[at + 2] >> 8
      const more = (t[at + 2] & 1) !== 0
      if (kind === KIND_RECV || kind === KIND_RECVMSG) this.#received(e, res, more, t[at + 3], (t[at + 2] & 2) !== 0)
      else if (kind === KIND_SEND) this.#sent(e, res)
      else if (kind === KIND_ACCEPT) this.#accepted(e, res, more)
      else if (kind === KIND_CONNECT || kind === KIND_SHUTDOWN) this.#completed(e, kind, res)
      this.#release(e)
    }
  }

  #received(e: Entry, res: number, more: boolean, offset: number, truncated: boolean): void {
    if (!more) e.outstanding--
    if (e.closed || this.#closed) return
    const abort = e.recvAbort
    // bytes the kernel read before the cancel took effect are delivered: they are off the socket
    if (res >= 0 && offset >= 0) {
      if (e.onMessage) {
        const a = this.#arena
        const from = e.from!
        from.copyFrom(a.subarray(offset + 4, offset + 32), a.readUInt32LE(offset))
        const at = offset + DATAGRAM_HEAD + e.control
        if (e.info) received(e.info, a, offset, res, truncated)
        e.onMessage(a.subarray(at, at + res), from, truncated)
      } else if (res > 0) e.onData!(this.#arena.subarray(offset, offset + res))
    }
    if (more || e.closed || this.#closed) return
    // the multishot receive ended: after data or ENOBUFS (every provided buffer in use) it is armed
    // again (the bytes wait in the socket); at EOF, cancellation, an abort or an error it is over
    if ((res > 0 || res === -C.ENOBUFS || (res === 0 && e.onMessage)) && !abort?.fired) {
      if (e.onMessage) this.#submit(e, this.#native.recvMsgMultishot(e.sock.fd, e.token, e.control), 'recvmsg')
      else this.#submit(e, this.#native.recvMultishot(e.sock.fd, e.token), 'recv')
      return
    }
    const onEnd = e.onEnd!
    const syscall = e.onMessage ? 'recvmsg' : 'recv'
    e.onData = e.onMessage = e.onEnd = null
    unwatch(abort)
    e.recvAbort = null
    onEnd(abort?.fired ? new AbortError(abort.reason) : res === 0 || res === -C.ECANCELED ? null : errnoError(res, syscall))
  }

  // A connect or shutdown completed: connects and shutdowns of a socket complete in the order made per kind.
  #completed(e: Entry, kind: number, res: number): void {
    e.outstanding--
    const i = e.done.findIndex((d) => d.kind === kind)
    const d = e.done.splice(i, 1)[0]
    const abort = kind === KIND_CONNECT ? e.connectAbort : null
    if (abort) {
      unwatch(abort)
      e.connectAbort = null
    }
    if (!d?.cb || e.closed || this.#closed) return
    if (abort?.fired && res === -C.ECANCELED) d.cb(new AbortError(abort.reason))
    else d.cb(res < 0 ? errnoError(res, kind === KIND_CONNECT ? 'connect' : 'shutdown', d.sa) : null)
  }

  #closedFd(id: number, res: number): void {
    const cb = this.#closing.get(id)
    this.#closing.delete(id)
    if (cb && !this.#closed) cb(res < 0 ? errnoError(res, 'close') : null)
  }

  #sent(e: Entry, res: number): void {
    e.outstanding--
    const s = e.shiftSend()
    if (!e.closed && !this.#closed) reportSend(s, res)
  }

  #accepted(e: Entry, res: number, more: boolean): void {
    if (!more) e.outstanding--
    const abort = e.acceptAbort
    if (e.closed || this.#closed || abort?.fired) {
      if (res >= 0) native.close(res) // accepted as the listener closed or the request was aborted: nobody owns it
      if (!more && abort?.fired && !e.closed && !this.#closed) {
        e.onConn = null
        unwatch(abort)
        e.acceptAbort = null
        e.onAcceptError?.(new AbortError(abort.reason))
      }
      return
    }
    if (res >= 0) e.onConn!(adoptOrClose(e.sock, res))
    else if (res !== -C.ECANCELED) this.#acceptError(e, errnoError(res, 'accept'), !TRANSIENT.has(-res))
    if (more || e.closed || this.#closed || res === -C.ECANCELED) return
    // the multishot accept ended: after a connection it is armed again at once; after
    // running out of fds or memory, in 100 ms (as the readiness accept iterator waits)
    if (res >= 0) this.#submit(e, this.#native.acceptMultishot(e.sock.fd, e.token), 'accept')
    else if (TRANSIENT.has(-res)) {
      e.outstanding++ // the timer holds the token until it re-arms
      setTimeout(() => {
        e.outstanding--
        if (!e.closed && !this.#closed && !e.acceptAbort?.fired) this.#submit(e, this.#native.acceptMultishot(e.sock.fd, e.token), 'accept')
        this.#release(e)
      }, ACCEPT_RETRY_MS)
    } else e.onConn = null
  }

  #acceptError(e: Entry, err: SockError | AbortError, fatalWithoutHandler = true): void {
    if (e.onAcceptError) e.onAcceptError(err)
    else if (fatalWithoutHandler) throw err
  }

  // The arena or table was detached (a view's buffer transferred): nothing more can be delivered safely.
  #broken(): void {
    const err = new SockError('a view of this ring was detached or transferred: the ring is closed', { code: 'ERR_INVALID_STATE' })
    const ends: EndCallback[] = []
    for (const e of this.#entries) if (e && !e.closed && e.onEnd) ends.push(e.onEnd)
    this.close()
    for (const end of ends) end(err)
  }
}

/** A datagram's ancillary data (and size, flags, truncation) from the arena into `info`, decoded. */
function received(info: UDPMessageInfo, arena: Buffer, offset: number, bytes: number, truncated: boolean): void {
  info.bytes = bytes
  info.truncated = truncated
  info.flags = arena.readUInt32LE(offset + 36)
  info.controlLength = arena.readUInt32LE(offset + 32)
  arena.copy(info.control, 0, offset + DATAGRAM_HEAD, offset + DATAGRAM_HEAD + info.controlLength)
  info.decode()
}
