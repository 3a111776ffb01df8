import { NetSocket, WOULD_BLOCK, constants as C, CmsgCursor, cmsgSpace, writeCmsgHeader, type AsyncOptions, type AddressInput } from '@sock/core'
import { errnoError, expectKind, readI32, writeU32, restOf } from '@sock/core/internal'
import { SockaddrUnix, invalidArgType, outOfRange } from '@sock/addr'
import { native } from './native.js'
import { decodeUcred, encodeUcred, type Credentials } from './credentials.js'
import { socketType, unixAddr, type UnixAddressInput, type UnixNetwork } from './network.js'
import { boundSocketFile, removeSocketFile, type SocketFile } from './socket-file.js'

// A socket dropped without close(): its fd is closed natively, its socket file here.
const unclosed = new FinalizationRegistry<SocketFile>(removeSocketFile)

const L = native.layout
const scratch = native.scratchView() // private: detaching @sock/native's public `scratch` cannot blind it

/** What `recvMsg` received. */
export interface UnixMessage {
  /** Bytes of data received (0: an empty record or datagram, or end of stream on a stream socket). */
  bytes: number
  /** File descriptors received with SCM_RIGHTS, already close-on-exec; yours to close. */
  fds: number[]
  /** SCM_CREDENTIALS of the sender, when SO_PASSCRED is on. */
  credentials: Credentials | null
  /** The sender's path ('@name' for abstract), or null for an unnamed (unbound) sender or a connected stream. */
  from: string | null
  /** MSG_TRUNC: the datagram or record was longer than the buffer. */
  truncated: boolean
  /** MSG_CTRUNC: ancillary data did not fit; fds that did not fit were closed (never leaked). */
  ctruncated: boolean
}

/** Options of `recvMsg`. */
export interface RecvMsgOptions extends AsyncOptions {
  /** How many fds to make room for (default 0). */
  maxFds?: number
}

/** Options of `sendMsg`. */
export interface SendMsgOptions extends AsyncOptions {
  /** File descriptors to pass (SCM_RIGHTS); they stay open here. */
  fds?: readonly number[]
  /** Send SCM_CREDENTIALS (the kernel checks them: your own pid/uid/gid unless privileged); `true` sends your own. */
  credentials?: Credentials | true
  /** Destination for an unconnected datagram socket. */
  to?: UnixAddressInput
}

/** SCM_RIGHTS is limited to 253 fds per message (SCM_MAX_FD). */
const SCM_MAX_FD = 253

/**
 * A Unix socket of any kind: `SOCK_STREAM` ('unix'), `SOCK_DGRAM` ('unixgram')
 * or `SOCK_SEQPACKET` ('unixpacket'), with fd passing and credentials.
 */
export class UnixSocket extends NetSocket {
  /** socket(AF_UNIX, type, 0) for a network name. */
  static openUnix<T extends UnixSocket>(this: new (fd: number, domain: number, type: number, protocol?: number) => T, network: UnixNetwork): T {
    return (this as unknown as typeof NetSocket).open(C.AF_UNIX, socketType(network), 0) as T
  }

  /** Throws `ERR_SOCK_WRONG_TYPE` unless `domain` is AF_UNIX (used by `adopt`). */
  static checkKind(domain: number, type: number, protocol: number): void {
    expectKind('a unix socket', domain === C.AF_UNIX, domain, type, protocol)
  }

  /** 'unix', 'unixgram' or 'unixpacket'. */
  get network(): UnixNetwork {
    return this.type === C.SOCK_STREAM ? 'unix' : this.type === C.SOCK_DGRAM ? 'unixgram' : 'unixpacket'
  }

  /** The bound path ('@name' abstract; '' unnamed). Node's `server.address()` for a unix server is this string. */
  address(): string {
    return (this.localAddr() as SockaddrUnix | null)?.path ?? ''
  }

  /** The peer's path, '' if it is unnamed; undefined when not connected. */
  get remotePath(): string | undefined {
    const sa = this.remoteAddr() as SockaddrUnix | null
    return sa ? sa.path : undefined
  }

  /** SO_PEERCRED: pid, uid and gid of the peer process (as of connect/socketpair). */
  getPeerCredentials(): Credentials {
    const b = new Uint8Array(L.ucred)
    this.getsockopt(C.SOL_SOCKET, C.SO_PEERCRED, b)
    return decodeUcred(b, 0)
  }

  /** SO_PASSCRED: receive SCM_CREDENTIALS with every message (`recvMsg(...).credentials`). */
  setPassCred(on = true): this {
    return this.setsockoptInt(C.SOL_SOCKET, C.SO_PASSCRED, on ? 1 : 0)
  }

  /** SO_PASSCRED: whether credentials arrive with every message. */
  getPassCred(): boolean {
    return this.getsockoptInt(C.SOL_SOCKET, C.SO_PASSCRED) !== 0
  }

