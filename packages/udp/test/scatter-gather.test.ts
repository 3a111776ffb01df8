// Per-message scatter/gather in a batch (UDPMessages with `segments`): each message's
// iovecs point anywhere in the table's data arena, checked against it at every call.
import { describe, expect, it } from 'vitest'
import { createSocket } from 'node:dgram'
import { once } from 'node:events'
import { listenUDP4, UDPMessages } from '@sock/udp'
import { SockaddrInet4 } from '@sock/addr'
import native from '@sock/native'

const lo = { address: '127.0.0.1', port: 0 }

describe('UDPMessages with segments (per-message iovecs)', () => {
  it('gathers a shared header and each slot payload into one datagram, as node:dgram receives it', async () => {
    const peer = createSocket('udp4')
    peer.bind(0, '127.0.0.1')
    await once(peer, 'listening')
    const got: string[] = []
    const all = new Promise<void>((resolve) => peer.on('message', (m) => got.push(m.toString()) === 4 && resolve()))
    const a = listenUDP4(lo)
    const out = new UDPMessages(5, 32, { segments: 2 })
    out.buffer(4).write('HDR:') // slot 4 holds the header every message sends first
    const to = new SockaddrInet4('127.0.0.1', peer.address().port)
    for (let i = 0; i < 4; i++) {
      const n = out.buffer(i).write(`payload-${i}`)
      out.setSegment(i, 0, 4 * 32, 4)
      out.setSegment(i, 1, i * 32, n)
      out.setSegmentCount(i, 2)
      out.setTo(i, to)
    }
    expect(a.sendMessages(out, 4)).toBe(4)
    for (let i = 0; i < 4; i++) expect(out.length(i)).toBe(4 + `payload-${i}`.length) // the bytes sent
    await all
    expect(got.sort()).toEqual(['HDR:payload-0', 'HDR:payload-1', 'HDR:payload-2', 'HDR:payload-3'])
    a.close()
    peer.close()
  })

  it('scatters each received datagram: its first 4 bytes to one place, the rest to another', async () => {
    const b = listenUDP4(lo)
    const peer = createSocket('udp4')
    for (let i = 0; i < 3; i++) peer.send(`${i}${i}${i}${i}body-${i}`, b.address().port, '127.0.0.1')
    const inb = new UDPMessages(3, 16, { segments: 2 })
    // headers land side by side in slot 0's first 12 bytes; bodies in slots 1 and 2 (8 bytes each)
    for (let i = 0; i < 3; i++) {
      inb.setSegment(i, 0, i * 4, 4)
      inb.setSegment(i, 1, 16 + i * 8, 8)
      inb.setSegmentCount(i, 2)
    }
    const seen = new Map<string, string>() // header -> body, whatever batches the datagrams arrive in
    while (seen.size < 3) {
      const n = await b.recvMessagesAsync(inb)
      for (let i = 0; i < n; i++) {
        expect(inb.length(i)).toBe(10)
        seen.set(inb.data.subarray(i * 4, i * 4 + 4).toString(), inb.data.subarray(16 + i * 8, 16 + i * 8 + 6).toString())
      }
    }
    expect(Object.fromEntries(seen)).toEqual({ '0000': 'body-0', '1111': 'body-1', '2222': 'body-2' })
    b.close()
    peer.close()
  })

  it('a datagram longer than its segments is MSG_TRUNC; count 0 falls back to the slot', () => {
    const a = listenUDP4(lo)
    const b = listenUDP4(lo)
    const out = new UDPMessages(2, 32)
    out.buffer(0).write('0123456789')
    out.setLength(0, 10)
    out.setTo(0, b.localAddr())
    out.buffer(1).write('abcdef')
    out.setLength(1, 6)
    out.setTo(1, b.localAddr())
    expect(a.sendMessages(out, 2)).toBe(2)
    const inb = new UDPMessages(2, 32, { segments: 1 })
    inb.setSegment(0, 0, 40, 3)
    inb.setSegmentCount(0, 1)
    expect(inb.segmentCount(1)).toBe(0)
    b.setReadDeadline(Date.now() + 5000)
    expect(b.recvMessages(inb, 2)).toBe(2)
    expect(inb.truncated(0)).toBe(true)
    expect(inb.data.subarray(40, 43).toString()).toBe('012')
    expect(inb.truncated(1)).toBe(false)
    expect(inb.buffer(1).subarray(0, inb.length(1)).toString()).toBe('abcdef')
    a.close()
    b.close()
  })

  it('refuses segments outside the arena, past the table, or on a table without them', () => {
    const t = new UDPMessages(2, 16, { segments: 2 })
    expect(() => t.setSegment(0, 2, 0, 1)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
    expect(() => t.setSegment(0, 0, 30, 3)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
    expect(() => t.setSegment(0, 0, -1, 1)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
    expect(() => t.setSegmentCount(1, 3)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
    expect(() => new UDPMessages(2, 16).setSegment(0, 0, 0, 1)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
    expect(() => new UDPMessages(2, 16, { segments: 65 })).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
  })

  it('the native side checks every segment at each call, whatever JS wrote into the segment array', () => {
    // the table's own segment array is private; a hand-made one stands in for one JS corrupted
    const data = new Uint8Array(32)
    const names = new Uint8Array(2 * 28)
    const meta = new Int32Array(8)
    const segs = new Int32Array(2 * 3)
    const table = new native.MmsgTable(data, names, null, meta, segs)
    const fd = native.socket(native.constants.AF_INET, native.constants.SOCK_DGRAM, 0)
    try {
      for (const bad of [
        [1, 30, 8], // past the arena's end
        [1, -4, 2], // before it
        [1, 0, -1], // negative length
        [2, 0, 1], // more segments than the table has
        [-1, 0, 0],
      ]) {
        segs.set(bad, 0)
        expect(() => native.recvmmsg(fd, table, 1)).toThrow(RangeError)
        expect(() => native.sendmmsg(fd, table, 1)).toThrow(RangeError)
      }
      expect(() => new native.MmsgTable(data, names, null, meta, new Int32Array(4))).toThrow(RangeError) // 2 per message: no room for a segment
      structuredClone(segs.buffer, { transfer: [segs.buffer] })
      expect(() => native.recvmmsg(fd, table, 1)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_STATE' }))
    } finally {
      native.close(fd)
    }
  })
})
