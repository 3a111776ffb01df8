// readv/writev take an array of the caller's: reading it can run getters. They
// run before the fd is read and before any buffer's memory is taken, so a
// getter that detaches a buffer or closes the socket cannot make the kernel
// write freed memory or reach a reused fd number.
import { describe, expect, it } from 'vitest'
import { listenTCP4, dialTCP4, type TCPConn } from '@sock/tcp'

async function pair(): Promise<[TCPConn, TCPConn, () => void]> {
  const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
  const client = dialTCP4(null, ln.address())
  const server = await ln.acceptAsync()
  return [client, server, () => [client, server, ln].forEach((s) => s.close())]
}

describe('readv/writev with getters in the buffers array', () => {
  it('a getter that detaches an earlier buffer: readv fills only what is still attached', async () => {
    const [client, server, close] = await pair()
    try {
      const ab = new ArrayBuffer(8)
      const first = new Uint8Array(ab)
      const second = new Uint8Array(16)
      const buffers: Uint8Array[] = [first]
      Object.defineProperty(buffers, 1, { enumerable: true, get: () => (structuredClone(ab, { transfer: [ab] }), second) })
      await client.writeAsync(Buffer.from('abcdefghijkl'))
      server.setReadDeadline(Date.now() + 10_000)
      const n = server.readv(buffers)
      expect(first.byteLength).toBe(0)
      expect(n).toBe(12)
      expect(Buffer.from(second.subarray(0, n)).toString()).toBe('abcdefghijkl') // nothing went to the detached memory
    } finally {
      close()
    }
  })

  it('a getter that closes the socket: writev throws ERR_SOCK_CLOSED and sends nothing', async () => {
    const [client, , close] = await pair()
    try {
      const buffers: Uint8Array[] = [Buffer.from('a')]
      Object.defineProperty(buffers, 1, { enumerable: true, get: () => (client.close(), Buffer.from('b')) })
      expect(() => client.writev(buffers)).toThrow(expect.objectContaining({ code: 'ERR_SOCK_CLOSED' }))
    } finally {
      close()
    }
  })

  it('an empty array, or only empty buffers on a stream, is ERR_OUT_OF_RANGE; a non-array ERR_INVALID_ARG_TYPE', async () => {
    const [client, server, close] = await pair()
    try {
      expect(() => server.readv([])).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
      expect(() => client.writev([])).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
      expect(() => server.readv([new Uint8Array(0)])).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
      expect(() => server.readv('x' as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }))
      expect(() => server.readv([new Uint8Array(1), 'x'] as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }))
    } finally {
      close()
    }
  })
})

describe('an options object whose signal getter closes the socket', () => {
  // The getter runs before the fd is read: the call sees a closed socket (ERR_SOCK_CLOSED), never
  // its old fd number, which the next socket(2) or accept4(2) may already have reused.
  const closing = (s: { close(): void }) => ({
    get signal() {
      s.close()
      return undefined
    },
  })

  it('readAsync (both forms), writeAsync, waitReadable and acceptAsync reject ERR_SOCK_CLOSED', async () => {
    const closed = { code: 'ERR_SOCK_CLOSED' }
    for (const call of [
      (c: TCPConn, s: TCPConn) => s.readAsync(Buffer.alloc(8), closing(s)),
      (c: TCPConn, s: TCPConn) => s.readAsync(Buffer.alloc(8), 2, 4, closing(s)),
      (c: TCPConn) => c.writeAsync(Buffer.from('x'), closing(c)),
      (c: TCPConn) => c.writeAsync(Buffer.from('xy'), 1, 1, closing(c)),
      (c: TCPConn, s: TCPConn) => s.waitReadable(closing(s)),
    ]) {
      const [client, server, close] = await pair()
      try {
        client.write(Buffer.from('queued')) // a read that reached the old fd would find data
        await server.waitReadable()
        await expect(call(client, server)).rejects.toMatchObject(closed)
      } finally {
        close()
      }
    }
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const c = dialTCP4(null, ln.address()) // queued, so an accept that reached the old fd would take it
    try {
      await ln.waitReadable()
      await expect(ln.acceptAsync(closing(ln))).rejects.toMatchObject(closed)
    } finally {
      c.close()
      ln.close()
    }
  })

  it('a signal getter runs once, before the buffer size is taken: one that shrinks the buffer gets the new size', async () => {
    const [client, server, close] = await pair()
    try {
      client.write(Buffer.from('abcdefgh'))
      await server.waitReadable()
      const ab = new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void })(16, {
        maxByteLength: 16,
      })
      const buf = new Uint8Array(ab) // length-tracking: its length follows the buffer's
      let reads = 0
      const shrinking = {
        get signal() {
          reads++
          ab.resize(3)
          return undefined
        },
      }
      expect(await server.readAsync(buf, shrinking)).toBe(3) // the whole buffer, as it is after the getter
      expect(reads).toBe(1)
      ab.resize(16)
      await expect(server.readAsync(buf, 0, 8, shrinking)).rejects.toMatchObject({ code: 'ERR_OUT_OF_RANGE' }) // the range no longer fits
      expect(reads).toBe(2)
    } finally {
      close()
    }
  })
})
