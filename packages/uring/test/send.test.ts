// Sends beyond the plain ones: zero-copy sends (IORING_OP_SEND_ZC, their bytes held until the
// kernel's notification) and sends ended by an AbortSignal, against node:net peers.
import { describe, expect, it } from 'vitest'
import { connect, type Socket } from 'node:net'
import { once } from 'node:events'
import { createHash, randomBytes } from 'node:crypto'
import { Ring } from '@sock/uring'
import { listenTCP4 } from '@sock/tcp'
import type { NetSocket } from '@sock/core'
import { hasUring } from './support.js'

/** A connected pair: [sock server side, node:net client]. */
async function pair(ring: Ring) {
  const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
  const accepted = new Promise<NetSocket>((resolve) => ring.acceptMultishot(ln, resolve))
  const client = connect(ln.address().port, '127.0.0.1')
  const server = await accepted
  await once(client, 'connect')
  ln.close()
  return { server, client }
}

/** Everything `client` receives until EOF. */
async function drain(client: Socket): Promise<Buffer> {
  const chunks: Buffer[] = []
  client.on('data', (d: Buffer) => chunks.push(d))
  await once(client, 'end')
  return Buffer.concat(chunks)
}

/** A send's result, as a promise. */
function sent(ring: Ring, sock: NetSocket, data: Uint8Array, signal?: AbortSignal) {
  return new Promise<{ err: Error | null; bytes: number }>((resolve) => ring.send(sock, data, (err, bytes) => resolve({ err, bytes }), { signal }))
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

describe.skipIf(!hasUring)('Ring sends', () => {
  it('zero-copy sends (IORING_OP_SEND_ZC from zeroCopyMin bytes) arrive whole and in order with plain ones, and are handed back', async () => {
    const ring = new Ring({ entries: 64, buffers: { count: 8, size: 1024 }, zeroCopyMin: 16384 })
    expect(ring.zeroCopyMin).toBe(16384) // Linux 6.0 has SEND_ZC, and the uring suites need 6.0
    const { server, client } = await pair(ring)
    const received = drain(client)
    const parts: Buffer[] = []
    const results: Promise<{ err: Error | null; bytes: number }>[] = []
    for (let i = 0; i < 40; i++) {
      const part = randomBytes(i % 2 === 0 ? 65536 + i * 1000 : 100 + i) // every other one large
      parts.push(part)
      results.push(sent(ring, server, part))
    }
    const done = await Promise.all(results)
    expect(done.map((d) => d.err)).toEqual(parts.map(() => null))
    expect(done.map((d) => d.bytes)).toEqual(parts.map((p) => p.length))
    server.close()
    expect(sha(await received)).toBe(sha(Buffer.concat(parts)))
    // every zero-copy send's notification came (a short send resubmitted makes more than one)
    const stats = ring.stats()
    expect(stats.zeroCopySends).toBeGreaterThanOrEqual(20)
    expect(stats.zeroCopyCopied).toBeLessThanOrEqual(stats.zeroCopySends)
    expect(stats.inflight).toBe(0)
    ring.close()
    client.destroy()
  })

  it('closing the ring with zero-copy sends stuck on a peer that does not read waits for their notifications', async () => {
    const ring = new Ring({ entries: 64, buffers: { count: 8, size: 1024 }, zeroCopyMin: 1 })
    const { server, client } = await pair(ring)
    client.pause()
    server.setSendBufferSize(65536)
    const big = randomBytes(8 << 20)
    const results = [sent(ring, server, big), sent(ring, server, big.subarray(0, 1 << 20))]
    expect(ring.stats().inflight).toBeGreaterThan(0)
    ring.close() // cancels, and reaps until every notification is in: the bytes are freed only then
    expect(ring.stats()).toEqual({ inflight: 0, queued: 0, zeroCopySends: 0, zeroCopyCopied: 0 })
    // closed rings call nothing back: the sends stay unsettled
    const settled = await Promise.race([Promise.any(results).then(() => true), new Promise((r) => setImmediate(() => r(false)))])
    expect(settled).toBe(false)
    server.close()
    client.destroy()
  })

  it('without zeroCopyMin no send is zero-copy; zeroCopyMin out of range is a RangeError', async () => {
    const ring = new Ring({ entries: 8, buffers: { count: 2, size: 256 } })
    expect(ring.zeroCopyMin).toBe(null)
    const { server, client } = await pair(ring)
    const received = drain(client)
    expect((await sent(ring, server, randomBytes(100000))).bytes).toBe(100000)
    server.close()
    expect((await received).length).toBe(100000)
    expect(ring.stats().zeroCopySends).toBe(0)
    ring.close()
    expect(() => new Ring({ zeroCopyMin: -1 })).toThrow(RangeError)
    expect(() => new Ring({ zeroCopyMin: 2 ** 31 })).toThrow(RangeError)
    expect(() => new Ring({ zeroCopyMin: 1.5 })).toThrow(RangeError)
  })

  it('an aborted send stops where it is, those queued after it are dropped, and the stream goes on with the next send', async () => {
    const ring = new Ring({ entries: 64, buffers: { count: 8, size: 1024 } })
    const { server, client } = await pair(ring)
    client.pause() // nothing is read: the large send cannot complete
    server.setSendBufferSize(65536)
    const a = randomBytes(16 << 20)
    const acA = new AbortController()
    const acC = new AbortController()
    const order: string[] = []
    const resA = sent(ring, server, a, acA.signal).then((r) => (order.push('A'), r))
    const resB = sent(ring, server, Buffer.from('B'.repeat(100))).then((r) => (order.push('B'), r))
    const resC = sent(ring, server, Buffer.from('C'.repeat(100)), acC.signal).then((r) => (order.push('C'), r))
    acC.abort(new Error('C no more')) // queued, never started: dropped, nothing of it sent
    const c = await resC
    expect(c.err).toMatchObject({ name: 'AbortError', code: 'ABORT_ERR', cause: expect.objectContaining({ message: 'C no more' }) })
    expect(c.bytes).toBe(0)
    acA.abort() // in flight: cancelled where it is; B, queued after it, is dropped
    const [rA, rB] = await Promise.all([resA, resB])
    expect(order).toEqual(['C', 'B', 'A'])
    expect(rB.err).toMatchObject({ name: 'AbortError' })
    expect(rB.bytes).toBe(0)
    expect(rA.err).toMatchObject({ name: 'AbortError' })
    expect(rA.bytes).toBeGreaterThan(0) // the socket buffers took some before it blocked
    expect(rA.bytes).toBeLessThan(a.length)
    // the stream holds exactly what A's callback counted, then what is sent next
    const d = Buffer.from('the next message')
    expect(await sent(ring, server, d)).toEqual({ err: null, bytes: d.length })
    server.close()
    client.resume()
    const got = await drain(client)
    expect(got.length).toBe(rA.bytes + d.length)
    expect(sha(got)).toBe(sha(Buffer.concat([a.subarray(0, rA.bytes), d])))
    expect(ring.stats().inflight).toBe(0)
    ring.close()
    client.destroy()
  })

  it('AbortSignal.timeout(ms) is a send timeout; an aborted signal at the call throws, a bad one is a TypeError', async () => {
    const ring = new Ring({ entries: 16, buffers: { count: 2, size: 256 } })
    const { server, client } = await pair(ring)
    client.pause()
    server.setSendBufferSize(65536)
    const r = await sent(ring, server, randomBytes(16 << 20), AbortSignal.timeout(20))
    expect(r.err).toMatchObject({ name: 'AbortError', cause: expect.objectContaining({ name: 'TimeoutError' }) })
    expect(() => ring.send(server, Buffer.from('x'), undefined, { signal: AbortSignal.abort() })).toThrow(expect.objectContaining({ name: 'AbortError' }))
    expect(() => ring.send(server, Buffer.from('x'), undefined, { signal: {} as AbortSignal })).toThrow(TypeError)
    // a signal that fires after its send completed changes nothing
    client.resume()
    const ac = new AbortController()
    expect(await sent(ring, server, Buffer.from('late'), ac.signal)).toEqual({ err: null, bytes: 4 })
    ac.abort()
    server.close()
    ring.close()
    client.destroy()
  })
})
