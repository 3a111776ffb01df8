// The public API of @sock/core. The plumbing the protocol packages share (argument
// checks, dialing steps, errno errors, byte helpers) is at '@sock/core/internal':
// not part of the versioned contract, so do not depend on it.
export { NetSocket, type AddressInput, type UnixPathLike, type AsyncOptions, type ShutdownHow, type ConnClass } from './net-socket.js'
export { BaseSocket } from './base-socket.js'
export { SyncSocket } from './sync-socket.js'
export { WOULD_BLOCK } from './would-block.js'
export { SockError, AbortError, ERR_SOCK_CLOSED, ERR_SOCK_INVALID_ADDRESS, ERR_SOCK_WRONG_TYPE, type SockErrorInfo } from './errors.js'
export { type DeadlineInput } from './deadline.js'
export { applySocketOptions, type SocketOptions, type ListenOptions } from './options.js'
export { type DialOptions } from './dialer.js'
export { listenFds, type ListenFd } from './listen-fds.js'
export { Poll, Interest, Ready, POLL_MAX_EVENTS, type PollOptions, type PollTarget } from './poll.js'
export { type IntOption } from './socket-options.js'
export { C as constants } from './native.js'
export { cmsgSpace, cmsgLen, writeCmsgHeader, CmsgCursor, CmsgWriter } from './cmsg.js'
export { type Family } from './inet.js'
export { invalidArgType, invalidArgValue, outOfRange } from './args.js'
