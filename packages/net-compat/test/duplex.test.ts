// Behaviours from Node's own test/parallel/test-net-*.js, re-expressed against toDuplex.
import { describe, expect, it } from 'vitest'
import net from 'node:net'
import { once } from 'node:events'
import { createHash } from 'node:crypto'
import { listenTCP4, dialTCP4, type TCPConn } from '@sock/tcp'
import { unixConnPair } from '@sock/unix'
import { toDuplex, SockDuplex } from '@sock/net-compat'

const lo = { address: '127.0.0.1', port: 0 }

async function pair(): Promise<[TCPConn, TCPConn, () => void]> {
  const ln = listenTCP4(lo)
  const c = dialTCP4(null, ln.address())
  const s = await ln.acceptAsync()
  await c.waitWritable()
  return [c, s, () => ln.close()]
}

describe('toDuplex, against behaviours of test/parallel/test-net-*.js', () => {
  it('net.Socket properties (test-net-socket-local-address, test-net-remote-address-port)', async () => {
    const [c, s, done] = await pair()
    const d = toDuplex(c)
    expect(d.remoteAddress).toBe('127.0.0.1')
    expect(d.remotePort).toBe(s.localPort)
    expect(d.remoteFamily).toBe('IPv4')
    expect(d.localPort).toBe(c.localPort)
    expect(d.address()).toEqual({ address: '127.0.0.1', family: 'IPv4', port: c.localPort })
    expect(d.readyState).toBe('open')
    expect(d.connecting).toBe(false)
    expect(d.setNoDelay(true)).toBe(d)
    expect(d.setKeepAlive(true, 1000)).toBe(d)
    d.destroy()
    await once(d, 'close')
    expect(c.closed).toBe(true) // the Duplex owns the connection
    expect(d.remoteAddress).toBeUndefined()
    s.close()
    done()
  })

  it('half-close: end() shuts down writing while reading goes on (test-net-allow-half-open)', async () => {
    const [c, s, done] = await pair()
    const d = toDuplex(c, { allowHalfOpen: true })
    d.end('request')
    const buf = Buffer.alloc(16)
    expect(buf.toString('utf8', 0, await s.readAsync(buf))).toBe('request')
    expect(await s.readAsync(buf)).toBe(0) // our end of stream reached the peer
    await s.writeAsync(Buffer.from('response'))
    s.shutdown('write')
    let got = ''
    d.setEncoding('utf8')
    d.on('data', (x) => (got += x))
    await once(d, 'end')
    expect(got).toBe('response')
    d.destroy()
    s.close()
    done()
  })

  it('without allowHalfOpen the writable side ends when the peer ends (test-net-socket-end-callback)', async () => {
    const [c, s, done] = await pair()
    const d = toDuplex(c)
    d.resume()
    s.shutdown('write')
    await once(d, 'close')
    const buf = Buffer.alloc(4)
    expect(await s.readAsync(buf)).toBe(0) // we ended too
    s.close()
    done()
  })

  it('pause / resume: nothing is delivered while paused (test-net-pause-resume-connecting)', async () => {
    const [c, s, done] = await pair()
    const d = toDuplex(c)
    const chunks: Buffer[] = []
    d.on('data', (x) => chunks.push(x))
    d.pause()
    await s.writeAsync(Buffer.from('while paused'))
    await new Promise((r) => setTimeout(r, 50))
    expect(chunks).toHaveLength(0)
    d.resume()
    while (Buffer.concat(chunks).length < 12) await once(d, 'data') // delivered once resumed (no fixed wait)
    expect(Buffer.concat(chunks).toString()).toBe('while paused')
    d.destroy()
    s.close()
    done()
  })

  it('large writes with backpressure (test-net-write-after-close, test-net-large-string)', async () => {
    const [c, s, done] = await pair()
    const d = toDuplex(c, { allowHalfOpen: true })
    const chunk = Buffer.alloc(1 << 20, 0x42)
    let sawBackpressure = false
    const total = 16
    const hash = createHash('sha256')
    for (let i = 0; i < total; i++) hash.update(chunk)
    const expected = hash.digest('hex')
    const writing = (async () => {
      for (let i = 0; i < total; i++) {
        if (!d.write(chunk)) {
          sawBackpressure = true
          await once(d, 'drain')
        }
      }
      d.end()
    })()
    // the peer reads slowly at first, so the kernel buffers fill
    await new Promise((r) => setTimeout(r, 50))
    const got = createHash('sha256')
    const buf = Buffer.alloc(1 << 16)
    let n = 0
    for (;;) {
      const r = await s.readAsync(buf)
      if (r === 0) break
      got.update(buf.subarray(0, r))
      n += r
    }
    await writing
    expect(n).toBe(total * chunk.length)
    expect(got.digest('hex')).toBe(expected)
    expect(sawBackpressure).toBe(true)
    expect(d.bytesWritten).toBe(n)
    d.destroy()
    s.close()
    done()
  })

  it('destroy(err) emits error then close and closes the socket (test-net-socket-destroy-twice, test-net-destroy-with-error)', async () => {
    const [c, s, done] = await pair()
    const d = toDuplex(c)
    const events: string[] = []
    d.on('error', (e) => events.push(`error:${e.message}`))
    d.on('close', (hadError: boolean) => events.push(`close:${hadError}`))
    const closed = new Promise((r) => d.on('close', r))
    d.destroy(new Error('boom'))
    d.destroy() // twice is harmless
    await closed
    expect(events).toEqual(['error:boom', 'close:true'])
    expect(c.closed).toBe(true)
    const buf = Buffer.alloc(4)
    expect(await s.readAsync(buf)).toBe(0)
    s.close()
    done()
  })

  it("a peer reset surfaces as an 'error' with code ECONNRESET (test-net-reset)", async () => {
    const [c, s, done] = await pair()
    const d = toDuplex(c)
    d.resume()
    const peer = toDuplex(s)
    peer.resetAndDestroy()
    const [err] = await once(d, 'error')
    expect(err.code).toBe('ECONNRESET')
    done()
  })

  it("setTimeout emits 'timeout' after inactivity and keeps the socket open (test-net-socket-timeout)", async () => {
    const [c, s, done] = await pair()
    const d = toDuplex(c)
    d.resume()
    const t0 = performance.now()
    let fired = 0
    d.setTimeout(50, () => fired++)
    expect(d.timeout).toBe(50)
    await once(d, 'timeout')
    expect(performance.now() - t0).toBeGreaterThanOrEqual(45)
    expect(d.destroyed).toBe(false)
    d.setTimeout(0)
    expect(d.timeout).toBeUndefined()
    expect(fired).toBe(1)
    d.destroy()
    s.close()
    done()
  })

  it('works over a unix stream pair too, and interoperates with node:net', async () => {
    const [a, b] = unixConnPair('unix')
    const d = toDuplex(a)
    expect(d).toBeInstanceOf(SockDuplex)
    const theirs = new net.Socket({ fd: b.detach(), readable: true, writable: true })
    const got = once(theirs, 'data')
    d.write('over unix')
    expect(String((await got)[0])).toBe('over unix')
    d.destroy()
    theirs.destroy()
    await once(theirs, 'close')
  })
})
