import { lstatSync, unlinkSync } from 'node:fs'
import { applySocketOptions, constants as C, type ListenOptions, type SocketOptions } from '@sock/core'
import native from '@sock/native'
import type { SockaddrUnix } from '@sock/addr'
import { UnixListener } from './unix-listener.js'
import { UnixConn } from './unix-conn.js'
import { unixAddr, type UnixAddressInput } from './network.js'
import { invalidArgValue } from '@sock/addr'

/** Options of `listenUnix`/`listenUnixgram`: the socket options, and what to do with an old socket file. */
export interface UnixListenOptions extends ListenOptions {
  /**
   * Remove a stale socket file at the path first: only a socket file that nothing
   * listens on (connect is refused). Off by default, as in node:net.
   */
  unlinkStale?: boolean
}

/** A socket file at `sa` that refuses connections is stale: remove it. */
function removeStale(sa: SockaddrUnix): void {
  if (sa.isAbstract() || sa.isUnnamed()) return
  let st
  try {
    st = lstatSync(sa.path)
  } catch {
    return
  }
  if (!st.isSocket()) return
  const probe = native.socket(C.AF_UNIX, C.SOCK_STREAM, 0)
  if (probe < 0) return
  const r = native.connect(probe, sa.raw, sa.length)
  native.close(probe)
  if (r === -C.ECONNREFUSED) unlinkSync(sa.path)
}

/**
 * listen on a unix stream ('unix') or seqpacket ('unixpacket') address: a path,
 * '@name' (abstract) or '' (autobind). The listener removes its socket file on close.
 */
export function listenUnix(network: 'unix' | 'unixpacket', laddr: UnixAddressInput, opts?: UnixListenOptions): UnixListener {
  if (network !== 'unix' && network !== 'unixpacket') throw invalidArgValue(`listenUnix takes 'unix' or 'unixpacket', not '${String(network)}'`)
  const sa = unixAddr(laddr)
  const ln = UnixListener.openUnix(network)
  try {
    applySocketOptions(ln, opts)
    if (opts?.unlinkStale) removeStale(sa)
    ln.bind(sa)
    ln.listen(opts?.backlog ?? 511)
    return ln
  } catch (err) {
    ln.close()
    throw err
  }
}

/** A bound unix datagram socket ('unixgram') at a path, '@name' or '' (autobind). */
export function listenUnixgram(network: 'unixgram', laddr: UnixAddressInput, opts?: SocketOptions): UnixConn {
  if (network !== 'unixgram') throw invalidArgValue(`listenUnixgram takes 'unixgram', not '${String(network)}'`)
  const conn = UnixConn.openUnix('unixgram')
  try {
    applySocketOptions(conn, opts)
    conn.bind(unixAddr(laddr))
    return conn
  } catch (err) {
    conn.close()
    throw err
  }
}
