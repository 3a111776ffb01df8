import { constants as C } from '@sock/core'
import { errnoError } from '@sock/core/internal'
import native from '@sock/native'
import { UnixConn } from './unix-conn.js'
import { socketType, type UnixNetwork } from './network.js'

const scratch = native.scratchView() // private: detaching @sock/native's public `scratch` cannot blind it

/** socketpair(2): two connected unix sockets of one kind, [a, b]. */
export function unixConnPair(network: UnixNetwork = 'unix'): [UnixConn, UnixConn] {
  const type = socketType(network)
  const r = native.socketpair(C.AF_UNIX, type, 0)
  if (r < 0) throw errnoError(r, 'socketpair')
  const a = scratch[0]
  const b = scratch[1]
  return [new UnixConn(a, C.AF_UNIX, type, 0), new UnixConn(b, C.AF_UNIX, type, 0)]
}
