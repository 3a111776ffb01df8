import { getSystemErrorMap, getSystemErrorName } from 'node:util'
import type { Sockaddr } from '@sock/addr'
import { C } from './native.js'

/** Codes of errors sock raises itself; stable, never renamed. */
export const ERR_SOCK_CLOSED = 'ERR_SOCK_CLOSED'
/** ERR_SOCK_INVALID_ADDRESS: an address that cannot be used (syntax, a host name, a path that does not fit, the wrong family). */
export const ERR_SOCK_INVALID_ADDRESS = 'ERR_SOCK_INVALID_ADDRESS'
/** ERR_SOCK_WRONG_TYPE: a socket of the wrong kind for the call (e.g. adopting a UDP fd as TCP). */
export const ERR_SOCK_WRONG_TYPE = 'ERR_SOCK_WRONG_TYPE'

/** The fields of a SockError, for its constructor. */
export interface SockErrorInfo {
  /** `SockError.code`. */
  code: string
  /** `SockError.errno`. */
  errno?: number
  /** `SockError.syscall`. */
  syscall?: string
  /** `SockError.address`. */
  address?: string
  /** `SockError.port`. */
  port?: number
  /** `SockError.path`. */
  path?: string
  /** `SockError.deadlineExceeded`. */
  deadlineExceeded?: boolean
  /** `SockError.bytesWritten`. */
  bytesWritten?: number
  /** The underlying error, as `Error.cause`. */
  cause?: unknown
}

/**
 * An OS failure, shaped like Node's: `code` ('ECONNREFUSED'), `errno` (negative),
 * `syscall` ('connect'), and `address`/`port`/`path` when known. sock's own errors
 * use stable `ERR_SOCK_*` codes. Test `err.code`.
 */
export class SockError extends Error {
  /** The errno name ('ECONNREFUSED', 'ETIMEDOUT') or one of sock's `ERR_SOCK_*` codes. */
  code: string
  // `declare`: a field is an own property only when it has a value, as on Node's errors
  // (a plain field declaration would define every one of them as undefined)
  /** The negative errno, as on Node's errors (-111 for ECONNREFUSED on Linux). */
  declare errno?: number
  /** The system call that failed ('connect', 'recvmsg', ...). */
  declare syscall?: string
  /** The IP address involved, when known. */
  declare address?: string
  /** The port involved, when known. */
  declare port?: number
  /** The Unix socket path involved, when known. */
  declare path?: string
  /** True only for a deadline sock enforced (not the kernel's own ETIMEDOUT). */
  declare deadlineExceeded?: boolean
  /** For a failed `writeAsync`/`writeAll`: how many bytes were written before the failure. */
  declare bytesWritten?: number

  constructor(message: string, info: SockErrorInfo) {
    super(message, info.cause === undefined ? undefined : { cause: info.cause })
    this.name = 'SockError'
    this.code = info.code
    if (info.errno !== undefined) this.errno = info.errno
    if (info.syscall !== undefined) this.syscall = info.syscall
    if (info.address !== undefined) this.address = info.address
    if (info.port !== undefined) this.port = info.port
    if (info.path !== undefined) this.path = info.path
    if (info.deadlineExceeded) this.deadlineExceeded = true
    if (info.bytesWritten !== undefined) this.bytesWritten = info.bytesWritten
  }
}

function addressFields(sa: Sockaddr | null | undefined): Pick<SockErrorInfo, 'address' | 'port' | 'path'> {
  if (!sa) return {}
  if (sa.family === 'IPv4' || sa.family === 'IPv6') return { address: sa.toAddressInfo().address, port: sa.port }
  if (sa.family === 'unix') return { path: sa.path }
  return {}
}

/** A SockError for `-errno` returned by `syscall`, e.g. 'connect ECONNREFUSED 127.0.0.1:9'. */
export function errnoError(errno: number, syscall: string, sa?: Sockaddr | null, extra?: Partial<SockErrorInfo>): SockError {
  const code = getSystemErrorName(errno)
  const desc = getSystemErrorMap().get(errno)?.[1]
  const where = sa ? ` ${sa.toString()}` : ''
  let message = `${syscall} ${code}${where}`
  if (desc) message += ` (${desc})`
  if (extra?.bytesWritten !== undefined) message += ` after ${extra.bytesWritten} bytes`
  return new SockError(message, { code, errno, syscall, ...addressFields(sa), ...extra })
}

/** ETIMEDOUT for a deadline sock enforced: `deadlineExceeded` is true. */
export function deadlineError(syscall: string, extra?: Partial<SockErrorInfo>): SockError {
  return errnoError(-C.ETIMEDOUT, syscall, null, { deadlineExceeded: true, ...extra })
}

/** ERR_SOCK_CLOSED: the socket was closed (or detached); no call reaches its old fd number. */
export function closedError(syscall?: string): SockError {
  return new SockError(`socket is closed${syscall ? ` (${syscall})` : ''}`, { code: ERR_SOCK_CLOSED, syscall })
}

/** An AbortError like Node's (`code: 'ABORT_ERR'`), with the signal's reason as `cause`. */
export class AbortError extends Error {
  /** 'ABORT_ERR', as on Node's AbortError. */
  readonly code = 'ABORT_ERR'
  constructor(reason?: unknown) {
    super('The operation was aborted', reason === undefined ? undefined : { cause: reason })
    this.name = 'AbortError'
  }
}

/** socket(2) failures, with the hint a user needs (a kernel without the protocol). */
export function socketCallError(errno: number, domain: number, type: number, protocol: number): SockError {
  const err = errnoError(errno, 'socket')
  if (errno === -C.EPROTONOSUPPORT || errno === -C.ESOCKTNOSUPPORT || errno === -C.EAFNOSUPPORT)
    err.message += `: this kernel does not support socket(${domain}, ${type}, ${protocol})`
  return err
}

/** Throws ERR_SOCK_WRONG_TYPE unless an adopted fd is of the expected kind. */
export function expectKind(what: string, ok: boolean, domain: number, type: number, protocol: number): void {
  if (!ok) throw new SockError(`fd is not ${what} (domain ${domain}, type ${type}, protocol ${protocol})`, { code: ERR_SOCK_WRONG_TYPE })
}
