// A buffer detached (transferred) while its async operation waits: the
// operation rejects with ERR_INVALID_STATE before its syscall, so no data is
// consumed into memory the caller no longer has, and no write reports success.
import { describe, expect, it } from 'vitest'
import { listenTCP4, dialTCP4, type TCPConn } from '@sock/tcp'

async function pair(): Promise<[TCPConn, TCPConn, () => void]> {
  const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
  const client = dialTCP4(null, ln.address())
  const server = await ln.acceptAsync()
  return [client, server, () => [client, server, ln].forEach((s) => s.close())]
}

const detach = (b: Uint8Array) => structuredClone(b.buffer as ArrayBuffer, { transfer: [b.buffer as ArrayBuffer] })

describe('async operations whose buffer is detached while they wait', () => {
  it('readAsync rejects ERR_INVALID_STATE and leaves the data queued', async () => {
    const [client, server, close] = await pair()
    try {
      const buf = new Uint8Array(64)
      const pending = server.readAsync(buf)
      const settled = pending.then(
        () => 'resolved',
        (e) => e,
      )
      detach(buf)
      await client.writeAsync(Buffer.alloc(20, 7))
      expect(await settled).toMatchObject({ name: 'TypeError', code: 'ERR_INVALID_STATE' })
      const again = new Uint8Array(64)
      expect(await server.readAsync(again)).toBe(20) // nothing was lost
    } finally {
      close()
    }
  })

  it('writeAsync rejects ERR_INVALID_STATE with the bytes written so far, not success', async () => {
    const [client, server, close] = await pair()
    try {
      client.setSendBufferSize(4096)
      const big = new Uint8Array(4 << 20)
      const pending = client.writeAsync(big).then(
        () => 'resolved',
        (e) => e,
      )
      detach(big) // the send buffer filled long before 4 MiB: the write is waiting
      const sink = new Uint8Array(1 << 16)
      const drain = (async () => {
        for (;;) if ((await server.readAsync(sink).catch(() => 0)) === 0) return
      })()
      const err = await pending
      expect(err).toMatchObject({ name: 'TypeError', code: 'ERR_INVALID_STATE' })
      expect(err.bytesWritten).toBeGreaterThan(0)
      expect(err.bytesWritten).toBeLessThan(4 << 20)
      client.close()
      await drain
    } finally {
      close()
    }
  })
})
