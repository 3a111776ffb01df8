export { NetSocket, expectKind, type AddressInput, type UnixPathLike, type AsyncOptions, type ShutdownHow } from './net-socket.js'
export { WOULD_BLOCK } from './would-block.js'
export {
  SockError,
  AbortError,
  errnoError,
  closedError,
  deadlineError,
  ERR_SOCK_CLOSED,
  ERR_SOCK_INVALID_ADDRESS,
  ERR_SOCK_WRONG_TYPE,
  type SockErrorInfo,
} from './errors.js'
export { toMonotonicDeadline, monotonicNow, type DeadlineInput } from './deadline.js'
export { applySocketOptions, type SocketOptions, type ListenOptions } from './options.js'
export { startDial, completeDial, type DialOptions } from './dialer.js'
export { listenFds, type ListenFd } from './listen-fds.js'
export { C as constants } from './native.js'
export { cmsgSpace, cmsgLen, writeCmsgHeader, CmsgCursor, readU32, writeU32, readI32 } from './cmsg.js'
export { acceptIterator } from './accept-iterator.js'
export { inetAddr, remoteInetAddr, networkFamily, type Family } from './inet.js'
export { restOf, checkBytes, checkByteRange, checkSockaddrOut, checkString, checkInt, badSignal, invalidArgType, invalidArgValue, outOfRange } from './args.js'
