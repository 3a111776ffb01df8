// Multishot recvmsg on UDP sockets: every datagram with its sender, from node:dgram peers.
import { describe, expect, it } from 'vitest'
import { createSocket } from 'node:dgram'
import { once } from 'node:events'
import { Ring } from '@sock/uring'
import { listenUDP4, listenUDP6 } from '@sock/udp'
import { listenTCP4 } from '@sock/tcp'
import { hasUring } from './support.js'

const until = (pred: () => boolean) =>
  new Promise<void>((resolve) => {
    const t = setInterval(() => pred() && (clearInterval(t), resolve()), 5)
  })

describe.skipIf(!hasUring)('Ring.recvMsgMultishot (UDP)', () => {
  for (const [family, listen, type, host] of [
    [4, () => listenUDP4({ address: '127.0.0.1', port: 0 }), 'udp4', '127.0.0.1'],
    [6, () => listenUDP6({ address: '::1', port: 0 }), 'udp6', '::1'],
  ] as const) {
    it(`IPv${family}: 300 datagrams from two node:dgram senders, each with its sender; none lost`, async () => {
      using ring = new Ring({ entries: 64, buffers: { count: 64, size: 256 } })
      const u = listen()
      const got = new Map<number, string[]>() // sender port -> payloads
      const hosts = new Set<string>()
      ring.recvMsgMultishot(
        u,
        (data, from, truncated) => {
          hosts.add(`${from.address}${truncated ? ' truncated' : ''}`)
          const list = got.get(from.port) ?? []
          list.push(data.toString())
          got.set(from.port, list)
        },
        () => {},
      )
      const senders = [createSocket(type), createSocket(type)]
      for (const s of senders) {
        s.bind(0, host)
        await once(s, 'listening')
      }
      const received = () => [...got.values()].reduce((n, l) => n + l.length, 0)
      // in rounds of 20, so that no burst overflows the socket's receive buffer (UDP would drop, by design)
      for (let round = 0; round < 15; round++) {
        for (let i = round * 10; i < round * 10 + 10; i++) for (const [k, s] of senders.entries()) s.send(`${k}:${i}`, u.address().port, host)
        await until(() => received() === (round + 1) * 20)
      }
      for (const [k, s] of senders.entries()) expect(got.get(s.address().port)).toEqual(Array.from({ length: 150 }, (_, i) => `${k}:${i}`))
      expect([...hosts]).toEqual([host])
      for (const s of senders) s.close()
      u.close()
    })
  }

  it('a datagram longer than a buffer is cut and says so; an empty one arrives empty', async () => {
    using ring = new Ring({ entries: 16, buffers: { count: 8, size: 128 } }) // 128 - 16 header - 28 sender = 84 bytes of payload
    const u = listenUDP4({ address: '127.0.0.1', port: 0 })
    const seen: [number, boolean][] = []
    ring.recvMsgMultishot(
      u,
      (data, _from, truncated) => seen.push([data.length, truncated]),
      () => {},
    )
    const s = createSocket('udp4')
    s.send(Buffer.alloc(200, 1), u.address().port, '127.0.0.1')
    s.send(Buffer.alloc(0), u.address().port, '127.0.0.1')
    await until(() => seen.length === 2)
    expect(seen).toEqual([
      [84, true],
      [0, false],
    ])
    s.close()
    u.close()
  })

  it('refuses what is not an IPv4/IPv6 datagram socket, and a second receive', () => {
    using ring = new Ring({ entries: 8, buffers: { count: 2, size: 128 } })
    const t = listenTCP4({ address: '127.0.0.1', port: 0 })
    const u = listenUDP4({ address: '127.0.0.1', port: 0 })
    try {
      expect(() =>
        ring.recvMsgMultishot(
          t,
          () => {},
          () => {},
        ),
      ).toThrow(expect.objectContaining({ code: 'ERR_SOCK_WRONG_TYPE' }))
      ring.recvMsgMultishot(
        u,
        () => {},
        () => {},
      )
      expect(() =>
        ring.recvMultishot(
          u,
          () => {},
          () => {},
        ),
      ).toThrow(expect.objectContaining({ code: 'ERR_SOCK_BUSY' }))
    } finally {
      t.close()
      u.close()
    }
  })
})
