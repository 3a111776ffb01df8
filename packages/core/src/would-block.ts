import { C } from './native.js'

/**
 * Returned (never thrown) by synchronous calls that would block: `-EAGAIN`.
 * Compare with `===`; every other negative outcome is a thrown SockError.
 */
export const WOULD_BLOCK: number = -C.EAGAIN