  /**
   * bind(2) to a path, '@name' (abstract) or '' (autobind). A path creates a
   * socket file, which this socket removes on `close()` (or when it is
   * collected unclosed) if the file there is still that one, as node:net does.
   */
  override bind(addr: UnixAddressInput | AddressInput): this {
    super.bind(unixAddr(addr as UnixAddressInput))
    const file = boundSocketFile(this.localAddr() as SockaddrUnix)
    if (file) {
      this.#file = file
      unclosed.register(this, file, this)
    }
    return this
  }

  /** Closes the socket, then removes the socket file its bind created (if the file there is still that one). */
  override close(): void {
    if (this.closed) return
    super.close()
    this.takeSocketFile()?.()
  }

  /**
   * Hands over the removal of the socket file this socket's bind created: returns
   * a function that removes it (only if the file at the path is still that one),
   * and `close()` no longer will. For giving the fd to another owner
   * (`serveWithNode` removes it when the server closes). null when there is none.
   */
  takeSocketFile(): (() => void) | null {
    const file = this.#file
    if (!file) return null
    this.#file = null
    unclosed.unregister(this)
    return () => removeSocketFile(file)
  }

  /** Gives up the fd (as NetSocket's `detach`); removing the socket file is then the new owner's (take it first with `takeSocketFile()`). */
  override detach(): number {
    const fd = super.detach()
    if (this.#file) {
      this.#file = null
      unclosed.unregister(this)
    }
    return fd
  }

  #file: SocketFile | null = null

  /** sendto(2) to a unix address: a path string, `{ path }` or a SockaddrUnix. */
  override sendTo(buf: Uint8Array, to: UnixAddressInput | AddressInput, offset = 0, length = restOf(buf, offset)): number {
    return super.sendTo(buf, unixAddr(to as UnixAddressInput), offset, length)
  }

  /** sendto(2) of a whole datagram to a unix address (a path string, `{ path }` or a SockaddrUnix) once the socket is writable. */
  override sendToAsync(buf: Uint8Array, to: UnixAddressInput | AddressInput, options?: AsyncOptions): Promise<number>
  /** sendto(2) of `buf[offset, offset + length)` (length: the rest of `buf`) to a unix address once the socket is writable. */
  override sendToAsync(buf: Uint8Array, to: UnixAddressInput | AddressInput, offset: number, length?: number, options?: AsyncOptions): Promise<number>
  override sendToAsync(
    buf: Uint8Array,
    to: UnixAddressInput | AddressInput,
    offsetOrOptions?: number | AsyncOptions,
    length?: number,
    options?: AsyncOptions,
  ): Promise<number> {
    try {
      return super.sendToAsync(buf, unixAddr(to as UnixAddressInput), offsetOrOptions as number, length, options)
    } catch (err) {
      return Promise.reject(err)
    }
  }

  // ------------------------------------------------------------ messages

  /**
   * sendmsg(2) with ancillary data: fds (SCM_RIGHTS) and/or credentials
   * (SCM_CREDENTIALS). A byte count or WOULD_BLOCK. On a stream, the fds travel
   * with the first byte, so `data` must not be empty.
   */
  sendMsg(data: Uint8Array, options: SendMsgOptions = {}): number {
    const args = this.#sendArgs(data, options)
    const fd = this.checkFd('sendmsg')
    for (;;) {
      const n = native.sendmsg(fd, data, args.name, args.nameLength, args.control, 0)
      if (n >= 0) return n
      if (n !== WOULD_BLOCK) throw errnoError(n, 'sendmsg', args.to)
      if (!this.waitOrWouldBlock('write', 'sendmsg')) return WOULD_BLOCK
    }
  }

  /** `sendMsg` that waits on the event loop while the send buffer is full: resolves with the bytes sent. */
  sendMsgAsync(data: Uint8Array, options: SendMsgOptions = {}): Promise<number> {
    try {
      const args = this.#sendArgs(data, options)
      return this.callAsync(
        'write',
        'sendmsg',
        () => native.sendmsg(this.fd, data, args.name, args.nameLength, args.control, 0),
        (n) => n,
        options,
      )
    } catch (err) {
      return Promise.reject(err)
    }
  }

  /** sendFDs(fds, data): pass open file descriptors (they stay open here). */
  sendFDs(fds: readonly number[], data: Uint8Array): number {
    return this.sendMsg(data, { fds })
  }

  /**
   * recvmsg(2) with room for `maxFds` fds and credentials: a UnixMessage, or null
   * for would-block. Received fds are close-on-exec (MSG_CMSG_CLOEXEC); every fd
   * received is either returned or closed.
   */
  recvMsg(buf: Uint8Array, options: RecvMsgOptions = {}): UnixMessage | null {
    const args = this.#recvArgs(buf, options)
    const fd = this.checkFd('recvmsg')
    for (;;) {
      const n = native.recvmsg(fd, buf, args.from.raw, args.control, C.MSG_CMSG_CLOEXEC)
      if (n >= 0) return this.#received(n, args)
      if (n !== WOULD_BLOCK) throw errnoError(n, 'recvmsg')
      if (!this.waitOrWouldBlock('read', 'recvmsg')) return null
    }
  }

