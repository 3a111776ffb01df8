import { describe, expect, it } from 'vitest'
import { WOULD_BLOCK, constants as C } from '@sock/core'
import { connectedPair, randomBytes, sha256 } from './helpers.js'

describe('synchronous I/O', () => {
  it('read returns a byte count or WOULD_BLOCK, never blocks or throws for EAGAIN', async () => {
    const p = await connectedPair()
    const buf = Buffer.alloc(64)
    expect(p.server.read(buf)).toBe(WOULD_BLOCK)
    expect(WOULD_BLOCK).toBeLessThan(0)
    p.client.setNoDelay(true)
    expect(p.client.write(Buffer.from('ping'))).toBe(4)
    await p.server.waitReadable()
    expect(p.server.read(buf)).toBe(4)
    expect(buf.toString('utf8', 0, 4)).toBe('ping')
    expect(() => p.server.read(buf, 0, 0)).toThrow(RangeError)
    expect(() => p.server.read(buf, 60, 10)).toThrow(RangeError)
    p.close()
  })

  it('a read deadline makes read wait on poll(2) and throw ETIMEDOUT', async () => {
    const p = await connectedPair()
    const buf = Buffer.alloc(8)
    const t0 = performance.now() // before the deadline is set: a busy machine may pause us in between
    p.server.setReadDeadline(Date.now() + 50)
    expect(() => p.server.read(buf)).toThrow(expect.objectContaining({ code: 'ETIMEDOUT', deadlineExceeded: true }))
    expect(performance.now() - t0).toBeGreaterThanOrEqual(48) // Date.now() counts whole ms
    p.server.setReadDeadline(new Date(Date.now() + 5000))
    p.client.write(Buffer.from('now!'))
    expect(p.server.read(buf)).toBe(4)
    p.close()
  })

  it('readv / writev scatter and gather', async () => {
    const p = await connectedPair()
    expect(p.client.writev([Buffer.from('ab'), Buffer.from('cde')])).toBe(5)
    await p.server.waitReadable()
    const x = Buffer.alloc(3)
    const y = Buffer.alloc(3)
    expect(p.server.readv([x, y])).toBe(5)
    expect(Buffer.concat([x, y.subarray(0, 2)]).toString()).toBe('abcde')
    p.close()
  })

  it('SO_LINGER {1, 0} on the peer gives ECONNRESET, then end of stream', async () => {
    const p = await connectedPair()
    const linger = new Uint8Array(8)
    new DataView(linger.buffer).setInt32(0, 1, true) // l_onoff = 1, l_linger = 0
    p.client.setsockopt(C.SOL_SOCKET, C.SO_LINGER, linger)
    p.client.close()
    await p.server.waitReadable()
    const buf = Buffer.alloc(8)
    expect(() => p.server.read(buf)).toThrow(expect.objectContaining({ code: 'ECONNRESET', syscall: 'read' }))
    expect(p.server.read(buf)).toBe(0)
    p.close()
  })

  it("shutdown('write'): the peer reads end of stream while the other direction still works", async () => {
    const p = await connectedPair()
    p.client.shutdown('write')
    await p.server.waitReadable()
    const buf = Buffer.alloc(8)
    expect(p.server.read(buf)).toBe(0)
    expect(p.server.read(buf)).toBe(0) // end of stream stays
    expect(p.server.write(Buffer.from('back'))).toBe(4)
    await p.client.waitReadable()
    expect(p.client.read(buf)).toBe(4)
    expect(() => p.client.write(Buffer.from('x'))).toThrow(expect.objectContaining({ code: 'EPIPE' }))
    p.close()
  })

  it('writeAll writes everything, waiting with poll(2) when the buffer is full', async () => {
    const p = await connectedPair()
    const data = randomBytes(4 << 20)
    const got: Buffer[] = []
    let n = 0
    const reading = (async () => {
      const b = Buffer.alloc(65536)
      while (n < data.length) {
        const r = await p.server.readAsync(b)
        got.push(Buffer.from(b.subarray(0, r)))
        n += r
      }
    })()
    // writeAll blocks this thread, so run it in slices the reader can keep up with
    for (let off = 0; off < data.length; off += 1 << 20) {
      expect(p.client.writeAll(data, off, 1 << 20)).toBe(1 << 20)
      await new Promise((r) => setTimeout(r, 1))
    }
    await reading
    expect(sha256(Buffer.concat(got))).toBe(sha256(data))
    p.close()
  })
})

