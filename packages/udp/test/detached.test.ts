// A message table's arenas are the caller's buffers: transferred or detached
// after the table was made, the kernel must not read or write them (it would
// write freed memory). Every batch call checks them first.
import { describe, expect, it } from 'vitest'
import { listenUDP4, UDPMessages } from '@sock/udp'

const lo = { address: '127.0.0.1', port: 0 }
const invalidState = expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_STATE' })

describe('UDPMessages over transferred buffers', () => {
  for (const arena of ['data', 'names', 'meta'] as const) {
    it(`refuses recvMessages and sendMessages once \`${arena}\` was transferred`, () => {
      const a = listenUDP4(lo)
      const b = listenUDP4(lo)
      try {
        const msgs = new UDPMessages(4, 64)
        for (let i = 0; i < 4; i++) {
          msgs.setLength(i, 8)
          msgs.setTo(i, b.localAddr())
        }
        expect(a.sendMessages(msgs, 4)).toBe(4) // queued for b: a recvmmsg would write them somewhere
        const moved = structuredClone(msgs[arena].buffer as ArrayBuffer, { transfer: [msgs[arena].buffer as ArrayBuffer] })
        expect(msgs[arena].byteLength).toBe(0)
        expect(() => b.recvMessages(msgs)).toThrow(invalidState)
        expect(() => a.sendMessages(msgs, 4)).toThrow(invalidState)
        expect(moved.byteLength).toBeGreaterThan(0)
        // the datagrams are still queued: nothing was consumed by the refused call
        const fresh = new UDPMessages(4, 64)
        expect(b.recvMessages(fresh)).toBe(4)
      } finally {
        a.close()
        b.close()
      }
    })
  }

  it('refuses a table whose control arena was transferred', () => {
    const a = listenUDP4(lo)
    try {
      const msgs = new UDPMessages(2, 64, { controlSize: 64 })
      structuredClone(msgs.control!.buffer as ArrayBuffer, { transfer: [msgs.control!.buffer as ArrayBuffer] })
      expect(() => a.recvMessages(msgs)).toThrow(invalidState)
    } finally {
      a.close()
    }
  })
})

describe('recvFromAsync whose buffer is detached while it waits', () => {
  it('rejects ERR_INVALID_STATE and leaves the datagram queued', async () => {
    const a = listenUDP4(lo)
    const b = listenUDP4(lo)
    try {
      const buf = new Uint8Array(64)
      const settled = b.recvFromAsync(buf).then(
        () => 'resolved',
        (e) => e,
      )
      structuredClone(buf.buffer as ArrayBuffer, { transfer: [buf.buffer as ArrayBuffer] })
      a.sendTo(Buffer.from('datagram'), b.localAddr()!)
      expect(await settled).toMatchObject({ name: 'TypeError', code: 'ERR_INVALID_STATE' })
      expect(await b.recvFromAsync(new Uint8Array(64))).toBe(8)
    } finally {
      a.close()
      b.close()
    }
  })

  it('recvMessagesAsync over a table whose arena was transferred rejects (the event loop survives)', async () => {
    const a = listenUDP4(lo)
    const b = listenUDP4(lo)
    try {
      const msgs = new UDPMessages(4, 64)
      const settled = b.recvMessagesAsync(msgs).then(
        () => 'resolved',
        (e) => e,
      )
      structuredClone(msgs.data.buffer as ArrayBuffer, { transfer: [msgs.data.buffer as ArrayBuffer] })
      a.sendTo(Buffer.from('datagram'), b.localAddr()!)
      expect(await settled).toMatchObject({ name: 'TypeError', code: 'ERR_INVALID_STATE' })
    } finally {
      a.close()
      b.close()
    }
  })
})
