// toDuplex and toNetSocket take a connected stream socket: a listener or a
// datagram socket is refused at once (it used to fail later with a misleading
// EPIPE, or lose message boundaries), and the socket is left as it was.
import { describe, expect, it } from 'vitest'
import { toDuplex, toNetSocket } from '@sock/net-compat'
import { listenTCP4 } from '@sock/tcp'
import { listenUDP4 } from '@sock/udp'
import { unixConnPair } from '@sock/unix'

const value = expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' })

describe('only stream connections become streams', () => {
  it('refuses listeners, datagram and seqpacket sockets, and leaves them open', () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const udp = listenUDP4({ address: '127.0.0.1', port: 0 })
    const [a, b] = unixConnPair('unixpacket')
    try {
      for (const s of [ln, udp, a]) {
        expect(() => toDuplex(s as never)).toThrow(value)
        expect(() => toNetSocket(s)).toThrow(value)
        expect(s.closed).toBe(false)
      }
      expect(ln.address().port).toBeGreaterThan(0) // still usable: nothing was detached
      expect(() => toDuplex({ readAsync() {}, writeAsync() {}, close() {} } as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }))
    } finally {
      for (const s of [ln, udp, a, b]) s.close()
    }
  })
})
