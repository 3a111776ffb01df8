import { constants as C, errnoError } from '@sock/core'
import native from '@sock/native'
import { UnixConn } from './unix-conn.js'
import { socketType, type UnixNetwork } from './network.js'

/** socketpair(2): two connected unix sockets of one kind, [a, b]. */
export function unixConnPair(network: UnixNetwork = 'unix'): [UnixConn, UnixConn] {
  const type = socketType(network)
  const r = native.socketpair(C.AF_UNIX, type, 0)
  if (r < 0) throw errnoError(r, 'socketpair')
  const a = native.scratch[0]
  const b = native.scratch[1]
  return [new UnixConn(a, C.AF_UNIX, type, 0), new UnixConn(b, C.AF_UNIX, type, 0)]
}
