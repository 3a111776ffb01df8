// An address argument can be an object with getters: converting it runs the
// caller's code, which may close the socket. The fd is read only after that,
// so nothing can reach a closed socket's fd number (or a new socket reusing it).
import { describe, expect, it } from 'vitest'
import { listenUDP4 } from '@sock/udp'
import { WOULD_BLOCK } from '@sock/core'

describe('an address whose getter closes the socket', () => {
  it('sendTo, sendToAsync and sendMsg read the fd only after converting the address: ERR_SOCK_CLOSED, nothing sent', async () => {
    const a = listenUDP4({ address: '127.0.0.1', port: 0 })
    const b = listenUDP4({ address: '127.0.0.1', port: 0 })
    const port = b.address().port
    try {
      const closing = {
        get address() {
          a.close()
          return '127.0.0.1'
        },
        port,
      }
      expect(() => a.sendTo(Buffer.from('x'), closing)).toThrow(expect.objectContaining({ code: 'ERR_SOCK_CLOSED' }))
      const c = listenUDP4({ address: '127.0.0.1', port: 0 })
      const closingC = {
        get address() {
          c.close()
          return '127.0.0.1'
        },
        port,
      }
      await expect(c.sendToAsync(Buffer.from('x'), closingC)).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
      const d = listenUDP4({ address: '127.0.0.1', port: 0 })
      expect(() =>
        d.sendMsg(Buffer.from('x'), {
          to: {
            get address() {
              d.close()
              return '127.0.0.1'
            },
            port,
          },
        }),
      ).toThrow(expect.objectContaining({ code: 'ERR_SOCK_CLOSED' }))
      expect(b.recvFrom(new Uint8Array(8))).toBe(WOULD_BLOCK) // nothing was sent
    } finally {
      a.close()
      b.close()
    }
  })
})
