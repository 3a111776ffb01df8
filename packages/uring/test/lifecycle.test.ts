// A ring's and a socket's lifetimes: closing either cancels what the kernel holds,
// no callback runs after close, sends keep their order, and bad input is refused
// before any request reaches the kernel.
import { describe, expect, it } from 'vitest'
import { connect } from 'node:net'
import { once } from 'node:events'
import { Ring } from '@sock/uring'
import { listenTCP4 } from '@sock/tcp'
import { listenUnix, UnixConn } from '@sock/unix'
import { NetSocket } from '@sock/core'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { hasUring } from './support.js'

const lo = { address: '127.0.0.1', port: 0 }
const closedErr = expect.objectContaining({ code: 'ERR_SOCK_CLOSED' })

/** A connected pair: [sock server side, node:net client]. */
async function pair(ring: Ring) {
  const ln = listenTCP4(lo)
  const accepted = new Promise<NetSocket>((resolve) => ring.acceptMultishot(ln, resolve))
  const client = connect(ln.address().port, '127.0.0.1')
  const server = await accepted
  await once(client, 'connect')
  return { ln, server, client }
}

/** Resolves once `pred()` holds (checked every 5 ms); bounded by the test timeout. */
const until = (pred: () => boolean) =>
  new Promise<void>((resolve) => {
    const t = setInterval(() => pred() && (clearInterval(t), resolve()), 5)
  })

