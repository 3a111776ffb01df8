import { chmodSync } from 'node:fs'
import path from 'node:path'
import { type ListenOptions } from '@sock/core'
import { configureSocket } from '@sock/core/internal'
import type { SockaddrUnix } from '@sock/addr'
import { UnixListener } from './unix-listener.js'
import { UnixConn } from './unix-conn.js'
import { unixAddr, type UnixAddressInput } from './network.js'
import { invalidArgType, invalidArgValue, describeValue } from '@sock/addr'
import { removeStaleSocketFile, checkMode } from './socket-file.js'
import type { UnixSocket } from './unix-socket.js'

/** Options of `listenUnix`/`listenUnixgram`: the socket options, and the socket file's mode and removal. */
export interface UnixListenOptions extends ListenOptions {
  /**
   * Remove a stale socket file at the path first: only a socket file that nothing
   * is bound to any more (connecting to it is refused). Off by default, as in node:net.
   */
  unlinkStale?: boolean
  /**
   * The socket file's permission bits (e.g. 0o600, 0o660), set before anyone can
   * connect: between bind(2) and listen(2) for a listener. Without it the file
   * gets the umask's mode (0o755 under 022: only the owner may connect).
   */
  mode?: number
}

/** Every key a Unix listen takes: anything else is a mistake (`mod: 0o600`), not something to ignore. */
const LISTEN_KEYS = new Set([
  'reuseAddr',
  'reusePort',
  'ipv6Only',
  'bindToDevice',
  'mark',
  'freebind',
  'recvBufferSize',
  'sendBufferSize',
  'control',
  'backlog',
  'unlinkStale',
  'mode',
])

function checkListenOptions(opts: UnixListenOptions | undefined, what: string): void {
  if (opts === undefined) return
  if (opts === null || typeof opts !== 'object') throw invalidArgType(`${what}: options must be an object`)
  for (const key of Object.keys(opts)) if (!LISTEN_KEYS.has(key)) throw invalidArgValue(`${what}: unknown option '${key}'`)
  if (opts.mode !== undefined) checkMode(opts.mode)
}

/** Binds `sock` to `sa`, removing a stale socket file first if asked, and sets the file's mode if asked. */
function bindSocketFile(sock: UnixSocket, sa: SockaddrUnix, opts: UnixListenOptions | undefined): void {
  if (opts?.unlinkStale) removeStaleSocketFile(sa, sock.type)
  sock.bind(sa)
  if (opts?.mode !== undefined && !sa.isAbstract() && !sa.isUnnamed()) chmodSync(path.resolve(sa.path), opts.mode)
}

/**
 * listen on a unix stream ('unix') or seqpacket ('unixpacket') address: a path,
 * '@name' (abstract) or '' (autobind). The listener removes its socket file on close.
 */
export function listenUnix(network: 'unix' | 'unixpacket', laddr: UnixAddressInput, opts?: UnixListenOptions): UnixListener {
  if (network !== 'unix' && network !== 'unixpacket') throw invalidArgValue(`listenUnix takes 'unix' or 'unixpacket', not ${describeValue(network)}`)
  checkListenOptions(opts, 'listenUnix')
  const sa = unixAddr(laddr)
  return configureSocket(UnixListener.openUnix(network), opts, undefined, (ln) => {
    bindSocketFile(ln, sa, opts) // the mode is set before listen(2): nobody can connect earlier
    ln.listen(opts?.backlog ?? 511)
  })
}

/**
 * A bound unix datagram socket ('unixgram') at a path, '@name' or '' (autobind);
 * it removes its socket file on close. `mode` is set right after bind(2), so for
 * that instant the file has the umask's mode (0o755 under 022: only the owner may send).
 */
export function listenUnixgram(network: 'unixgram', laddr: UnixAddressInput, opts?: Omit<UnixListenOptions, 'backlog'>): UnixConn {
  if (network !== 'unixgram') throw invalidArgValue(`listenUnixgram takes 'unixgram', not ${describeValue(network)}`)
  checkListenOptions(opts, 'listenUnixgram')
  const sa = unixAddr(laddr)
  return configureSocket(UnixConn.openUnix('unixgram'), opts, undefined, (conn) => bindSocketFile(conn, sa, opts))
}
