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
