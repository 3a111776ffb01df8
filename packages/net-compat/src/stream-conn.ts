// What toDuplex and toNetSocket accept: a connected stream socket of sock's.
import { NetSocket, constants as C, invalidArgType, invalidArgValue } from '@sock/core'

/**
 * Throws unless `conn` is an open sock stream socket that is not a listener
 * (SOCK_STREAM, SO_ACCEPTCONN off): a listener would fail later with a
 * misleading EPIPE, and a datagram socket would lose its message boundaries.
 */
export function checkStreamConn(conn: unknown, what: string): asserts conn is NetSocket {
  if (!(conn instanceof NetSocket)) throw invalidArgType(`${what} takes a sock stream connection (TCPConn, UnixConn, SCTPConn)`)
  if (conn.type !== C.SOCK_STREAM)
    throw invalidArgValue(`${what} takes a stream connection: this socket's messages have boundaries (a datagram or seqpacket socket)`)
  if (!conn.closed && conn.getsockoptInt(C.SOL_SOCKET, C.SO_ACCEPTCONN) !== 0) throw invalidArgValue(`${what} takes a connection, not a listener`)
}
