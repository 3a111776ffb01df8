// recvFromAsync / sendToAsync over a range of the caller's buffer: (buf, addr, offset, length?, options?).
import dgram from 'node:dgram'
import { once } from 'node:events'
import { describe, expect, it } from 'vitest'
import { listenUDP4 } from '@sock/udp'
import { SockaddrInet4 } from '@sock/addr'

const lo = { address: '127.0.0.1', port: 0 }

async function nodePeer(): Promise<dgram.Socket> {
  const peer = dgram.createSocket('udp4')
  peer.bind(0, '127.0.0.1')
  await once(peer, 'listening')
  return peer
}

describe('recvFromAsync / sendToAsync on a range of the buffer', () => {
  it('sendToAsync sends buf[offset, offset + length) only (node:dgram receives it)', async () => {
    const a = listenUDP4(lo)
    const peer = await nodePeer()
    try {
      const got = once(peer, 'message')
      expect(await a.sendToAsync(Buffer.from('..hello..'), { address: '127.0.0.1', port: peer.address().port }, 2, 5)).toBe(5)
      const [msg, rinfo] = await got
      expect(msg.toString()).toBe('hello')
      expect(rinfo.port).toBe(a.address().port)
      const rest = once(peer, 'message')
      expect(await a.sendToAsync(Buffer.from('abcdef'), { address: '127.0.0.1', port: peer.address().port }, 4)).toBe(2) // the rest of buf
      expect((await rest)[0].toString()).toBe('ef')
    } finally {
      a.close()
      peer.close()
    }
  })

  it('recvFromAsync fills its range only, whether the datagram is queued or awaited, and cuts it to the range', async () => {
    const b = listenUDP4(lo)
    const peer = await nodePeer()
    try {
      const from = new SockaddrInet4()
      const buf = Buffer.alloc(10, 0x2d) // '-'
      const waiting = b.recvFromAsync(buf, from, 3, 5) // nothing queued: waits
      peer.send('hello', b.address().port, '127.0.0.1')
      expect(await waiting).toBe(5)
      expect(buf.toString()).toBe('---hello--')
      expect(from.port).toBe(peer.address().port)

      peer.send('abcdefgh', b.address().port, '127.0.0.1')
      await b.waitReadable()
      expect(await b.recvFromAsync(buf, null, 1, 3)).toBe(3) // a longer datagram is cut to the range, as recvfrom(2) cuts it
      expect(buf.toString()).toBe('-abcello--')
      // a length without a numeric offset is the ranged form (offset 0)
      peer.send('xy', b.address().port, '127.0.0.1')
      await b.waitReadable()
      expect(await b.recvFromAsync(buf, null, undefined as never, 1)).toBe(1)
      expect(buf.toString()).toBe('xabcello--')
    } finally {
      b.close()
      peer.close()
    }
  })

  it('a bad range rejects before any syscall, and the datagram stays queued', async () => {
    const a = listenUDP4(lo)
    const b = listenUDP4(lo)
    try {
      a.sendTo(Buffer.from('keep'), b.localAddr()!)
      await b.waitReadable()
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
        await expect(b.recvFromAsync(buf, null, offset as number, length)).rejects.toMatchObject({ code: 'ERR_OUT_OF_RANGE' })
        await expect(a.sendToAsync(buf, b.localAddr()!, offset as number, length)).rejects.toMatchObject({ code: 'ERR_OUT_OF_RANGE' })
      }
      await expect(b.recvFromAsync(buf, null, {} as never, 2)).rejects.toMatchObject({ code: 'ERR_OUT_OF_RANGE' })
      expect(await b.recvFromAsync(buf, null, 2, 6)).toBe(4)
      expect(buf.toString('utf8', 2, 6)).toBe('keep')
    } finally {
      a.close()
      b.close()
    }
  })

  it('the options come fifth in the ranged form: an abort rejects the waiting receive', async () => {
    const a = listenUDP4(lo)
    const b = listenUDP4(lo)
    try {
      const ac = new AbortController()
      const buf = Buffer.alloc(8)
      const waiting = b.recvFromAsync(buf, null, 2, 4, { signal: ac.signal })
      ac.abort()
      await expect(waiting).rejects.toMatchObject({ name: 'AbortError' })
      await expect(b.recvFromAsync(buf, null, 0, 4, { signal: 1 as never })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' })
      expect(await a.sendToAsync(Buffer.from('xxdatayy'), b.localAddr()!, 2, 4, { signal: new AbortController().signal })).toBe(4)
      expect(await b.recvFromAsync(buf, null, 0, 8, {})).toBe(4)
      expect(buf.toString('utf8', 0, 4)).toBe('data')
    } finally {
      a.close()
      b.close()
    }
  })

  it('a buffer shrunk below its range while the receive waits rejects ERR_INVALID_STATE; the datagram stays queued', async () => {
    const a = listenUDP4(lo)
    const b = listenUDP4(lo)
    try {
      // a resizable ArrayBuffer (ES2024; the repo's lib target predates its types)
      const ab = new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void })(16, {
        maxByteLength: 64,
      })
      const buf = new Uint8Array(ab) // length-tracking
      const settled = b.recvFromAsync(buf, null, 8, 8).then(
        () => 'resolved',
        (e) => e,
      )
      ab.resize(4)
      a.sendTo(Buffer.from('datagram'), b.localAddr()!)
      expect(await settled).toMatchObject({ name: 'TypeError', code: 'ERR_INVALID_STATE' })
      expect(await b.recvFromAsync(new Uint8Array(64), null, 0)).toBe(8)
    } finally {
      a.close()
      b.close()
    }
  })
})