describe('asynchronous I/O', () => {
  it('transfers 1 MiB each way concurrently, checksummed', async () => {
    const p = await connectedPair()
    const a = randomBytes(1 << 20)
    const b = randomBytes((1 << 20) + 17).subarray(17)
    async function readAll(conn: typeof p.client, n: number): Promise<Buffer> {
      const out = Buffer.alloc(n)
      let off = 0
      while (off < n) {
        const r = await conn.readAsync(out.subarray(off))
        if (r === 0) throw new Error('unexpected end of stream')
        off += r
      }
      return out
    }
    const [wa, wb, ra, rb] = await Promise.all([p.client.writeAsync(a), p.server.writeAsync(b), readAll(p.server, a.length), readAll(p.client, b.length)])
    expect(wa).toBe(a.length)
    expect(wb).toBe(b.length)
    expect(sha256(ra)).toBe(sha256(a))
    expect(sha256(rb)).toBe(sha256(b))
    p.close()
  })

  it('queues reads FIFO', async () => {
    const p = await connectedPair()
    const bufs = [Buffer.alloc(1), Buffer.alloc(1), Buffer.alloc(1)]
    const order: number[] = []
    const reads = bufs.map((b, i) => p.server.readAsync(b).then(() => order.push(i)))
    p.client.write(Buffer.from('xyz'))
    await Promise.all(reads)
    expect(order).toEqual([0, 1, 2])
    expect(Buffer.concat(bufs).toString()).toBe('xyz')
    p.close()
  })

  it('close() rejects pending reads with ERR_SOCK_CLOSED; a rejected writeAsync carries bytesWritten', async () => {
    const p = await connectedPair()
    const r = p.client.readAsync(Buffer.alloc(4))
    const w = p.client.writeAsync(Buffer.alloc(32 << 20)).catch((e) => e)
    await new Promise((res) => setTimeout(res, 20))
    p.server.close()
    p.client.close()
    await expect(r).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
    const err = await w
    expect(err.code).toBe('ERR_SOCK_CLOSED')
    expect(err.bytesWritten).toBeGreaterThan(0)
    expect(err.bytesWritten).toBeLessThan(32 << 20)
    p.ln.close()
  })

  it('readAsync honours AbortSignal and the read deadline', async () => {
    const p = await connectedPair()
    const ac = new AbortController()
    const r = p.server.readAsync(Buffer.alloc(4), { signal: ac.signal })
    ac.abort()
    await expect(r).rejects.toMatchObject({ name: 'AbortError', code: 'ABORT_ERR' })
    p.server.setReadDeadline(Date.now() + 30)
    await expect(p.server.readAsync(Buffer.alloc(4))).rejects.toMatchObject({ code: 'ETIMEDOUT', deadlineExceeded: true })
    p.server.setReadDeadline(0)
    const ok = p.server.readAsync(Buffer.alloc(4))
    p.client.write(Buffer.from('ok'))
    expect(await ok).toBe(2)
    p.close()
  })

  it('an unref()ed socket waiting for data does not keep the process alive, a ref()ed one does', async () => {
    const { spawnSync } = await import('node:child_process')
    // An unref()ed timer fires only while something else keeps the loop alive: 'alive' says the
    // waiting socket does, an exit without output says it does not. The reused accept and read
    // wait on the addon's promise slots, which hold the loop with no watch() call of their own.
    const script = (wait: string, unref: boolean) => `
      import { listenTCP4, dialTCP4 } from '@sock/tcp'
      const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
      globalThis.client = dialTCP4(null, ln.address()) // held: a collected client would close, and the read end
      const conn = await ln.acceptAsync()
      const waiting = ${wait === 'accept' ? 'ln' : 'conn'}
      ${unref ? 'waiting.unref()' : ''}
      ${wait === 'accept' ? 'ln.acceptAsync()' : 'conn.readAsync(Buffer.alloc(4))'}.catch(() => {})
      setTimeout(() => { console.log('alive'); process.exit(0) }, 200).unref()
    `
    const run = (wait: string, unref: boolean) =>
      spawnSync(process.execPath, ['--input-type=module', '-e', script(wait, unref)], { cwd: import.meta.dirname, encoding: 'utf8', timeout: 30_000 })
    for (const wait of ['accept', 'read']) {
      const u = run(wait, true)
      expect(u.stderr).toBe('')
      expect([wait, u.status, u.stdout]).toEqual([wait, 0, ''])
      const r = run(wait, false)
      expect(r.stderr).toBe('')
      expect([wait, r.status, r.stdout.trim()]).toEqual([wait, 0, 'alive'])
    }
  })
})
