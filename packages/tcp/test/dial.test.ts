import { describe, expect, it } from 'vitest'
import { dialTCP4, listenTCP4, TCPDialer, TCPConn } from '@sock/tcp'
import { closedPort } from './helpers.js'

describe('dialing', () => {
  it('a non-blocking dial to a closed port returns a connection; the first write throws ECONNREFUSED, the next EPIPE', async () => {
    const conn = dialTCP4(null, { address: '127.0.0.1', port: closedPort() })
    try {
      expect(conn).toBeInstanceOf(TCPConn)
      await conn.waitWritable() // the RST has arrived
      expect(() => conn.write(Buffer.from('x'))).toThrow(expect.objectContaining({ code: 'ECONNREFUSED', syscall: 'write', errno: -111 }))
      expect(() => conn.write(Buffer.from('x'))).toThrow(expect.objectContaining({ code: 'EPIPE' }))
    } finally {
      conn.close()
    }
  })

  it('a dialer with a timeout rejects with ECONNREFUSED promptly', async () => {
    const port = closedPort()
    const t0 = performance.now()
    await expect(new TCPDialer({ timeout: 5000 }).dial4(null, { address: '127.0.0.1', port })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
      syscall: 'connect',
      address: '127.0.0.1',
      port,
    })
    expect(performance.now() - t0).toBeLessThan(2000)
  })

  it('a dialer resolves once connected', async () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const conn = await new TCPDialer({ timeout: 5000 }).dial4(null, ln.address())
    expect(conn.remotePort).toBe(ln.address().port)
    expect(conn.remoteAddress).toBe('127.0.0.1')
    const server = ln.accept()
    expect(server).not.toBeNull()
    expect(server!.remotePort).toBe(conn.localPort)
    server!.close()
    conn.close()
    ln.close()
  })

  it('a dialer times out with ETIMEDOUT (deadlineExceeded) when the handshake cannot finish', async () => {
    // A listener whose accept queue is full drops further SYNs: the handshake hangs.
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 }, { backlog: 0 })
    const fillers: TCPConn[] = []
    try {
      for (let i = 0; i < 4; i++) fillers.push(dialTCP4(null, ln.address()))
      await fillers[0].waitWritable() // the first handshake done: the accept queue (backlog 0) is full, later SYNs are dropped
      const t0 = performance.now()
      const err = await new TCPDialer({ timeout: 200 }).dial4(null, ln.address()).catch((e) => e)
      const took = performance.now() - t0
      expect(err).toMatchObject({ code: 'ETIMEDOUT', deadlineExceeded: true, syscall: 'connect' })
      expect(took).toBeGreaterThanOrEqual(199)
    } finally {
      for (const f of fillers) f.close()
      ln.close()
    }
  })

  it('a dialer honours an AbortSignal', async () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 }, { backlog: 0 })
    const fillers = [0, 1, 2, 3].map(() => dialTCP4(null, ln.address()))
    await fillers[0].waitWritable() // the accept queue (backlog 0) is full
    const ac = new AbortController()
    const p = new TCPDialer({ signal: ac.signal }).dial4(null, ln.address())
    setTimeout(() => ac.abort(new Error('user')), 20)
    await expect(p).rejects.toMatchObject({ name: 'AbortError', code: 'ABORT_ERR' })
    for (const f of fillers) f.close()
    ln.close()
  })

  it('binds the local address first when given', async () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const conn = await new TCPDialer().dial4({ address: '127.0.0.2', port: 0 }, ln.address())
    expect(conn.localAddress).toBe('127.0.0.2')
    conn.close()
    ln.close()
  })

  it('rejects wrong-family and non-literal addresses before any syscall', () => {
    expect(() => dialTCP4(null, { address: '::1', port: 80 })).toThrow(expect.objectContaining({ code: 'ERR_SOCK_INVALID_ADDRESS' }))
    expect(() => dialTCP4(null, { address: 'localhost', port: 80 })).toThrow(/no DNS/)
    expect(() => listenTCP4({ address: '::', port: 0 })).toThrow(expect.objectContaining({ code: 'ERR_SOCK_INVALID_ADDRESS' }))
    expect(() => dialTCP4(null, '127.0.0.1:99999')).toThrow(expect.objectContaining({ code: 'ERR_SOCK_INVALID_PORT' }))
  })
})
