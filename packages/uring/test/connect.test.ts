// connect and shutdown as ring requests, against node:net servers.
import { describe, expect, it } from 'vitest'
import { createServer, type AddressInfo } from 'node:net'
import { once } from 'node:events'
import { Ring } from '@sock/uring'
import { TCPConn, listenTCP4 } from '@sock/tcp'
import { hasUring } from './support.js'

describe.skipIf(!hasUring)('Ring.connect and Ring.shutdown', () => {
  it('connects to a node:net echo server, exchanges bytes, and a write shutdown reaches it as end', async () => {
    let serverGot = ''
    const server = createServer()
    const serverEnded = new Promise<void>((resolve) => {
      server.on('connection', (s) => {
        s.on('data', (d) => {
          serverGot += d
          s.write(d)
        })
        s.on('end', () => {
          s.end()
          resolve()
        })
      })
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo

    using ring = new Ring({ entries: 32, buffers: { count: 8, size: 512 } })
    const c = TCPConn.open4()
    const connected = new Promise<Error | null>((resolve) => ring.connect(c, { address: '127.0.0.1', port }, resolve))
    expect(await connected).toBeNull()
    let echoed = ''
    let ended: Error | null | undefined
    ring.recvMultishot(
      c,
      (d) => (echoed += d.toString()),
      (err) => (ended = err),
    )
    ring.send(c, Buffer.from('hello over io_uring'))
    const shut = new Promise<Error | null>((resolve) => ring.shutdown(c, 'write', resolve))
    expect(await shut).toBeNull()
    await serverEnded // the FIN came after the bytes sent before it
    await new Promise<void>((resolve) => {
      const t = setInterval(() => ended !== undefined && (clearInterval(t), resolve()), 5)
    })
    expect(serverGot).toBe('hello over io_uring')
    expect(echoed).toBe('hello over io_uring')
    expect(ended).toBeNull() // the server's end after its echo
    c.close()
    server.close()
  })

  it('a refused connect reports ECONNREFUSED with the address; bad arguments are refused at the call', async () => {
    using ring = new Ring({ entries: 16, buffers: { count: 2, size: 128 } })
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const port = ln.address().port
    ln.close() // nothing listens there now
    const c = TCPConn.open4()
    const err = await new Promise<Error | null>((resolve) => ring.connect(c, { address: '127.0.0.1', port }, resolve))
    expect(err).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect', port })
    expect(() => ring.connect(c, 'not an address' as never, () => {})).toThrow(expect.objectContaining({ code: 'ERR_SOCK_INVALID_ADDRESS' }))
    expect(() => ring.connect(c, { address: '127.0.0.1', port: 1 }, 5 as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }))
    expect(() => ring.shutdown(c, 'sideways' as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }))
    c.close()
    expect(() => ring.shutdown(c, 'both')).toThrow(expect.objectContaining({ code: 'ERR_SOCK_CLOSED' }))
  })
})

describe.skipIf(!hasUring)('Ring.connect with a signal', () => {
  it('AbortSignal.timeout cancels a connect that hangs (a listener whose accept queue is full): an AbortError', async () => {
    using ring = new Ring({ entries: 16, buffers: { count: 2, size: 128 } })
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 }, { backlog: 0 }) // one queued connection at most; later SYNs are dropped
    const port = ln.address().port
    const fillers: TCPConn[] = []
    // fill the accept queue: connections past it stay in SYN_SENT, retransmitting
    for (let i = 0; i < 3; i++) {
      const f = TCPConn.open4()
      f.connectRaw({ address: '127.0.0.1', port })
      fillers.push(f)
    }
    const c = TCPConn.open4()
    const err = await new Promise<Error | null>((resolve) => ring.connect(c, { address: '127.0.0.1', port }, resolve, { signal: AbortSignal.timeout(100) }))
    expect(err).toMatchObject({ code: 'ABORT_ERR', cause: expect.objectContaining({ name: 'TimeoutError' }) })
    expect(() => ring.connect(c, { address: '127.0.0.1', port }, () => {}, { signal: AbortSignal.abort() })).toThrow(
      expect.objectContaining({ code: 'ABORT_ERR' }),
    )
    for (const s of [c, ln, ...fillers]) s.close()
  })
})
