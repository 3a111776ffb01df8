// Moving sockets between sock and Node by fd, with ownership that never
// double-closes: a hand-off to Node detaches (Node owns the fd from then on);
// adopting a Node socket's fd takes a dup, so each side closes its own.
import net from 'node:net'
import { once } from 'node:events'
import { invalidArgType, constants as C, type NetSocket } from '@sock/core'
import { checkInt, errnoError } from '@sock/core/internal'
import native from '@sock/native'
import { TCPConn, TCPListener } from '@sock/tcp'
import { fdOf } from '@sock/opts'
import { UnixSocket } from '@sock/unix'
import { checkStreamConn } from './stream-conn.js'

/**
 * Serves a listener configured with sock (options Node cannot set: TCP_DEFER_ACCEPT,
 * SO_REUSEPORT groups, IP_FREEBIND, SO_BINDTODEVICE, its backlog) with a Node
 * `net.Server` or `http.Server`: `server.listen({ fd, backlog })`. The listener is
 * detached: the server owns the fd now (and a Unix listener's socket file, removed
 * when the server closes). `backlog` defaults to 511, as Node would
 * otherwise reset it.
 */
export async function serveWithNode(listener: NetSocket, server: net.Server, options: { backlog?: number } = {}): Promise<net.Server> {
  // every check before detach(): a bad argument must not cost the listener its fd
  checkSockSocket(listener, 'serveWithNode')
  if (!(server instanceof net.Server)) throw invalidArgType('serveWithNode takes a net.Server (or http.Server, https.Server, ...)')
  const backlog = options?.backlog ?? 511
  checkInt(backlog, 0, 0x7fffffff, 'backlog')
  // a Unix listener's socket file goes with the fd: removed when the server closes
  const removeSocketFile = listener instanceof UnixSocket ? listener.takeSocketFile() : null
  const fd = listener.detach()
  if (removeSocketFile) server.once('close', removeSocketFile)
  server.listen({ fd, backlog })
  await once(server, 'listening')
  return server
}

/** A connected sock stream (TCP or Unix) as a `net.Socket`: the connection is detached, Node owns the fd. */
export function toNetSocket(conn: NetSocket, options: { allowHalfOpen?: boolean } = {}): net.Socket {
  checkStreamConn(conn, 'toNetSocket')
  const fd = conn.detach()
  return new net.Socket({ fd, readable: true, writable: true, allowHalfOpen: options?.allowHalfOpen ?? false })
}

/** fcntl(F_DUPFD_CLOEXEC): a second fd for the same socket. */
export function dupFd(fd: number): number {
  const r = native.fcntl(fd, C.F_DUPFD_CLOEXEC, 0)
  if (r < 0) throw errnoError(r, 'fcntl')
  return r
}

/**
 * A sock object over a Node socket's connection, for options, TCP_INFO or raw I/O.
 * It owns a dup of Node's fd: closing either side never closes the other's fd
 * (the connection ends when both are closed). Node keeps reading too unless you
 * pause it, so pick one reader.
 */
export function adoptNodeSocket(socket: net.Socket): TCPConn {
  return TCPConn.adopt(dupFd(fdOf(socket)))
}

/** Like adoptNodeSocket, for a listening `net.Server`. */
export function adoptNodeServer(server: net.Server): TCPListener {
  return TCPListener.adopt(dupFd(fdOf(server)))
}

/** A sock socket (anything with detach()): checked by shape, so that two copies of @sock/core still work together. */
function checkSockSocket(s: unknown, fn: string): asserts s is NetSocket {
  if (typeof (s as NetSocket | null)?.detach !== 'function') throw invalidArgType(`${fn} takes a sock socket`)
}
