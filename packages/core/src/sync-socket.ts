// The second layer of NetSocket: synchronous I/O. Every call makes its syscall
// at once and returns a count or WOULD_BLOCK; with a deadline set it waits on
// poll(2) and throws ETIMEDOUT once the deadline has passed.
import { SockaddrRaw, type Sockaddr, invalidArgValue, outOfRange } from '@sock/addr'
import { native, C, scratch } from './native.js'
import { WOULD_BLOCK } from './would-block.js'
import { closedError, errnoError, SockError } from './errors.js'
import { checkByteRange, checkSockaddrOut, copyBuffers, restOf } from './args.js'
import { BaseSocket, state, type AddressInput } from './base-socket.js'
import { acceptNow } from './ops.js'

const POLLIN = C.POLLIN
const POLLOUT = C.POLLOUT
// readv/writev copy the caller's array here first (see copyBuffers), and empty it after the call
const iovs: Uint8Array[] = []
const NO_BYTES = new Uint8Array(0)

/** The synchronous I/O of a socket (the layer under NetSocket; use NetSocket). */
export class SyncSocket extends BaseSocket {
  /**
   * recv(2) into buf[offset, offset+length): a byte count, or WOULD_BLOCK.
   * On a stream 0 means end of stream (so an empty range is a RangeError); on a
   * message socket 0 may be an empty datagram.
   */
  read(buf: Uint8Array, offset = 0, length = restOf(buf, offset)): number {
    const fd = state.fd(this)
    if (fd < 0) throw closedError('read')
    if (length === 0 && state.stream(this)) {
      checkByteRange(buf, offset, length, 'read') // a bad buffer or offset is named as such, not as an empty range
      throw outOfRange('read needs a non-empty buffer on a stream (0 means end of stream)')
    }
    for (;;) {
      const n = native.recv(fd, buf, offset, length, 0)
      if (n >= 0) return n
      if (n !== WOULD_BLOCK) throw errnoError(n, 'read')
      if (state.readDeadline(this) === 0) return WOULD_BLOCK
      state.waitSync(this, POLLIN, state.readDeadline(this), 'read')
    }
  }

  /** send(2) of buf[offset, offset+length), one syscall: a byte count (possibly short), or WOULD_BLOCK. */
  write(buf: Uint8Array, offset = 0, length = restOf(buf, offset)): number {
    const fd = state.fd(this)
    if (fd < 0) throw closedError('write')
    for (;;) {
      const n = native.send(fd, buf, offset, length, 0)
      if (n >= 0) return n
      if (n !== WOULD_BLOCK) throw errnoError(n, 'write')
      if (state.writeDeadline(this) === 0) return WOULD_BLOCK
      state.waitSync(this, POLLOUT, state.writeDeadline(this), 'write')
    }
  }

  /** recvmsg(2) scattering into several buffers: a byte count, or WOULD_BLOCK. */
  readv(buffers: readonly Uint8Array[]): number {
    const total = copyBuffers(buffers, iovs, 'readv')
    try {
      if (total === 0 && state.stream(this)) throw outOfRange('readv needs non-empty buffers on a stream (0 means end of stream)')
      const fd = state.fd(this)
      if (fd < 0) throw closedError('readv')
      for (;;) {
        const n = native.recvmsg(fd, iovs, null, null, 0)
        if (n >= 0) return n
        if (n !== WOULD_BLOCK) throw errnoError(n, 'readv')
        if (state.readDeadline(this) === 0) return WOULD_BLOCK
        state.waitSync(this, POLLIN, state.readDeadline(this), 'readv')
      }
    } finally {
      iovs.fill(NO_BYTES)
    }
  }

  /** sendmsg(2) gathering several buffers, one syscall: a byte count, or WOULD_BLOCK. */
  writev(buffers: readonly Uint8Array[]): number {
    copyBuffers(buffers, iovs, 'writev')
    try {
      const fd = state.fd(this)
      if (fd < 0) throw closedError('writev')
      for (;;) {
        const n = native.sendmsg(fd, iovs, null, 0, null, 0)
        if (n >= 0) return n
        if (n !== WOULD_BLOCK) throw errnoError(n, 'writev')
        if (state.writeDeadline(this) === 0) return WOULD_BLOCK
        state.waitSync(this, POLLOUT, state.writeDeadline(this), 'writev')
      }
    } finally {
      iovs.fill(NO_BYTES)
    }
  }

