import { SockError } from './errors.js'
import type { NetSocket } from './net-socket.js'

/** How long an accept loop waits before trying again after EMFILE / ENFILE, in ms. */
export const FD_EXHAUSTED_RETRY_MS = 100

/**
 * The async iteration every listener shares: connections until the listener is
 * closed (then the loop ends). EMFILE/ENFILE do not end it or spin: it waits
 * 100 ms and accepts again. Other errors are thrown.
 */
export async function* acceptIterator<T>(listener: NetSocket, acceptAsync: () => Promise<T>): AsyncGenerator<T, void, undefined> {
  for (;;) {
    if (listener.closed) return
    try {
      yield await acceptAsync()
    } catch (err) {
      if (listener.closed) return
      const code = err instanceof SockError ? err.code : undefined
      if (code === 'EMFILE' || code === 'ENFILE') {
        await new Promise((r) => setTimeout(r, FD_EXHAUSTED_RETRY_MS))
        continue
      }
      throw err
    }
  }
}
