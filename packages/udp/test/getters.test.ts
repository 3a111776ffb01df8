// An address argument can be an object with getters: converting it runs the
// caller's code, which may close the socket. The fd is read only after that,
// so nothing can reach a closed socket's fd number (or a new socket reusing it).
import { describe, expect, it } from 'vitest'
import { listenUDP4, UDPMessageInfo, UDPMessages } from '@sock/udp'
import { WOULD_BLOCK } from '@sock/core'

describe('an address whose getter closes the socket', () => {
  it('sendTo, sendToAsync and sendMsg read the fd only after converting the address: ERR_SOCK_CLOSED, nothing sent', async () => {
    const a = listenUDP4({ address: '127.0.0.1', port: 0 })
    const b = listenUDP4({ address: '127.0.0.1', port: 0 })
    const port = b.address().port
    try {
      const closing = {
        get address() {
          a.close()
          return '127.0.0.1'
        },
        port,
      }
      expect(() => a.sendTo(Buffer.from('x'), closing)).toThrow(expect.objectContaining({ code: 'ERR_SOCK_CLOSED' }))
      const c = listenUDP4({ address: '127.0.0.1', port: 0 })
      const closingC = {
        get address() {
          c.close()
          return '127.0.0.1'
        },
        port,
      }
      await expect(c.sendToAsync(Buffer.from('x'), closingC)).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
      const d = listenUDP4({ address: '127.0.0.1', port: 0 })
      expect(() =>
        d.sendMsg(Buffer.from('x'), {
          to: {
            get address() {
              d.close()
              return '127.0.0.1'
            },
            port,
          },
        }),
      ).toThrow(expect.objectContaining({ code: 'ERR_SOCK_CLOSED' }))
      expect(b.recvFrom(new Uint8Array(8))).toBe(WOULD_BLOCK) // nothing was sent
    } finally {
      a.close()
      b.close()
    }
  })
})

describe('an options object whose signal getter closes the socket', () => {
  it('recvFromAsync, sendToAsync and recvMsgAsync read the fd after it: ERR_SOCK_CLOSED, nothing sent or taken', async () => {
    const peer = listenUDP4({ address: '127.0.0.1', port: 0 })
    try {
      for (const call of [
        (u: ReturnType<typeof listenUDP4>, o: object) => u.recvFromAsync(new Uint8Array(8), null, o),
        (u: ReturnType<typeof listenUDP4>, o: object) => u.recvFromAsync(new Uint8Array(8), null, 0, 4, o),
        (u: ReturnType<typeof listenUDP4>, o: object) => u.sendToAsync(Buffer.from('x'), peer.localAddr()!, o),
        (u: ReturnType<typeof listenUDP4>, o: object) => u.sendToAsync(Buffer.from('xy'), peer.localAddr()!, 1, 1, o),
        (u: ReturnType<typeof listenUDP4>, o: object) => u.recvMsgAsync(new Uint8Array(8), new UDPMessageInfo(4), o),
      ]) {
        const u = listenUDP4({ address: '127.0.0.1', port: 0 })
        peer.sendTo(Buffer.from('queued'), u.localAddr()!) // a receive that reached the old fd would take it
        const closing = {
          get signal() {
            u.close()
            return undefined
          },
        }
        await expect(call(u, closing)).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
        u.close()
      }
      expect(peer.recvFrom(new Uint8Array(8))).toBe(WOULD_BLOCK) // nothing was sent
    } finally {
      peer.close()
    }
  })
})

describe('a UDPMessageInfo whose fields were redefined with getters that close the socket', () => {
  it('recvMsg and recvMsgAsync read them before the fd: ERR_SOCK_CLOSED, never a recvmsg on the closed fd number', async () => {
    const peer = listenUDP4({ address: '127.0.0.1', port: 0 })
    try {
      for (const call of [
        (u: ReturnType<typeof listenUDP4>, info: UDPMessageInfo) => Promise.resolve().then(() => u.recvMsg(new Uint8Array(8), info)),
        (u: ReturnType<typeof listenUDP4>, info: UDPMessageInfo) => u.recvMsgAsync(new Uint8Array(8), info),
      ]) {
        const u = listenUDP4({ address: '127.0.0.1', port: 0 })
        peer.sendTo(Buffer.from('queued'), u.localAddr()!)
        await u.waitReadable()
        const info = new UDPMessageInfo(4)
        const from = info.from
        let reads = 0
        Object.defineProperty(info, 'from', {
          get() {
            if (++reads === 2) u.close() // the check reads it once; the next read closes the socket
            return from
          },
        })
        await expect(call(u, info)).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
        u.close()
      }
    } finally {
      peer.close()
    }
  })
})

describe('a UDPMessages whose table was redefined with a getter that closes the socket', () => {
  it('recvMessages, sendMessages and their async forms read it before the fd: ERR_SOCK_CLOSED', async () => {
    const peer = listenUDP4({ address: '127.0.0.1', port: 0 })
    try {
      for (const call of [
        (u: ReturnType<typeof listenUDP4>, m: UDPMessages) => Promise.resolve().then(() => u.recvMessages(m)),
        (u: ReturnType<typeof listenUDP4>, m: UDPMessages) => u.recvMessagesAsync(m),
        (u: ReturnType<typeof listenUDP4>, m: UDPMessages) => Promise.resolve().then(() => u.sendMessages(m, 1)),
        (u: ReturnType<typeof listenUDP4>, m: UDPMessages) => u.sendMessagesAsync(m, 1),
      ]) {
        const u = listenUDP4({ address: '127.0.0.1', port: 0 })
        peer.sendTo(Buffer.from('queued'), u.localAddr()!)
        await u.waitReadable()
        const msgs = new UDPMessages(2, 64)
        msgs.setTo(0, peer.localAddr()!)
        msgs.setLength(0, 4)
        const table = msgs.table
        Object.defineProperty(msgs, 'table', {
          get() {
            u.close()
            return table
          },
        })
        await expect(call(u, msgs)).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
        u.close()
      }
      expect(peer.recvFrom(new Uint8Array(8))).toBe(WOULD_BLOCK) // nothing was sent
    } finally {
      peer.close()
    }
  })
})