  /** `recvMsg` that waits on the event loop: resolves with the message. */
  recvMsgAsync(buf: Uint8Array, options: RecvMsgOptions = {}): Promise<UnixMessage> {
    try {
      const args = this.#recvArgs(buf, options)
      return this.callAsync(
        'read',
        'recvmsg',
        () => native.recvmsg(this.fd, buf, args.from.raw, args.control, C.MSG_CMSG_CLOEXEC),
        (n) => this.#received(n, args),
        options,
      )
    } catch (err) {
      return Promise.reject(err)
    }
  }

  /** recvFDs(buf, maxFds): `{ bytes, fds, truncated, ctruncated }`, or null for would-block. */
  recvFDs(buf: Uint8Array, maxFds: number): Pick<UnixMessage, 'bytes' | 'fds' | 'truncated' | 'ctruncated'> | null {
    const m = this.recvMsg(buf, { maxFds })
    return m && { bytes: m.bytes, fds: m.fds, truncated: m.truncated, ctruncated: m.ctruncated }
  }

  #sendArgs(data: Uint8Array, o: SendMsgOptions) {
    if (!(data instanceof Uint8Array)) throw invalidArgType('data must be a Uint8Array')
    if (o === null || typeof o !== 'object') throw invalidArgType('sendMsg options must be an object')
    const fds = o.fds ?? []
    if (!Array.isArray(fds) || fds.some((f) => !Number.isInteger(f) || f < 0 || f > 0x7fffffff)) throw invalidArgType('fds must be an array of fd numbers')
    if (fds.length > SCM_MAX_FD) throw outOfRange(`at most ${SCM_MAX_FD} fds per message (SCM_MAX_FD)`)
    if ((fds.length > 0 || o.credentials) && data.byteLength === 0 && this.type === C.SOCK_STREAM)
      throw outOfRange('ancillary data on a stream travels with data: send at least one byte')
    const creds = o.credentials === true ? { pid: process.pid, uid: process.getuid!(), gid: process.getgid!() } : o.credentials
    const size = (fds.length ? cmsgSpace(4 * fds.length) : 0) + (creds ? cmsgSpace(L.ucred) : 0)
    const control = size ? new Uint8Array(size) : null
    let off = 0
    if (control && fds.length) {
      const d = writeCmsgHeader(control, off, C.SOL_SOCKET, C.SCM_RIGHTS, 4 * fds.length)
      fds.forEach((f, i) => writeU32(control, d + 4 * i, f))
      off += cmsgSpace(4 * fds.length)
    }
    if (control && creds) encodeUcred(control, writeCmsgHeader(control, off, C.SOL_SOCKET, C.SCM_CREDENTIALS, L.ucred), creds)
    const to = o.to === undefined ? null : unixAddr(o.to)
    return { control, to, name: to ? to.raw : null, nameLength: to ? to.length : 0 }
  }

  #recvArgs(buf: Uint8Array, o: RecvMsgOptions) {
    if (!(buf instanceof Uint8Array)) throw invalidArgType('recvMsg: buf must be a Uint8Array')
    // on a stream, 0 bytes means end of stream: an empty buffer could never tell data from EOF
    if (buf.byteLength === 0 && this.type === C.SOCK_STREAM) throw outOfRange('recvMsg needs a non-empty buffer on a stream (0 means end of stream)')
    if (o === null || typeof o !== 'object') throw invalidArgType('recvMsg options must be an object')
    const maxFds = o.maxFds ?? 0
    if (!Number.isInteger(maxFds) || maxFds < 0 || maxFds > SCM_MAX_FD) throw outOfRange(`maxFds must be an integer from 0 to ${SCM_MAX_FD}`)
    const size = (maxFds ? cmsgSpace(4 * maxFds) : 0) + cmsgSpace(L.ucred)
    return { maxFds, control: new Uint8Array(size), from: new SockaddrUnix() }
  }

  #received(n: number, args: { maxFds: number; control: Uint8Array; from: SockaddrUnix }): UnixMessage {
    const nameLength = scratch[0]
    const controlLength = scratch[1]
    const flags = scratch[2]
    args.from.setKernelLength(nameLength)
    const fds: number[] = []
    let credentials: Credentials | null = null
    let ctruncated = (flags & C.MSG_CTRUNC) !== 0
    const cur = new CmsgCursor().reset(args.control, controlLength)
    while (cur.next()) {
      if (cur.level !== C.SOL_SOCKET) continue
      if (cur.type === C.SCM_RIGHTS) {
        for (let o = 0; o + 4 <= cur.dataLength; o += 4) {
          const fd = readI32(args.control, cur.dataOffset + o)
          // alignment can leave room for one fd more than asked: close it rather than leak it
          if (fds.length < args.maxFds) fds.push(fd)
          else {
            native.close(fd)
            ctruncated = true
          }
        }
      } else if (cur.type === C.SCM_CREDENTIALS && cur.dataLength >= L.ucred) {
        credentials = decodeUcred(args.control, cur.dataOffset)
      }
    }
    return {
      bytes: n,
      fds,
      credentials,
      from: nameLength > L.sun_path && !args.from.isUnnamed() ? args.from.path : null,
      truncated: (flags & C.MSG_TRUNC) !== 0,
      ctruncated,
    }
  }
}
