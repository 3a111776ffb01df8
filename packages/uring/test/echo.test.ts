// The echo server, as written: multishot accept, multishot receive over the
// provided buffers, send of each chunk; against node:net clients, checksummed (up to
// 10,000 connections open at once).
import { describe, expect, it } from 'vitest'
import { createHash, randomBytes } from 'node:crypto'
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import path from 'node:path'
import { connect, type Socket } from 'node:net'
import { once } from 'node:events'
import { Ring } from '@sock/uring'
import { listenTCP4, TCPConn } from '@sock/tcp'
import type { NetSocket } from '@sock/core'
import { readFileSync } from 'node:fs'
import { hasUring } from './support.js'
import { prerequisite } from '../../../test-support/prerequisites.js'

/** Room for 10,000 sockets in this process (RLIMIT_NOFILE's soft limit, from /proc/self/limits). */
const nofile = Number(/Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? 0)
const manyFds = prerequisite(`RLIMIT_NOFILE >= 10500 (it is ${nofile})`, nofile >= 10_500)

const lo = { address: '127.0.0.1', port: 0 }

/** An echo server on a ring; returns the listener and the connections it accepted. */
function echoServer(ring: Ring) {
  const ln = listenTCP4(lo, { backlog: 4096 })
  const conns: NetSocket[] = []
  ring.acceptMultishot(ln, (conn) => {
    conns.push(conn)
    ring.recvMultishot(
      conn,
      (data) => ring.send(conn, data),
      () => conn.close(),
    )
  })
  return { ln, conns }
}

/** A node:net client sending `total` bytes in chunks and reading the echo; resolves with both digests. */
async function client(port: number, total: number, chunk: number, seed: number): Promise<[string, string]> {
  const c: Socket = connect(port, '127.0.0.1')
  await once(c, 'connect')
  const sent = createHash('sha256')
  const got = createHash('sha256')
  let received = 0
  const done = new Promise<void>((resolve, reject) => {
    c.on('data', (d) => {
      got.update(d)
      received += d.length
      if (received === total) resolve()
    })
    c.on('error', reject)
  })
  for (let off = 0; off < total; off += chunk) {
    const b = Buffer.alloc(Math.min(chunk, total - off), (seed + off) & 0xff)
    b.writeUInt32LE(off ^ seed, 0)
    sent.update(b)
    if (!c.write(b)) await once(c, 'drain')
  }
  await done
  c.end()
  await once(c, 'close')
  return [sent.digest('hex'), got.digest('hex')]
}

describe.skipIf(!hasUring)('Ring: an echo server of multishot accept, multishot recv and send', () => {
  it('echoes every byte to node:net clients, in order', async () => {
    using ring = new Ring({ entries: 256, buffers: { count: 256, size: 4096 } })
    const { ln, conns } = echoServer(ring)
    const port = ln.address().port
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => client(port, 200_000 + i * 997, 1000 + i * 313, i)))
    for (const [sent, got] of results) expect(got).toBe(sent)
    expect(conns).toHaveLength(20)
    for (const c of conns) expect(c).toBeInstanceOf(TCPConn) // the listener's accept() class
    ln.close()
  })

  it('1000 connections at once, one message each way, none lost', async () => {
    using ring = new Ring({ entries: 1024, buffers: { count: 1024, size: 2048 } })
    const { ln } = echoServer(ring)
    const port = ln.address().port
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => client(port, 64, 64, i)))
    for (const [sent, got] of results) expect(got).toBe(sent)
    ln.close()
  })

  it.runIf(manyFds)(
    '10,000 connections open at once (the server in a child process), a checksummed message each way on every one',
    async () => {
      const server = spawn(process.execPath, [path.join(import.meta.dirname, 'fixtures', 'echo-server.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] })
      const lines = createInterface({ input: server.stdout! })[Symbol.asyncIterator]()
      const port = Number((await lines.next()).value)
      const N = 10_000
      const clients: Socket[] = []
      for (let wave = 0; wave < N / 1000; wave++) {
        const batch = Array.from({ length: 1000 }, () => connect(port, '127.0.0.1'))
        await Promise.all(batch.map((c) => once(c, 'connect')))
        clients.push(...batch)
      }
      // every connection is open; now 256 bytes each way on each, its own bytes
      const sent = createHash('sha256')
      const got = createHash('sha256')
      const echoes = await Promise.all(
        clients.map((c, i) => {
          const b = randomBytes(256)
          b.writeUInt32LE(i, 0)
          sent.update(b)
          const chunks: Buffer[] = []
          let n = 0
          const echoed = new Promise<Buffer>((resolve) =>
            c.on('data', (d: Buffer) => {
              chunks.push(d)
              if ((n += d.length) === 256) resolve(Buffer.concat(chunks))
            }),
          )
          c.write(b)
          return echoed
        }),
      )
      for (const e of echoes) got.update(e)
      expect(got.digest('hex')).toBe(sent.digest('hex'))
      await Promise.all(clients.map((c) => (c.end(), once(c, 'close'))))
      server.stdin!.end()
      expect(Number((await lines.next()).value)).toBe(N)
      await once(server, 'exit')
    },
    120_000,
  )

  it('a peer closing ends the receive with null; the server closing sends FIN', async () => {
    using ring = new Ring({ entries: 64, buffers: { count: 16, size: 1024 } })
    const ln = listenTCP4(lo)
    const ended: (Error | null)[] = []
    let server: NetSocket | undefined
    const accepted = new Promise<void>((resolve) =>
      ring.acceptMultishot(ln, (conn) => {
        server = conn
        ring.recvMultishot(
          conn,
          () => {},
          (err) => ended.push(err),
        )
        resolve()
      }),
    )
    const a = connect(ln.address().port, '127.0.0.1')
    await accepted
    a.end()
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => ended.length && (clearInterval(poll), resolve()), 5)
    })
    expect(ended).toEqual([null])
    server!.close()
    await once(a, 'close')
    // the server side closes while its receive is armed: the peer sees the FIN at once
    const b = connect(ln.address().port, '127.0.0.1')
    await once(b, 'connect')
    const bEnded = once(b, 'end')
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => server!.closed === false && (clearInterval(poll), resolve()), 5)
    })
    server!.close()
    await bEnded
    b.destroy()
    expect(ended).toEqual([null]) // no callback after close()
    ln.close()
  })
})