describe.skipIf(!hasUring)('Ring lifecycle', () => {
  it('close() is idempotent; afterwards every method throws ERR_SOCK_CLOSED and the sockets stay usable', async () => {
    const ring = new Ring({ entries: 32, buffers: { count: 8, size: 512 } })
    const { ln, server, client } = await pair(ring)
    const data: string[] = []
    ring.recvMultishot(
      server,
      (d) => data.push(d.toString()),
      () => data.push('end'),
    )
    client.write('one')
    await until(() => data.length === 1)
    ring.close()
    ring.close()
    expect(ring.closed).toBe(true)
    expect(() =>
      ring.recvMultishot(
        server,
        () => {},
        () => {},
      ),
    ).toThrow(closedErr)
    expect(() => ring.send(server, Buffer.from('x'))).toThrow(closedErr)
    expect(() => ring.acceptMultishot(ln, () => {})).toThrow(closedErr)
    // the socket is sock's again: a readiness read gets what arrives next
    client.write('two')
    const buf = Buffer.alloc(16)
    expect(buf.toString('utf8', 0, await server.readAsync(buf))).toBe('two')
    expect(data).toEqual(['one']) // nothing after close
    // and the listener accepts with the readiness API
    const c2 = connect(ln.address().port, '127.0.0.1')
    const s2 = await ln.acceptAsync()
    for (const s of [s2, server, ln]) s.close()
    client.destroy()
    c2.destroy()
  })

  it('a socket closed while its requests are armed: they are cancelled, the peer sees EOF, nothing more is called', async () => {
    using ring = new Ring({ entries: 32, buffers: { count: 8, size: 512 } })
    const { ln, server, client } = await pair(ring)
    const calls: string[] = []
    ring.recvMultishot(
      server,
      () => calls.push('data'),
      () => calls.push('end'),
    )
    client.on('error', () => {}) // writing after the server closed: EPIPE
    const ended = once(client, 'end')
    server.close()
    await ended
    client.write('late')
    ln.close() // its multishot accept is cancelled too
    await new Promise((r) => setTimeout(r, 20))
    expect(calls).toEqual([])
    client.destroy()
  })

  it('sends go in call order; onSent hears each; closing drops the queued ones', async () => {
    using ring = new Ring({ entries: 64, buffers: { count: 8, size: 512 } })
    const { ln, server, client } = await pair(ring)
    const order: number[] = []
    const chunks = Array.from({ length: 50 }, (_, i) => Buffer.alloc(64 * 1024, i))
    let received = Buffer.alloc(0)
    client.on('data', (d) => (received = Buffer.concat([received, d])))
    for (let i = 0; i < chunks.length; i++) ring.send(server, chunks[i], (err, n) => (expect(err).toBeNull(), expect(n).toBe(chunks[i].length), order.push(i)))
    await until(() => order.length === chunks.length && received.length === 50 * 64 * 1024)
    expect(order).toEqual(chunks.map((_, i) => i))
    expect(received.equals(Buffer.concat(chunks))).toBe(true)
    // the peer stops reading: sends queue up behind a full socket buffer; close drops them
    client.pause()
    const late: (Error | null)[] = []
    for (let i = 0; i < 200; i++) ring.send(server, chunks[0], (err) => late.push(err))
    server.close()
    expect(() => ring.send(server, chunks[0])).toThrow(closedErr)
    await new Promise((r) => setTimeout(r, 50))
    expect(late.length).toBeLessThan(200) // the ones never submitted are never called
    client.destroy()
    ln.close()
  })

  it('closing the ring from inside a completion callback', async () => {
    const ring = new Ring({ entries: 32, buffers: { count: 8, size: 512 } })
    const { ln, server, client } = await pair(ring)
    let calls = 0
    ring.recvMultishot(
      server,
      () => {
        calls++
        ring.close()
      },
      () => calls++,
    )
    client.write('a')
    await until(() => calls > 0)
    client.write('b')
    await new Promise((r) => setTimeout(r, 20))
    expect(calls).toBe(1)
    expect(ring.closed).toBe(true)
    for (const s of [server, ln]) s.close()
    client.destroy()
  })

  it('a Unix listener: its connections are UnixConns', async () => {
    using ring = new Ring({ entries: 32, buffers: { count: 8, size: 512 } })
    const file = path.join(tmpdir(), `sock-uring-${process.pid}.sock`)
    const ln = listenUnix('unix', file)
    const got: string[] = []
    const conns: NetSocket[] = []
    ring.acceptMultishot(ln, (conn) => {
      conns.push(conn)
      ring.recvMultishot(
        conn,
        (d) => ring.send(conn, Buffer.from(d.toString().toUpperCase())),
        () => conn.close(),
      )
    })
    const c = connect(file)
    c.on('data', (d) => got.push(d.toString()))
    c.write('hello')
    await until(() => got.join('') === 'HELLO')
    expect(conns[0]).toBeInstanceOf(UnixConn)
    c.end()
    await once(c, 'close')
    ln.close()
  })

  it('a connection closed from its data callback, and one re-armed after the ring ran out of buffers', async () => {
    // 2 buffers of 16 bytes: a 4 KiB write arrives while both are in use at least once (ENOBUFS re-arms)
    using ring = new Ring({ entries: 32, buffers: { count: 2, size: 16 }, arenaSize: 16 })
    const { ln, server, client } = await pair(ring)
    let total = 0
    ring.recvMultishot(
      server,
      (d) => (total += d.length),
      () => {},
    )
    client.write(Buffer.alloc(4096, 1))
    await until(() => total === 4096)
    const { ln: ln3, server: s3, client: c3 } = await pair(ring)
    ring.recvMultishot(
      s3,
      () => s3.close(),
      () => {},
    )
    c3.write('x')
    await once(c3, 'end')
    for (const s of [server, ln, ln3]) s.close()
    for (const c of [client, c3]) c.destroy()
  })

  it('an AbortSignal ends a multishot receive or accept with an AbortError; the socket stays usable', async () => {
    using ring = new Ring({ entries: 32, buffers: { count: 8, size: 512 } })
    const { ln, server, client } = await pair(ring)
    const ac = new AbortController()
    const got: string[] = []
    let ended: unknown
    ring.recvMultishot(
      server,
      (d) => got.push(d.toString()),
      (err) => (ended = err),
      { signal: ac.signal },
    )
    client.write('before')
    await until(() => got.length === 1)
    ac.abort('stop')
    await until(() => ended !== undefined)
    expect(ended).toMatchObject({ code: 'ABORT_ERR', cause: 'stop' })
    client.write('after') // the readiness API gets what comes next
    const buf = Buffer.alloc(16)
    expect(buf.toString('utf8', 0, await server.readAsync(buf))).toBe('after')
    expect(got).toEqual(['before'])
    // a timeout is a signal too
    let timedOut: unknown
    ring.recvMultishot(
      server,
      () => {},
      (err) => (timedOut = err),
      { signal: AbortSignal.timeout(30) },
    )
    await until(() => timedOut !== undefined)
    expect(timedOut).toMatchObject({ code: 'ABORT_ERR', cause: expect.objectContaining({ name: 'TimeoutError' }) })
    // and a multishot accept
    const ln2 = listenTCP4(lo)
    const ac2 = new AbortController()
    let acceptEnd: unknown
    ring.acceptMultishot(
      ln2,
      (c) => c.close(),
      (err) => (acceptEnd = err),
      { signal: ac2.signal },
    )
    ac2.abort()
    await until(() => acceptEnd !== undefined)
    expect(acceptEnd).toMatchObject({ code: 'ABORT_ERR' })
    const c2 = connect(ln2.address().port, '127.0.0.1')
    const s2 = await ln2.acceptAsync() // the listener is sock's again
    expect(() =>
      ring.recvMultishot(
        server,
        () => {},
        () => {},
        { signal: AbortSignal.abort() },
      ),
    ).toThrow(expect.objectContaining({ code: 'ABORT_ERR' }))
    expect(() =>
      ring.recvMultishot(
        server,
        () => {},
        () => {},
        { signal: 'x' as never },
      ),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }))
    for (const s of [server, ln, ln2, s2]) s.close()
    for (const c of [client, c2]) c.destroy()
  })

  it('closeSocket: the ring closes the fd (IORING_OP_CLOSE) after cancelling its requests; the peer sees EOF', async () => {
    using ring = new Ring({ entries: 32, buffers: { count: 8, size: 512 } })
    const { ln, server, client } = await pair(ring)
    const calls: string[] = []
    ring.recvMultishot(
      server,
      () => calls.push('data'),
      () => calls.push('end'),
    )
    const ended = once(client, 'end')
    const closed = new Promise<Error | null>((resolve) => ring.closeSocket(server, resolve))
    expect(server.closed).toBe(true) // the socket gave its fd to the ring at once
    expect(await closed).toBeNull()
    await ended
    expect(calls).toEqual([])
    expect(() => ring.send(server, Buffer.from('x'))).toThrow(closedErr)
    expect(() => ring.closeSocket(server)).toThrow(closedErr)
    expect(() => ring.closeSocket({} as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }))
    client.destroy()
    ln.close()
  })

  it("reads an options object's signal getter once: it cannot pass the check and then hand over something else", async () => {
    using ring = new Ring({ entries: 32, buffers: { count: 8, size: 512 } })
    const { ln, server, client } = await pair(ring)
    let reads = 0
    const fickle = () => ({
      get signal() {
        return reads++ === 0 ? new AbortController().signal : ('junk' as never)
      },
    })
    const got = once(client, 'data')
    const sent = new Promise<Error | null>((resolve) => ring.send(server, Buffer.from('once'), resolve, fickle()))
    expect(await sent).toBeNull()
    expect(String((await got)[0])).toBe('once')
    expect(reads).toBe(1)
    reads = 0
    const data: string[] = []
    ring.recvMultishot(
      server,
      (d) => data.push(String(d)),
      () => {},
      fickle(),
    )
    expect(reads).toBe(1)
    client.write('back')
    await until(() => data.join('') === 'back')
    ring.cancel(server)
    server.close()
    client.destroy()
    ln.close()
  })

  it('refuses bad arguments before any request (TypeError / RangeError / coded errors)', () => {
    const type = expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' })
    const range = expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' })
    expect(() => new Ring(null as never)).toThrow(type)
    expect(() => new Ring({ entries: 0 })).toThrow(range)
    expect(() => new Ring({ entries: 1.5 })).toThrow(range)
    expect(() => new Ring({ buffers: { count: 3 } })).toThrow(range)
    expect(() => new Ring({ buffers: { count: 65536 } })).toThrow(range)
    expect(() => new Ring({ buffers: { size: 0 } })).toThrow(range)
    expect(() => new Ring({ buffers: { size: 4096 }, arenaSize: 100 })).toThrow(range)
    using ring = new Ring({ entries: 8, buffers: { count: 2, size: 64 } })
    const ln = listenTCP4(lo)
    try {
      expect(() => ring.acceptMultishot({} as never, () => {})).toThrow(type)
      expect(() => ring.acceptMultishot(ln, 'nope' as never)).toThrow(type)
      expect(() => ring.recvMultishot(ln, () => {}, 1 as never)).toThrow(type)
      expect(() => ring.send(ln, 'text' as never)).toThrow(type)
      expect(() => ring.send(ln, Buffer.alloc(1), 5 as never)).toThrow(type)
      ring.acceptMultishot(ln, () => {})
      expect(() => ring.acceptMultishot(ln, () => {})).toThrow(expect.objectContaining({ code: 'ERR_SOCK_BUSY' }))
    } finally {
      ln.close()
    }
    expect(() => ring.send(ln, Buffer.alloc(1))).toThrow(closedErr)
  })
})
