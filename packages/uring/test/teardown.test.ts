// Teardown the user does not drive: a worker exiting with requests armed, a view's
// memory detached by JS, many rings and sockets made and dropped.
import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { connect } from 'node:net'
import { once } from 'node:events'
import { readdirSync, readlinkSync } from 'node:fs'
import path from 'node:path'
import { Ring } from '@sock/uring'
import { listenTCP4 } from '@sock/tcp'
import { hasUring } from './support.js'

const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name)

describe.skipIf(!hasUring)('Ring teardown', () => {
  it('workers exit (process.exit and terminate) with multishot requests armed and sends queued', () => {
    const r = spawnSync(process.execPath, [fixture('worker-exit.mjs'), '10'], { cwd: path.join(import.meta.dirname, '..'), encoding: 'utf8', timeout: 60_000 })
    expect(r.stderr).toBe('')
    expect(r.signal).toBeNull()
    expect(r.stdout.trim()).toBe('ok 10')
    expect(r.status).toBe(0)
  })

  it('sends aborted queued, in flight and after completing, zero-copy and plain: one callback each, the peer gets exactly the bytes counted', () => {
    const r = spawnSync(process.execPath, [fixture('send-abort.mjs'), '60'], { cwd: path.join(import.meta.dirname, '..'), encoding: 'utf8', timeout: 60_000 })
    expect(r.stderr).toBe('')
    expect(r.stdout.trim()).toBe('ok 60')
    expect(r.status).toBe(0)
  })

  it('100,000 socket lifetimes on one ring (receive armed, a send, both closed) leave no fd, request or JS object behind', () => {
    const r = spawnSync(process.execPath, ['--expose-gc', fixture('cycles.mjs'), '100000'], {
      cwd: path.join(import.meta.dirname, '..'),
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    type Mark = { fds: number; inflight: number; heap: number; rss: number }
    const { base, before, marks, after } = JSON.parse(r.stdout) as { base: number; before: number; marks: Mark[]; after: number }
    for (const m of marks) expect(m).toMatchObject({ fds: before, inflight: 0 })
    expect(after).toBe(base) // the ring's own fds are closed too
    // after a GC, the JS heap is where it was at 10,000 (a leaked object per cycle would add megabytes)
    expect(marks[2].heap - marks[0].heap).toBeLessThan(1 << 20)
    // native memory levels off (here ~90 MB by 100,000 cycles, the same at 300,000): a gross leak
    // (a send's copy, a socket's handle per cycle) would pass 64 MB over the last 90,000
    expect(marks[2].rss - marks[0].rss).toBeLessThan(64 << 20)
  })

  it('a view whose buffer JS transfers away: the ring stops writing, reports ERR_INVALID_STATE and closes', async () => {
    const ring = new Ring({ entries: 32, buffers: { count: 8, size: 512 } })
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const ends: (Error | null)[] = []
    let first = true
    ring.acceptMultishot(ln, (conn) => {
      ring.recvMultishot(
        conn,
        (view) => {
          if (first) structuredClone(view.buffer, { transfer: [view.buffer as ArrayBuffer] }) // the ring's arena
          first = false
        },
        (err) => {
          ends.push(err)
          conn.close()
        },
      )
    })
    const c = connect(ln.address().port, '127.0.0.1')
    c.on('error', () => {})
    await once(c, 'connect')
    c.write('one')
    await new Promise<void>((resolve) => {
      const t = setInterval(() => ends.length && (clearInterval(t), resolve()), 5)
    })
    expect(ends).toEqual([expect.objectContaining({ code: 'ERR_INVALID_STATE' })])
    expect(ring.closed).toBe(true)
    c.destroy()
    ln.close()
  })

  it('2000 rings made and closed, 20000 sends and 500 connections through one: no fd or memory left behind', async () => {
    // io_uring fds (sockets: the file's fd-leak check covers them)
    const fds = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return /io_uring/.test(readlinkSync(`/proc/self/fd/${fd}`))
        } catch {
          return false
        }
      }).length
    const before = fds()
    for (let i = 0; i < 2000; i++) new Ring({ entries: 8, buffers: { count: 4, size: 256 } }).close()
    expect(fds()).toBe(before)
    const ring = new Ring({ entries: 256, buffers: { count: 64, size: 1024 } })
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 }, { backlog: 1024 })
    let accepted = 0
    ring.acceptMultishot(ln, (conn) => {
      accepted++
      ring.recvMultishot(
        conn,
        (d) => ring.send(conn, d),
        () => conn.close(),
      )
    })
    const rss0 = process.memoryUsage().rss
    for (let round = 0; round < 10; round++) {
      const clients = await Promise.all(
        Array.from({ length: 50 }, async () => {
          const c = connect(ln.address().port, '127.0.0.1')
          await once(c, 'connect')
          return c
        }),
      )
      // 40 round trips per connection per round: 20000 sends in all
      await Promise.all(
        clients.map(async (c) => {
          for (let k = 0; k < 40; k++) {
            c.write('x'.repeat(32))
            let got = 0
            while (got < 32) got += ((await once(c, 'data')) as [Buffer])[0].length
          }
          c.end()
          await once(c, 'close')
        }),
      )
    }
    expect(accepted).toBe(500)
    ln.close()
    ring.close()
    await new Promise((r) => setTimeout(r, 20))
    expect(fds()).toBe(before)
    expect(process.memoryUsage().rss - rss0).toBeLessThan(64 << 20)
  })
})
