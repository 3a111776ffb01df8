import { describe, expect, it } from 'vitest'
import * as o from '@sock/opts'
import { listenTCP4, dialTCP4, listenTCP6, TCPConn } from '@sock/tcp'
import { createSocket, type Socket as DgramSocket } from 'node:dgram'
import { once } from 'node:events'
import { constants as C } from '@sock/core'
import { runningAsRoot } from '../../../test-support/prerequisites.js'

const lo = { address: '127.0.0.1', port: 0 }

/** A node:dgram socket bound on loopback (@sock/opts takes Node's sockets too; @sock/udp depends on @sock/opts). */
async function dgram4(connectTo?: number): Promise<DgramSocket> {
  const s = createSocket('udp4')
  s.bind(0, '127.0.0.1')
  await once(s, 'listening')
  if (connectTo !== undefined) {
    s.connect(connectTo, '127.0.0.1')
    await once(s, 'connect')
  }
  return s
}
const isRoot = runningAsRoot()

async function pair() {
  const ln = listenTCP4(lo)
  const c = dialTCP4(null, ln.address())
  const s = await ln.acceptAsync()
  await c.waitWritable()
  return { ln, c, s, close: () => [c, s, ln].forEach((x) => x.close()) }
}

describe('SOL_SOCKET', () => {
  it('boolean options set and read back', () => {
    const s = TCPConn.open4()
    for (const [get, set] of [
      [o.getBroadcast, o.setBroadcast],
      [o.getKeepAlive, o.setKeepAlive],
      [o.getReuseAddr, o.setReuseAddr],
      [o.getReusePort, o.setReusePort],
      [o.getTimestamp, o.setTimestamp],
      [o.getTimestampNs, o.setTimestampNs],
      [o.getZeroCopy, o.setZeroCopy],
      [o.getCloseOnExec, o.setCloseOnExec],
      [o.getNonBlock, o.setNonBlock],
    ] as const) {
      set(s, true)
      expect(get(s), set.name).toBe(true)
      set(s, false)
      expect(get(s), set.name).toBe(false)
    }
    o.setNonBlock(s, true)
    o.setCloseOnExec(s, true)
    s.close()
  })

  it('buffer sizes follow the kernel (SO_SNDBUF / SO_RCVBUF are doubled)', () => {
    const s = TCPConn.open4()
    o.setSendBuffer(s, 65536)
    expect(o.getSendBuffer(s)).toBe(131072)
    o.setRecvBuffer(s, 65536)
    expect(o.getRecvBuffer(s)).toBe(131072)
    o.setRecvLowat(s, 100)
    expect(o.getRecvLowat(s)).toBe(100)
    o.setPriority(s, 3)
    expect(o.getPriority(s)).toBe(3)
    s.close()
  })

  it('SO_LINGER: seconds or null', () => {
    const s = TCPConn.open4()
    expect(o.getLinger(s)).toBeNull()
    o.setLinger(s, 5)
    expect(o.getLinger(s)).toBe(5)
    o.setLinger(s, 0)
    expect(o.getLinger(s)).toBe(0)
    o.setLinger(s, null)
    expect(o.getLinger(s)).toBeNull()
    expect(() => o.setLinger(s, -1)).toThrow(RangeError)
    s.close()
  })

  it('read-only kind options and SO_ERROR', async () => {
    const p = await pair()
    expect(o.getDomain(p.c)).toBe(C.AF_INET)
    expect(o.getSocketType(p.c)).toBe(C.SOCK_STREAM)
    expect(o.getProtocol(p.c)).toBe(C.IPPROTO_TCP)
    expect(o.getAcceptConn(p.ln)).toBe(true)
    expect(o.getAcceptConn(p.c)).toBe(false)
    expect(o.getSocketError(p.c)).toBe(0)
    expect(o.getIncomingCPU(p.c)).toBeGreaterThanOrEqual(-1)
    p.close()
  })

  it.skipIf(!isRoot)('privileged options as root: SO_MARK, SO_BINDTODEVICE, IP_TRANSPARENT, SO_BUSY_POLL', () => {
    const s = TCPConn.open4()
    o.setMark(s, 0x1234)
    expect(o.getMark(s)).toBe(0x1234)
    o.setBindToDevice(s, 'lo')
    expect(o.getBindToDevice(s)).toBe('lo')
    o.setBindToDevice(s, '')
    expect(o.getBindToDevice(s)).toBe('')
    o.setIPTransparent(s, true)
    expect(o.getIPTransparent(s)).toBe(true)
    o.setBusyPoll(s, 50)
    expect(o.getBusyPoll(s)).toBe(50)
    o.setPriority(s, 7)
    expect(o.getPriority(s)).toBe(7)
    s.close()
  })
})

