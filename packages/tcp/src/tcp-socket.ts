import { NetSocket, SockError, ERR_SOCK_WRONG_TYPE, constants as C } from '@sock/core'
import { expectKind, OPTION, checkOptionValue } from '@sock/core/internal'
import { outOfRange, type AddressInfo } from '@sock/addr'

/**
 * A TCP socket (IPv4 or IPv6) and the options every TCP socket has. The
 * step-by-step path: `TCPSocket.open4()`, options, `bind()`, then `listen()` or
 * `connect()`, which hand the fd on to a TCPListener / TCPConn.
 */
export class TCPSocket extends NetSocket {
  /** socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) */
  static open4<T extends TCPSocket>(this: new (fd: number, domain: number, type: number, protocol?: number) => T): T {
    return (this as unknown as typeof NetSocket).open(C.AF_INET, C.SOCK_STREAM, C.IPPROTO_TCP) as T
  }

  /** socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP) */
  static open6<T extends TCPSocket>(this: new (fd: number, domain: number, type: number, protocol?: number) => T): T {
    return (this as unknown as typeof NetSocket).open(C.AF_INET6, C.SOCK_STREAM, C.IPPROTO_TCP) as T
  }

  /** Throws `ERR_SOCK_WRONG_TYPE` unless (domain, type, protocol) is a TCP socket (used by `adopt`). */
  static checkKind(domain: number, type: number, protocol: number): void {
    expectKind('a TCP socket', (domain === C.AF_INET || domain === C.AF_INET6) && type === C.SOCK_STREAM && protocol === C.IPPROTO_TCP, domain, type, protocol)
  }

  /** TCP_NODELAY: send small segments at once instead of coalescing them (Nagle off). */
  setNoDelay(noDelay = true): this {
    return this.setOption(OPTION.TCP_NODELAY, noDelay ? 1 : 0)
  }

  /** SO_KEEPALIVE, and TCP_KEEPIDLE from `initialDelay` in ms (rounded up to seconds) when > 0, as in Node. */
  setKeepAlive(enable = false, initialDelay = 0): this {
    if (typeof initialDelay !== 'number' || !(initialDelay >= 0)) throw outOfRange('initialDelay must be a number of ms >= 0')
    const idle = Math.max(1, Math.ceil(initialDelay / 1000))
    if (enable && initialDelay > 0) checkOptionValue(OPTION.TCP_KEEPIDLE, idle) // before anything is set
    this.setOption(OPTION.SO_KEEPALIVE, enable ? 1 : 0)
    if (enable && initialDelay > 0) this.setOption(OPTION.TCP_KEEPIDLE, idle)
    return this
  }

  /** TCP_KEEPIDLE and TCP_KEEPINTVL from `period` in ms (rounded up to whole seconds, at least 1: 0 is 1 s), as Go's SetKeepAlivePeriod. */
  setKeepAlivePeriod(period: number): this {
    if (typeof period !== 'number' || !Number.isFinite(period) || period < 0) throw outOfRange('period must be a number of ms >= 0')
    const secs = Math.max(1, Math.ceil(period / 1000))
    checkOptionValue(OPTION.TCP_KEEPINTVL, secs) // before anything is set
    this.setOption(OPTION.TCP_KEEPIDLE, secs)
    return this.setOption(OPTION.TCP_KEEPINTVL, secs)
  }

  /** The local address as Node's `{ address, family, port }`. */
  address(): AddressInfo {
    const sa = this.localAddr()
    if (!sa || (sa.family !== 'IPv4' && sa.family !== 'IPv6')) throw new SockError('socket has no IP address', { code: ERR_SOCK_WRONG_TYPE })
    return sa.toAddressInfo()
  }

  /** The local address text (undefined if unbound). */
  get localAddress(): string | undefined {
    return ipInfo(this.localAddr())?.address
  }

  /** The local port (undefined if unbound). */
  get localPort(): number | undefined {
    return ipInfo(this.localAddr())?.port
  }

  /** The local family, 'IPv4' or 'IPv6' (undefined if unbound). */
  get localFamily(): string | undefined {
    return ipInfo(this.localAddr())?.family
  }
}

export function ipInfo(sa: ReturnType<NetSocket['localAddr']>): AddressInfo | undefined {
  return sa && (sa.family === 'IPv4' || sa.family === 'IPv6') ? sa.toAddressInfo() : undefined
}
