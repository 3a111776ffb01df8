import { describe, expect, it } from 'vitest'
import { constants as C } from '@sock/core'
import { SockaddrInet4 } from '@sock/addr'
import {
  newRawSocket4,
  newRawSocket6,
  listenRaw4,
  dialRaw4,
  buildEchoRequest4,
  buildEchoRequest6,
  parseEcho,
  parseIPv4Header,
  ipv4PayloadOffset,
  internetChecksum,
  RawConn,
  ICMP_ECHO_REQUEST,
  ICMP_ECHO_REPLY,
  ICMPV6_ECHO_REPLY,
  ICMPV6_ECHO_REQUEST,
} from '@sock/raw'
import { runningAsRoot } from '../../../test-support/prerequisites.js'

const isRoot = runningAsRoot()

/** Reads packets until `match` says yes (or the deadline passes). */
function readUntil(sock: RawConn, buf: Uint8Array, match: (n: number) => boolean): number {
  sock.setReadDeadline(Date.now() + 2000)
  for (;;) {
    const n = sock.read(buf)
    if (match(n)) return n
  }
}

describe.skipIf(!isRoot)('raw sockets (need CAP_NET_RAW: run as root)', () => {
  it('an IPv4 echo request to 127.0.0.1 yields the looped request (type 8), then the kernel reply (type 0), each with a 20-byte header', () => {
    const sock = newRawSocket4(C.IPPROTO_ICMP)
    const id = process.pid & 0xffff
    const req = new Uint8Array(64)
    const n = buildEchoRequest4(req, id, 1, Buffer.from('sock raw test'))
    expect(sock.sendTo(req, '127.0.0.1', 0, n)).toBe(n)
    const buf = new Uint8Array(1500)
    const seen: number[] = []
    readUntil(sock, buf, (len) => {
      const ip = parseIPv4Header(buf)
      expect(ip.headerLength).toBe(20)
      expect(ip.protocol).toBe(C.IPPROTO_ICMP)
      expect(ip.totalLength).toBe(len) // reads include the IPv4 header
      const echo = parseEcho(buf, ipv4PayloadOffset(buf), len - 20)
      if (echo.id !== id) return false
      expect(internetChecksum(buf, 20, len - 20)).toBe(0)
      seen.push(echo.type)
      return echo.type === ICMP_ECHO_REPLY
    })
    expect(seen).toEqual([ICMP_ECHO_REQUEST, ICMP_ECHO_REPLY])
    sock.close()
  })

  it('sendToAsync and recvFromAsync take a range: an echo request sent from the middle of a buffer is answered (ranged receive)', async () => {
    const sock = newRawSocket4(C.IPPROTO_ICMP)
    try {
      const id = (process.pid + 7) & 0xffff
      const pkt = new Uint8Array(100)
      const n = buildEchoRequest4(pkt.subarray(10), id, 3, Buffer.from('ranged'))
      expect(await sock.sendToAsync(pkt, '127.0.0.1', 10, n)).toBe(n)
      const buf = new Uint8Array(1600)
      const from = new SockaddrInet4()
      sock.setReadDeadline(Date.now() + 10_000) // the reply is the kernel's: ETIMEDOUT only if it never comes
      for (;;) {
        const len = await sock.recvFromAsync(buf, from, 100, 1500)
        expect(buf.subarray(0, 100).every((b) => b === 0)).toBe(true) // nothing before the range is written
        const header = ipv4PayloadOffset(buf.subarray(100))
        const echo = parseEcho(buf, 100 + header, len - header)
        if (echo.id !== id || echo.type !== ICMP_ECHO_REPLY) continue
        expect(echo.seq).toBe(3)
        expect(from.address).toBe('127.0.0.1')
        break
      }
    } finally {
      sock.close()
    }
  })

  it('an IPv6 echo to ::1 works with the checksum computed by the kernel; reads carry no IPv6 header', () => {
    const sock = newRawSocket6(C.IPPROTO_ICMPV6)
    const id = (process.pid + 1) & 0xffff
    const req = new Uint8Array(32)
    const n = buildEchoRequest6(req, id, 9, Buffer.from('six'))
    expect(req[2] | req[3]).toBe(0) // left to the kernel
    sock.sendTo(req, '::1', 0, n)
    const buf = new Uint8Array(1500)
    const types: number[] = []
    readUntil(sock, buf, (len) => {
      const echo = parseEcho(buf, 0, len) // no IPv6 header in front
      if (echo.id !== id) return false
      types.push(echo.type)
      if (echo.type === ICMPV6_ECHO_REPLY) expect(echo.seq).toBe(9)
      return echo.type === ICMPV6_ECHO_REPLY
    })
    expect(types).toEqual([ICMPV6_ECHO_REQUEST, ICMPV6_ECHO_REPLY])
    sock.close()
  })

  it('IP_HDRINCL: a hand-built IPv4 header is sent as written', () => {
    const rx = listenRaw4(C.IPPROTO_ICMP)
    const tx = newRawSocket4(C.IPPROTO_ICMP).setIPHeaderIncluded(true)
    const id = (process.pid + 2) & 0xffff
    const pkt = new Uint8Array(64)
    const icmpLen = buildEchoRequest4(pkt.subarray(20), id, 3, Buffer.from('hdrincl'))
    const total = 20 + icmpLen
    pkt.set([0x45, 0x00, total >> 8, total & 0xff, 0x12, 0x34, 0x40, 0x00, 33, C.IPPROTO_ICMP, 0, 0, 127, 0, 0, 7, 127, 0, 0, 1])
    const sum = internetChecksum(pkt, 0, 20)
    pkt[10] = sum >> 8
    pkt[11] = sum & 0xff
    tx.sendTo(pkt, new SockaddrInet4('127.0.0.1'), 0, total)
    const buf = new Uint8Array(1500)
    let request = null as ReturnType<typeof parseIPv4Header> | null
    readUntil(rx, buf, (len) => {
      const ip = parseIPv4Header(buf)
      const echo = parseEcho(buf, ip.headerLength, len - ip.headerLength)
      if (echo.id !== id) return false
      if (echo.type === ICMP_ECHO_REQUEST) request = ip
      return echo.type === ICMP_ECHO_REPLY && ip.destination === '127.0.0.7'
    })
    expect(request).toMatchObject({ ttl: 33, id: 0x1234, source: '127.0.0.7', destination: '127.0.0.1', flags: 2 })
    rx.close()
    tx.close()
  })

  it('dialRaw4 connects: write sends to the peer, read sees only its packets', () => {
    const sock = dialRaw4(C.IPPROTO_ICMP, null, '127.0.0.1')
    const req = new Uint8Array(16)
    const id = (process.pid + 3) & 0xffff
    sock.write(req.subarray(0, buildEchoRequest4(req, id, 1)))
    const buf = new Uint8Array(1500)
    const n = readUntil(sock, buf, (len) => parseEcho(buf, 20, len - 20).id === id)
    expect(n).toBeGreaterThan(20)
    // getpeername(2) reports ENOTCONN on a connected raw socket (no port): the dialed address is kept instead, as Go's RemoteAddr
    expect(sock.remoteAddr()?.toString()).toBe('127.0.0.1:0')
    sock.close()
  })

  it("newICMPSocket4/6 are raw ICMP sockets, as Go's NewICMPSocket4/6; newPingSocket4/6 are ping sockets", async () => {
    const r = await import('@sock/raw')
    const { constants: K } = await import('@sock/core')
    for (const [open, domain, proto] of [
      [r.newICMPSocket4, K.AF_INET, K.IPPROTO_ICMP],
      [r.newICMPSocket6, K.AF_INET6, K.IPPROTO_ICMPV6],
    ] as const) {
      const s = open()
      expect([s.domain, s.type, s.protocol]).toEqual([domain, K.SOCK_RAW, proto])
      s.close()
    }
    for (const open of [r.newPingSocket4, r.newPingSocket6]) {
      try {
        const s = open()
        expect(s.type).toBe(K.SOCK_DGRAM)
        s.close()
      } catch (err) {
        expect((err as { code?: string }).code).toBe('EACCES') // ping_group_range excludes us: still not a raw socket
      }
    }
  })

  it('adopt checks the kind', async () => {
    const sock = newRawSocket4(C.IPPROTO_ICMP)
    const again = RawConn.adopt(sock.detach())
    expect(again.family).toBe(4)
    again.close()
  })
})
