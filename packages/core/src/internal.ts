// The plumbing sock's protocol packages share: argument checks, dialing steps,
// errno errors, byte helpers. Exported as '@sock/core/internal' for those
// packages; not part of the public, versioned API: names may change in any release.
export { setCloseHook } from './base-socket.js'
export { errnoError, closedError, deadlineError, expectKind } from './errors.js'
export { toMonotonicDeadline, monotonicNow } from './deadline.js'
export { startDial, completeDial } from './dialer.js'
export { configureSocket } from './options.js'
export { OPTION, optionConstant, intOption, boolOption, getIntOption, setIntOption, checkOptionValue, type IntOption } from './socket-options.js'
export { readU32, writeU32, readI32 } from './cmsg.js'
export { acceptIterator } from './accept-iterator.js'
export { adoptOrClose } from './ops.js'
export { inetAddr, remoteInetAddr, networkFamily } from './inet.js'
export { restOf, checkBytes, checkByteRange, checkSockaddrOut, checkString, checkInt, signalOf } from './args.js'
