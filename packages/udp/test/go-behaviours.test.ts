// Behaviours the Go library's suite tests, pinned here against the real kernel.
import { describe, expect, it } from 'vitest'
import { listenUDP4, listenUDP6, dialUDP4, UDPMessages, UDPMessageInfo } from '@sock/udp'
import { WOULD_BLOCK } from '@sock/core'

const code = (c: string) => expect.objectContaining({ code: c })

describe('UDP as the Go suite tests it', () => {
  it('write on an unconnected socket, and sendMsg without a destination, are EDESTADDRREQ', () => {
    const u = listenUDP4({ address: '127.0.0.1', port: 0 })
    try {
      expect(() => u.write(Buffer.from('x'))).toThrow(code('EDESTADDRREQ'))
      expect(() => u.sendMsg(Buffer.from('x'))).toThrow(code('EDESTADDRREQ'))
    } finally {
      u.close()
    }
  })

  it('a read deadline: recvFrom, recvMsg and recvMessages wait, then ETIMEDOUT; with data later they succeed', async () => {
    const u = listenUDP4({ address: '127.0.0.1', port: 0 })
    const peer = dialUDP4(null, u.address())
    try {
      const buf = new Uint8Array(64)
      expect(u.recvFrom(buf)).toBe(WOULD_BLOCK) // no deadline: at once
      u.setReadDeadline(Date.now() + 30)
      expect(() => u.recvFrom(buf)).toThrow(expect.objectContaining({ code: 'ETIMEDOUT', deadlineExceeded: true }))
      u.setReadDeadline(Date.now() + 30)
      expect(() => u.recvMsg(buf, new UDPMessageInfo(4))).toThrow(code('ETIMEDOUT'))
      u.setReadDeadline(Date.now() + 30)
      expect(() => u.recvMessages(new UDPMessages(4, 64))).toThrow(code('ETIMEDOUT'))
      u.setReadDeadline(Date.now() - 1000) // expired: still one attempt, which finds the datagram
      peer.write(Buffer.from('late'))
      expect(u.recvFrom(buf)).toBe(4)
      u.setReadDeadline(0)
      const pending = u.recvMessagesAsync(new UDPMessages(4, 64))
      setImmediate(() => peer.write(Buffer.from('later')))
      expect(await pending).toBe(1)
    } finally {
      u.close()
      peer.close()
    }
  })

  it('batch edge cases: count 0 sends nothing; IPv6 batches; an empty datagram', () => {
    const a = listenUDP6({ address: '::1', port: 0 })
    const b = listenUDP6({ address: '::1', port: 0 })
    try {
      const out = new UDPMessages(2, 64)
      out.setTo(0, b.localAddr())
      out.setLength(0, 0) // an empty datagram is a datagram
      out.setTo(1, b.localAddr())
      out.setLength(1, 3)
      expect(a.sendMessages(out, 0)).toBe(0)
      expect(a.sendMessages(out, 2)).toBe(2)
      const inm = new UDPMessages(4, 64)
      b.setReadDeadline(Date.now() + 10_000)
      let got = 0
      const lengths: number[] = []
      while (got < 2) {
        const n = b.recvMessages(inm)
        for (let i = 0; i < n; i++) lengths.push(inm.length(i))
        got += n
      }
      expect(lengths).toEqual([0, 3])
    } finally {
      a.close()
      b.close()
    }
  })

  it('every method after close() is ERR_SOCK_CLOSED', async () => {
    const u = listenUDP4({ address: '127.0.0.1', port: 0 })
    u.close()
    const buf = new Uint8Array(8)
    const calls: [string, () => unknown][] = [
      ['recvFrom', () => u.recvFrom(buf)],
      ['sendTo', () => u.sendTo(buf, { address: '127.0.0.1', port: 9 })],
      ['recvMsg', () => u.recvMsg(buf, new UDPMessageInfo(4))],
      ['sendMsg', () => u.sendMsg(buf, { to: { address: '127.0.0.1', port: 9 } })],
      ['recvMessages', () => u.recvMessages(new UDPMessages(1, 8))],
      ['sendMessages', () => u.sendMessages(new UDPMessages(1, 8), 1)],
      ['setMulticastTTL', () => u.setMulticastTTL(2)],
      ['addMembership', () => u.addMembership('224.0.0.251')],
      ['setBroadcast', () => u.setBroadcast(true)],
    ]
    for (const [name, call] of calls) expect(call, name).toThrow(code('ERR_SOCK_CLOSED'))
    await expect(u.recvFromAsync(buf)).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
    await expect(u.recvMessagesAsync(new UDPMessages(1, 8))).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
  })
})
