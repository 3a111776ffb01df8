import { describe, expect, it } from 'vitest'
import net from 'node:net'
import { once } from 'node:events'
import { listenTCP, listenTCP4, listenTCP6, TCPDialer, dialTCP, dialTCP6 } from '@sock/tcp'
import { randomBytes, sha256 } from './helpers.js'

describe('interop with node:net', () => {
  it('our listener, their client: 1 MiB each way, checksummed', async () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const theirs = net.connect(ln.address().port, '127.0.0.1')
    const ours = await ln.acceptAsync()
    const up = randomBytes(1 << 20)
    const down = randomBytes((1 << 20) + 3)
    // their client sends `up` then half-closes, and collects what we send
    const received: Buffer[] = []
    theirs.on('data', (d) => received.push(d))
    const theirEnd = once(theirs, 'end')
    theirs.end(up)
    // we read to end of stream, then answer and close
    const got = Buffer.alloc(up.length + 10)
    let n = 0
    for (;;) {
      const r = await ours.readAsync(got.subarray(n))
      if (r === 0) break
      n += r
    }
    expect(n).toBe(up.length)
    expect(sha256(got.subarray(0, n))).toBe(sha256(up))
    await ours.writeAsync(down)
    ours.shutdown('write')
    await theirEnd
    expect(sha256(Buffer.concat(received))).toBe(sha256(down))
    theirs.destroy()
    await once(theirs, 'close')
    ours.close()
    ln.close()
  })

  it('their server, our dialer', async () => {
    const server = net.createServer((s) => s.pipe(s)) // echo
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as net.AddressInfo
    const conn = await new TCPDialer({ timeout: 5000 }).dial4(null, { address: '127.0.0.1', port })
    const msg = randomBytes(1 << 20)
    const back = Buffer.alloc(msg.length)
    const reading = (async () => {
      let n = 0
      while (n < back.length) n += await conn.readAsync(back.subarray(n))
    })()
    await conn.writeAsync(msg)
    await reading
    expect(sha256(back)).toBe(sha256(msg))
    conn.close()
    server.close()
    await once(server, 'close')
  })
})

describe('IPv6 and dual-stack', () => {
  it('IPv6 on ::1', async () => {
    const ln = listenTCP6({ address: '::1', port: 0 })
    expect(ln.address()).toMatchObject({ address: '::1', family: 'IPv6' })
    const c = dialTCP6(null, ln.address())
    const s = await ln.acceptAsync()
    await c.writeAsync(Buffer.from('v6'))
    const b = Buffer.alloc(2)
    expect(await s.readAsync(b)).toBe(2)
    expect(s.remoteFamily).toBe('IPv6')
    expect(s.remoteAddress).toBe('::1')
    for (const x of [c, s, ln]) x.close()
  })

  it("listenTCP('tcp') with no address is '::' dual-stack and accepts IPv4 clients as v4-mapped", async () => {
    const ln = listenTCP('tcp')
    expect(ln.address().address).toBe('::')
    const v4 = net.connect(ln.address().port, '127.0.0.1')
    const s = await ln.acceptAsync()
    expect(s.remoteAddress).toBe('::ffff:127.0.0.1')
    v4.destroy()
    await once(v4, 'close')
    s.close()
    ln.close()
  })

  it("listenTCP('tcp', { address: '0.0.0.0' }) is IPv4; listenTCP6 is IPv6-only", async () => {
    const a = listenTCP('tcp', { address: '0.0.0.0', port: 0 })
    expect(a.address().family).toBe('IPv4')
    const b = listenTCP6({ address: '::', port: 0 })
    const c = dialTCP('tcp', null, { address: '127.0.0.1', port: b.address().port })
    await c.waitWritable()
    expect(() => c.write(Buffer.from('x'))).toThrow(expect.objectContaining({ code: 'ECONNREFUSED' }))
    for (const x of [a, b, c]) x.close()
  })
})
