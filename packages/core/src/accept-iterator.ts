import type { NetSocket } from './net-socket.js'

/**
 * The async iteration every listener shares: connections until the listener is
 * closed (then the loop ends). With no fd left (EMFILE/ENFILE) acceptAsync
 * itself waits and retries, so the loop neither ends nor spins. Other errors
 * are thrown.
 */
export async function* acceptIterator<T>(listener: NetSocket, acceptAsync: () => Promise<T>): AsyncGenerator<T, void, undefined> {
  for (;;) {
    if (listener.closed) return
    try {
      yield await acceptAsync()
    } catch (err) {
      if (listener.closed) return
      throw err
    }
  }
}
