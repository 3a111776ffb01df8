import { NetSocket, SockError } from '@sock/core'
import { errnoError, optionConstant, intOption, getIntOption, setIntOption, checkOptionValue, type IntOption } from '@sock/core/internal'
import { native } from './native.js'
import { invalidArgType, outOfRange } from '@sock/addr'

/**
 * What every option function takes: one of our sockets, an fd number, or a Node
 * `net.Socket`, `net.Server` or `dgram.Socket` (its fd is used; the socket stays Node's).
 */
export type SocketTarget = NetSocket | number | NodeHandleOwner | object

/** A Node socket or server: its libuv handle (`_handle`) holds the fd. */
export interface NodeHandleOwner {
  /** Node's internal handle (TCPWrap, UDPWrap, PipeWrap): `_handle.fd` is the fd. */
  _handle?: unknown
}

function handleFd(handle: unknown): number | undefined {
  const fd = (handle as { fd?: unknown } | null | undefined)?.fd
  return typeof fd === 'number' && fd >= 0 ? fd : undefined
}

/** The fd of a target, or a clear error (ERR_SOCK_NO_FD) for a Node socket that has none yet. */
export function fdOf(target: SocketTarget): number {
  if (target instanceof NetSocket) {
    const fd = target.fd
    if (fd < 0) throw new SockError('socket is closed', { code: 'ERR_SOCK_CLOSED' })
    return fd
  }
  if (typeof target === 'number') {
    if (!Number.isInteger(target) || target < 0) throw outOfRange('fd must be an integer >= 0')
    return target
  }
  if (target !== null && typeof target === 'object') {
    // net.Socket and net.Server keep their libuv handle in _handle
    if ('_handle' in target) {
      const fd = handleFd((target as { _handle?: unknown })._handle)
      if (fd !== undefined) return fd
      throw noFd(target)
    }
    // dgram.Socket keeps it in its state symbol
    for (const sym of Object.getOwnPropertySymbols(target)) {
      const state = (target as Record<symbol, unknown>)[sym] as { handle?: unknown } | undefined
      if (sym.description === 'state symbol' && state && typeof state === 'object') {
        const fd = handleFd(state.handle)
        if (fd !== undefined) return fd
        throw noFd(target)
      }
    }
  }
  throw invalidArgType('expected a sock socket, an fd number, or a Node net.Socket / net.Server / dgram.Socket')
}

function noFd(target: object): SockError {
  const what = target.constructor?.name ?? 'socket'
  return new SockError(`this ${what} has no file descriptor yet (not connected, listening or bound, or already closed)`, { code: 'ERR_SOCK_NO_FD' })
}

export function getInt(target: SocketTarget, level: string, name: string): number {
  return getIntOption(fdOf(target), intOption(level, name))
}

/**
 * setsockopt(2) of a 32-bit int option; `level` and `name` are constant names
 * ('SOL_SOCKET', 'SO_RCVBUF'). A value outside [min, max] (the option's own
 * range: the kernel would change it silently) is `ERR_OUT_OF_RANGE`, naming `what`.
 */
export function setInt(target: SocketTarget, level: string, name: string, value: number, min = -0x80000000, max = 0x7fffffff, what = 'a 32-bit integer'): void {
  setOpt(
    target,
    intOption(level, name, (v) => v >= min && v <= max, what),
    value,
  )
}

export function getBool(target: SocketTarget, level: string, name: string): boolean {
  return getInt(target, level, name) !== 0
}

/** setsockopt(2) of a boolean int option (1 or 0). */
export function setBool(target: SocketTarget, level: string, name: string, on: boolean): void {
  setInt(target, level, name, on ? 1 : 0)
}

/** An option implemented once in @sock/core (the socket classes' setters use the same), read from any target. */
export function getOpt(target: SocketTarget, o: IntOption): number {
  return getIntOption(fdOf(target), o)
}

/** An option implemented once in @sock/core, set on any target; the value is checked before the target's fd is looked up. */
export function setOpt(target: SocketTarget, o: IntOption, value: number): void {
  checkOptionValue(o, value)
  setIntOption(fdOf(target), o, value)
}

export function getBytes(target: SocketTarget, level: string, name: string, out: Uint8Array): number {
  const r = native.getsockopt(fdOf(target), optionConstant(level, 'getsockopt'), optionConstant(name, 'getsockopt'), out)
  if (r < 0) throw errnoError(r, 'getsockopt')
  return r
}

/** setsockopt(2) of an option given as bytes (a struct in kernel layout). */
export function setBytes(target: SocketTarget, level: string, name: string, value: Uint8Array): void {
  const r = native.setsockopt(fdOf(target), optionConstant(level, 'setsockopt'), optionConstant(name, 'setsockopt'), value, value.byteLength)
  if (r < 0) throw errnoError(r, 'setsockopt')
}

const decoder = new TextDecoder()
const encoder = new TextEncoder()

export function getString(target: SocketTarget, level: string, name: string, max: number): string {
  const b = new Uint8Array(max)
  const n = getBytes(target, level, name, b)
  const end = b.subarray(0, n).indexOf(0)
  return decoder.decode(b.subarray(0, end === -1 ? n : end))
}

/** setsockopt(2) of a string option (UTF-8, no NUL added: SO_BINDTODEVICE, TCP_CONGESTION). */
export function setString(target: SocketTarget, level: string, name: string, value: string): void {
  if (typeof value !== 'string') throw invalidArgType(`${name} takes a string`)
  setBytes(target, level, name, encoder.encode(value))
}
