// readAsync / writeAsync over a range of the caller's buffer: (buf, offset, length?, options?).
import { describe, expect, it } from 'vitest'
import { connectedPair, randomBytes, sha256 } from './helpers.js'

describe('readAsync / writeAsync on a range of the buffer', () => {
  it('read into and write from buf[offset, offset + length) only, whether data is queued or awaited', async () => {
    const p = await connectedPair()
    p.client.setNoDelay(true)
    const out = Buffer.from('..hello..')
    expect(await p.client.writeAsync(out, 2, 5)).toBe(5)
    const buf = Buffer.alloc(10, 0x2d) // '-'
    await p.server.waitReadable()
    expect(await p.server.readAsync(buf, 3, 5)).toBe(5) // queued: the fast path
    expect(buf.toString()).toBe('---hello--')
    const waiting = p.server.readAsync(buf, 1) // nothing queued: waits; the length is the rest of buf
    expect(await p.client.writeAsync(Buffer.from('abc'), 0)).toBe(3)
    expect(await waiting).toBe(3)
    expect(buf.toString()).toBe('-abcello--')
    p.close()
  })

  it('ranged reads queued behind one another fill their own ranges, in order', async () => {
    const p = await connectedPair()
    const buf = Buffer.alloc(6, 0x2d)
    const first = p.server.readAsync(buf, 1, 2) // the socket's reused read
    const second = p.server.readAsync(buf, 4, 2) // queued behind it: an operation of its own
    p.client.write(Buffer.from('wxyz'))
    expect(await first).toBe(2)
    expect(await second).toBe(2)
    expect(buf.toString()).toBe('-wx-yz')
    p.close()
  })

  it('a ranged writeAsync that waits for room sends exactly its range', async () => {
    const p = await connectedPair()
    const data = randomBytes((4 << 20) + 17)
    const offset = 17
    const length = 4 << 20
    const writing = p.client.writeAsync(data, offset, length) // more than the socket buffers hold: it waits
    const got = Buffer.alloc(length)
    let n = 0
    while (n < length) {
      const r = await p.server.readAsync(got, n, Math.min(65536, length - n))
      expect(r).toBeGreaterThan(0)
      n += r
    }
    expect(await writing).toBe(length)
    expect(sha256(got)).toBe(sha256(data.subarray(offset, offset + length)))
    p.close()
  })

  it('a bad range rejects before any syscall, and the data stays queued', async () => {
    const p = await connectedPair()
    p.client.write(Buffer.from('keep'))
    await p.server.waitReadable()
    const buf = Buffer.alloc(8)
    for (const [offset, length] of [
      [9, undefined],
      [4, 5],
      [-1, 2],
      [1.5, 2],
      [0, -1],
      [0, 2 ** 53],
      [Number.NaN, 1],
    ]) {
      await expect(p.server.readAsync(buf, offset as number, length)).rejects.toMatchObject({ code: 'ERR_OUT_OF_RANGE' })
      await expect(p.client.writeAsync(buf, offset as number, length)).rejects.toMatchObject({ code: 'ERR_OUT_OF_RANGE' })
    }
    // a length without a numeric offset is the ranged form too: never silently ignored
    await expect(p.server.readAsync(buf, {} as never, 2)).rejects.toMatchObject({ code: 'ERR_OUT_OF_RANGE' })
    await expect(p.server.readAsync(buf, 8, 0)).rejects.toMatchObject({ code: 'ERR_OUT_OF_RANGE' }) // 0 bytes would read as end of stream
    expect(await p.client.writeAsync(buf, 8, 0)).toBe(0) // an empty write is not an error
    expect(await p.server.readAsync(buf, 2, 6)).toBe(4)
    expect(buf.toString('utf8', 2, 6)).toBe('keep')
    p.close()
  })

  it('the options come fourth in the ranged form', async () => {
    const p = await connectedPair()
    const buf = Buffer.alloc(8)
    const ac = new AbortController()
    const pending = p.server.readAsync(buf, undefined as never, undefined, { signal: ac.signal })
    ac.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    await expect(p.server.readAsync(buf, 0, 8, { signal: 'no' as never })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' })
    // the signal is read once, in either form: a getter cannot pass the check and then answer otherwise
    let reads = 0
    const fickle = {
      get signal() {
        return reads++ === 0 ? new AbortController().signal : ('junk' as never)
      },
    }
    p.client.write(Buffer.from('ab'))
    expect(await p.server.readAsync(buf, fickle)).toBeGreaterThan(0)
    expect(reads).toBe(1)
    reads = 0
    expect(await p.client.writeAsync(buf, 0, 2, fickle)).toBe(2)
    expect(reads).toBe(1)
    p.close()
  })
})