  /**
   * Writes every byte, waiting with poll(2) when the send buffer is full (up to the
   * write deadline if one is set, otherwise as long as it takes: for workers and scripts).
   * A failure carries `bytesWritten`.
   */
  writeAll(buf: Uint8Array, offset = 0, length = restOf(buf, offset)): number {
    const fd = this.checkFd('write')
    checkByteRange(buf, offset, length)
    let done = 0
    while (done < length) {
      const n = native.send(fd, buf, offset + done, length - done, 0)
      if (n >= 0) {
        done += n
        continue
      }
      if (n !== WOULD_BLOCK) throw errnoError(n, 'write', null, { bytesWritten: done })
      try {
        if (state.writeDeadline(this) === 0) native.poll(fd, POLLOUT, -1)
        else state.waitSync(this, POLLOUT, state.writeDeadline(this), 'write')
      } catch (err) {
        if (err instanceof SockError) err.bytesWritten = done
        throw err
      }
    }
    return done
  }

  /**
   * recvfrom(2): a byte count or WOULD_BLOCK; the sender is written into `from`
   * (a caller-owned Sockaddr: no allocation).
   */
  recvFrom(buf: Uint8Array, from: Sockaddr | null = null, offset = 0, length = restOf(buf, offset)): number {
    const fd = state.fd(this)
    if (fd < 0) throw closedError('recvfrom')
    checkSockaddrOut(from)
    for (;;) {
      const n = native.recvfrom(fd, buf, offset, length, 0, from === null ? null : from.raw)
      if (n >= 0) {
        if (from !== null) from.setKernelLength(scratch[0])
        return n
      }
      if (n !== WOULD_BLOCK) throw errnoError(n, 'recvfrom')
      if (state.readDeadline(this) === 0) return WOULD_BLOCK
      state.waitSync(this, POLLIN, state.readDeadline(this), 'recvfrom')
    }
  }

  /** sendto(2) to a pre-encoded Sockaddr (or Node's `{ address, port }`): a byte count or WOULD_BLOCK. */
  sendTo(buf: Uint8Array, to: AddressInput, offset = 0, length = restOf(buf, offset)): number {
    const sa = state.sockaddr(this, to, 'sendto') // first: converting it can run the caller's getters (which may close this socket)
    const fd = state.fd(this)
    if (fd < 0) throw closedError('sendto')
    for (;;) {
      const n = native.sendto(fd, buf, offset, length, sa.raw, sa.length)
      if (n >= 0) return n
      if (n !== WOULD_BLOCK) throw errnoError(n, 'sendto', sa)
      if (state.writeDeadline(this) === 0) return WOULD_BLOCK
      state.waitSync(this, POLLOUT, state.writeDeadline(this), 'sendto')
    }
  }

  /** accept4(2): a new fd (non-blocking, close-on-exec) or WOULD_BLOCK; the peer goes into `from`. */
  protected acceptFd(from: Sockaddr | null): number {
    // `from` is checked before accept(2): a connection taken off the queue must never be lost to a bad argument
    checkSockaddrOut(from, 'from')
    if (from !== null && !(from instanceof SockaddrRaw) && from.domain !== this.domain)
      throw invalidArgValue(`from must be an address of the listener's family (${from.constructor.name} given)`)
    const fd = state.fd(this)
    if (fd < 0) throw closedError('accept')
    for (;;) {
      const n = acceptNow(fd, state.blocking(this), from === null ? null : from.raw)
      if (n >= 0) {
        if (from !== null) {
          try {
            from.setKernelLength(scratch[0])
          } catch (err) {
            native.close(n) // never leak the accepted fd
            throw err
          }
        }
        return n
      }
      if (n !== WOULD_BLOCK) throw errnoError(n, 'accept')
      if (state.readDeadline(this) === 0) return WOULD_BLOCK
      state.waitSync(this, POLLIN, state.readDeadline(this), 'accept')
    }
  }
}