describe('IPPROTO_IP / IPPROTO_IPV6', () => {
  it('TTL, TOS, freebind, MTU discovery, receive flags', async () => {
    const s = await dgram4()
    o.setIPTTL(s, 17)
    expect(o.getIPTTL(s)).toBe(17)
    o.setIPTOS(s, 0x28)
    expect(o.getIPTOS(s)).toBe(0x28)
    o.setIPFreebind(s, true)
    expect(o.getIPFreebind(s)).toBe(true)
    o.setIPMTUDiscover(s, C.IP_PMTUDISC_DO)
    expect(o.getIPMTUDiscover(s)).toBe(C.IP_PMTUDISC_DO)
    for (const [get, set] of [
      [o.getIPPktInfo, o.setIPPktInfo],
      [o.getIPRecvTOS, o.setIPRecvTOS],
      [o.getIPRecvTTL, o.setIPRecvTTL],
    ] as const) {
      set(s, true)
      expect(get(s)).toBe(true)
    }
    expect(() => o.getIPMTU(s)).toThrow(expect.objectContaining({ code: 'ENOTCONN' }))
    s.close()
    const c = await dgram4(9)
    expect(o.getIPMTU(c)).toBe(65535) // lo's 65536-byte MTU, capped at the largest IPv4 packet (IP_MAX_MTU)
    c.close()
  })

  it('IPv6: v6only, unicast hops, traffic class, freebind, pktinfo, MTU', () => {
    const ln = listenTCP6({ address: '::1', port: 0 })
    expect(o.getIPv6Only(ln)).toBe(true)
    o.setIPv6UnicastHops(ln, 9)
    expect(o.getIPv6UnicastHops(ln)).toBe(9)
    o.setIPv6TClass(ln, 0x10)
    expect(o.getIPv6TClass(ln)).toBe(0x10)
    o.setIPv6Freebind(ln, true)
    expect(o.getIPv6Freebind(ln)).toBe(true)
    o.setIPv6RecvPktInfo(ln, true)
    expect(o.getIPv6RecvPktInfo(ln)).toBe(true)
    o.setIPv6MTUDiscover(ln, C.IP_PMTUDISC_PROBE)
    expect(o.getIPv6MTUDiscover(ln)).toBe(C.IP_PMTUDISC_PROBE)
    ln.close()
  })

  it('SO_ORIGINAL_DST is ENOENT for a connection netfilter did not redirect', async () => {
    const p = await pair()
    expect(() => o.getOriginalDst(p.s)).toThrow(expect.objectContaining({ code: 'ENOENT' }))
    p.close()
  })
})

describe('IPPROTO_TCP', () => {
  it('integer and boolean options set and read back', async () => {
    const p = await pair()
    const cases: [(s: TCPConn) => number | boolean, (s: TCPConn, v: never) => void, number | boolean][] = [
      [o.getTCPCork, o.setTCPCork, true],
      [o.getTCPKeepCnt, o.setTCPKeepCnt, 4],
      [o.getTCPKeepIdle, o.setTCPKeepIdle, 30],
      [o.getTCPKeepIntvl, o.setTCPKeepIntvl, 7],
      [o.getTCPLinger2, o.setTCPLinger2, 20],
      [o.getTCPNoDelay, o.setTCPNoDelay, true],
      [o.getTCPNotSentLowat, o.setTCPNotSentLowat, 16384],
      [o.getTCPSyncnt, o.setTCPSyncnt, 3],
      [o.getTCPUserTimeout, o.setTCPUserTimeout, 12345],
    ] as never
    for (const [get, set, v] of cases) {
      set(p.c, v as never)
      expect(get(p.c), set.name).toBe(v)
    }
    o.setTCPQuickAck(p.c, true)
    expect(typeof o.getTCPQuickAck(p.c)).toBe('boolean')
    p.close()
  })

  it("follows the kernel's adjustments: TCP_DEFER_ACCEPT rounds up to its retransmit schedule, TCP_WINDOW_CLAMP has a floor", () => {
    const ln = listenTCP4(lo)
    const rounded = [1, 3, 5, 10, 30].map((s) => (o.setTCPDeferAccept(ln, s), o.getTCPDeferAccept(ln)))
    expect(rounded).toEqual([1, 3, 7, 15, 31])
    o.setTCPWindowClamp(ln, 100)
    expect(o.getTCPWindowClamp(ln)).toBeGreaterThan(100)
    o.setTCPFastOpen(ln, 16)
    expect(o.getTCPFastOpen(ln)).toBe(16)
    ln.close()
  })

  it('TCP_CONGESTION and TCP_MAXSEG', () => {
    const s = TCPConn.open4()
    o.setTCPCongestion(s, 'reno')
    expect(o.getTCPCongestion(s)).toBe('reno')
    expect(() => o.setTCPCongestion(s, 'no-such-algorithm')).toThrow(expect.objectContaining({ code: 'ENOENT' }))
    o.setTCPMaxSeg(s, 1000)
    expect(o.getTCPMaxSeg(s)).toBe(1000)
    s.close()
  })
})

describe('IPPROTO_UDP', () => {
  it('UDP_SEGMENT, UDP_GRO, UDP_CORK', async () => {
    const s = await dgram4()
    o.setUDPSegment(s, 1200)
    expect(o.getUDPSegment(s)).toBe(1200)
    o.setUDPGRO(s, true)
    expect(o.getUDPGRO(s)).toBe(true)
    o.setUDPCork(s, true)
    expect(o.getUDPCork(s)).toBe(true)
    s.close()
  })
})

describe('the generic escape hatch', () => {
  it('getsockopt / setsockopt with raw bytes', () => {
    const s = TCPConn.open4()
    const v = new Uint8Array(4)
    new DataView(v.buffer).setInt32(0, 1, true)
    o.setsockopt(s, C.IPPROTO_TCP, C.TCP_NODELAY, v)
    const out = new Uint8Array(4)
    expect(o.getsockopt(s, C.IPPROTO_TCP, C.TCP_NODELAY, out)).toBe(4)
    expect(new DataView(out.buffer).getInt32(0, true)).toBe(1)
    s.close()
  })
})
