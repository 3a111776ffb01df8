// Multishot recvmsg on UDP sockets: every datagram with its sender (and its ancillary data
// when asked), from node:dgram and python3 peers.
import { describe, expect, it } from 'vitest'
import { createSocket } from 'node:dgram'
import { once } from 'node:events'
import { spawnSync } from 'node:child_process'
import { Ring } from '@sock/uring'
import { listenUDP4, listenUDP6, UDPMessageInfo } from '@sock/udp'
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

  for (const [family, listen, type, host] of [
    [4, () => listenUDP4({ address: '127.0.0.1', port: 0 }), 'udp4', '127.0.0.1'],
    [6, () => listenUDP6({ address: '::1', port: 0 }), 'udp6', '::1'],
  ] as const) {
    it(`IPv${family}: options.info receives each datagram's ancillary data (destination, interface, hop limit, kernel timestamp)`, async () => {
      using ring = new Ring({ entries: 16, buffers: { count: 16, size: 1024 } })
      const u = listen().setRecvPktInfo().setRecvTTL().setTimestampNs()
      const info = new UDPMessageInfo(family)
      const seen: { data: string; to: string; ifIndex: number; ttl: number; stamped: boolean; bytes: number; from: number }[] = []
      ring.recvMsgMultishot(
        u,
        (data, from) => {
          expect(from).toBe(info.from) // the info's sender is the one passed
          seen.push({
            data: data.toString(),
            to: info.localAddress.address,
            ifIndex: info.ifIndex,
            ttl: info.ttl,
            stamped: info.timestampSec > 0,
            bytes: info.bytes,
            from: from.port,
          })
        },
        () => {},
        { info },
      )
      const s = createSocket(type)
      s.bind(0, host)
      await once(s, 'listening')
      s.setTTL(7) // IP_TTL / IPV6_UNICAST_HOPS
      s.send('one', u.address().port, host)
      await until(() => seen.length === 1)
      s.setTTL(9)
      s.send('two!', u.address().port, host)
      await until(() => seen.length === 2)
      const lo = seen[0].ifIndex
      expect(lo).toBeGreaterThan(0)
      expect(seen).toEqual([
        { data: 'one', to: host, ifIndex: lo, ttl: 7, stamped: true, bytes: 3, from: s.address().port },
        { data: 'two!', to: host, ifIndex: lo, ttl: 9, stamped: true, bytes: 4, from: s.address().port },
      ])
      s.close()
      u.close()
    })
  }

  it('options.info with UDP_GRO: a python3 sender segments with UDP_SEGMENT, the ring gets the coalesced datagram and its segment size', async () => {
    using ring = new Ring({ entries: 16, buffers: { count: 16, size: 65536 }, arenaSize: 1 << 20 })
    const u = listenUDP4({ address: '127.0.0.1', port: 0 }).setUDPGRO()
    const info = new UDPMessageInfo(4)
    const seen: [number, number][] = []
    ring.recvMsgMultishot(
      u,
      (data) => seen.push([data.length, info.segmentSize]),
      () => {},
      { info },
    )
    // 5 segments of 100 bytes sent as one GSO send (SOL_UDP=17, UDP_SEGMENT=103)
    const py = `import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.setsockopt(17,103,100)\ns.sendto(b'x'*500,('127.0.0.1',${u.address().port}))`
    expect(spawnSync('python3', ['-c', py], { encoding: 'utf8' }).status).toBe(0)
    await until(() => seen.reduce((n, [len]) => n + len, 0) === 500)
    // on loopback the GSO datagram reaches a GRO socket whole: one read, segment size 100
    expect(seen).toEqual([[500, 100]])
    u.close()
  })

  it('options.info is checked: the socket family, a UDPMessageInfo, room in the buffers', () => {
    using ring = new Ring({ entries: 8, buffers: { count: 2, size: 256 } })
    const u = listenUDP4({ address: '127.0.0.1', port: 0 })
    const none = () => {}
    try {
      expect(() => ring.recvMsgMultishot(u, none, none, { info: new UDPMessageInfo(6) })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }))
      expect(() => ring.recvMsgMultishot(u, none, none, { info: {} as UDPMessageInfo })).toThrow(TypeError)
      // 16 bytes of header, 28 of sender and 256 of control room do not fit a 256-byte buffer
      expect(() => ring.recvMsgMultishot(u, none, none, { info: new UDPMessageInfo(4) })).toThrow(RangeError)
      // nothing was armed by the refused calls
      ring.recvMsgMultishot(u, none, none)
    } finally {
      u.close()
    }
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
