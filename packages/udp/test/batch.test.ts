import { describe, expect, it } from 'vitest'
import { listenUDP4, UDPMessages } from '@sock/udp'
import { WOULD_BLOCK } from '@sock/core'
import { SockaddrInet4 } from '@sock/addr'

const lo = { address: '127.0.0.1', port: 0 }

describe('recvMessages / sendMessages (recvmmsg / sendmmsg)', () => {
  it('sends and receives a batch through reusable tables', () => {
    const a = listenUDP4(lo)
    const b = listenUDP4(lo)
    const out = new UDPMessages(8, 64)
    const to = b.localAddr() as SockaddrInet4
    for (let i = 0; i < 5; i++) {
      const n = out.buffer(i).write(`msg-${i}`)
      out.setLength(i, n)
      out.setTo(i, to)
    }
    expect(a.sendMessages(out, 5)).toBe(5)
    const inb = new UDPMessages(8, 64)
    b.setReadDeadline(Date.now() + 1000)
    const n = b.recvMessages(inb)
    expect(n).toBe(5)
    const from = new SockaddrInet4()
    for (let i = 0; i < n; i++) {
      expect(Buffer.from(inb.buffer(i).subarray(0, inb.length(i))).toString()).toBe(`msg-${i}`)
      expect(inb.from(i, from).port).toBe(a.address().port)
      expect(inb.truncated(i)).toBe(false)
    }
    b.setReadDeadline(0)
    expect(b.recvMessages(inb)).toBe(WOULD_BLOCK)
    a.close()
    b.close()
  })

  it('reports partial batches exactly', () => {
    const a = listenUDP4(lo)
    const b = listenUDP4(lo)
    const out = new UDPMessages(4, 70000)
    for (let i = 0; i < 4; i++) out.setTo(i, b.localAddr())
    out.setLength(0, 10)
    out.setLength(1, 10)
    out.setLength(2, 70000) // too big for UDP: the kernel stops the batch here
    out.setLength(3, 10)
    expect(a.sendMessages(out, 4)).toBe(2)
    expect(() => a.sendMessages(out, 4)).not.toThrow() // the first two again
    // a batch that starts with the bad message fails with its error
    const bad = new UDPMessages(1, 70000)
    bad.setTo(0, b.localAddr())
    bad.setLength(0, 70000)
    expect(() => a.sendMessages(bad, 1)).toThrow(expect.objectContaining({ code: 'EMSGSIZE', syscall: 'sendmmsg' }))
    // truncation per message on receive
    const inb = new UDPMessages(8, 4)
    b.setReadDeadline(Date.now() + 1000)
    expect(b.recvMessages(inb, 3)).toBe(3) // at most `count`
    expect(inb.length(0)).toBe(4)
    expect(inb.truncated(0)).toBe(true)
    a.close()
    b.close()
  })

  it('rejects a count larger than the table and lengths beyond a slot', () => {
    const a = listenUDP4(lo)
    const t = new UDPMessages(2, 8)
    expect(() => a.recvMessages(t, 3)).toThrow(RangeError)
    expect(() => t.setLength(0, 9)).toThrow(RangeError)
    expect(() => new UDPMessages(0, 8)).toThrow(RangeError)
    // slot indexes are checked: nothing reads or writes past the table, nothing is clamped
    for (const bad of [2, -1, 0.5]) {
      expect(() => t.length(bad)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
      expect(() => t.setTo(bad, null)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
    }
    expect(() => t.setLength(0, 1.5)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
    expect(() => t.setTo(0, { address: '127.0.0.1', port: 1 } as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }))
    a.close()
  })

  it('async batches', async () => {
    const a = listenUDP4(lo)
    const b = listenUDP4(lo)
    const inb = new UDPMessages(4, 16)
    const p = b.recvMessagesAsync(inb)
    const out = new UDPMessages(2, 16)
    out.setLength(0, 1)
    out.setLength(1, 2)
    out.setTo(0, b.localAddr())
    out.setTo(1, b.localAddr())
    expect(await a.sendMessagesAsync(out, 2)).toBeGreaterThanOrEqual(1)
    expect(await p).toBeGreaterThanOrEqual(1)
    a.close()
    b.close()
  })
})
