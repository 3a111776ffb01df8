import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { hasCommand, prerequisite } from '../../../test-support/prerequisites.js'
import { listenUDP4, listenUDP6, UDPMessageInfo } from '@sock/udp'
import { SockaddrInet4, SockaddrInet6 } from '@sock/addr'

describe('recvMsg / sendMsg with ancillary data', () => {
  it('destination address, TOS, TTL and kernel timestamps (IPv4)', () => {
    const rx = listenUDP4({ address: '0.0.0.0', port: 0 })
    rx.setRecvPktInfo().setRecvTOS().setRecvTTL().setTimestampNs()
    const tx = listenUDP4({ address: '127.0.0.1', port: 0 })
    tx.setTOS(0x28).setTTL(42)
    tx.sendTo(Buffer.from('meta'), { address: '127.0.0.3', port: rx.address().port })
    const info = new UDPMessageInfo(4)
    const buf = Buffer.alloc(16)
    rx.setReadDeadline(Date.now() + 1000)
    expect(rx.recvMsg(buf, info)).toBe(4)
    expect(info.hasPktInfo).toBe(true)
    expect(info.localAddress.address).toBe('127.0.0.3')
    expect(info.ifIndex).toBe(1) // lo
    expect(info.tos).toBe(0x28)
    expect(info.ttl).toBe(42)
    expect(Math.abs(info.timestampSec * 1000 + info.timestampNsec / 1e6 - Date.now())).toBeLessThan(5000)
    expect(info.from.toString()).toBe(`127.0.0.1:${tx.address().port}`)
    rx.close()
    tx.close()
  })

  it('IPv6 packet info, traffic class and hop limit', () => {
    const rx = listenUDP6({ address: '::1', port: 0 })
    rx.setRecvPktInfo().setRecvTOS().setRecvTTL()
    const tx = listenUDP6({ address: '::1', port: 0 })
    tx.setTOS(0x10).setTTL(7)
    tx.sendTo(Buffer.from('six'), rx.address())
    const info = new UDPMessageInfo(6)
    rx.setReadDeadline(Date.now() + 1000)
    expect(rx.recvMsg(Buffer.alloc(8), info)).toBe(3)
    expect(info.localAddress.address).toBe('::1')
    expect(info.tos).toBe(0x10)
    expect(info.ttl).toBe(7)
    rx.close()
    tx.close()
  })

  it('sends from a chosen source address (IP_PKTINFO)', () => {
    const rx = listenUDP4({ address: '127.0.0.1', port: 0 })
    const tx = listenUDP4({ address: '0.0.0.0', port: 0 })
    expect(tx.sendMsg(Buffer.from('src'), { to: rx.address(), from: '127.0.0.5' })).toBe(3)
    const info = new UDPMessageInfo(4)
    rx.setReadDeadline(Date.now() + 1000)
    rx.recvMsg(Buffer.alloc(8), info)
    expect(info.from.address).toBe('127.0.0.5')
    // the same with a pre-built Sockaddr (its port is ignored), which costs nothing per send
    expect(tx.sendMsg(Buffer.from('sa'), { to: rx.address(), from: new SockaddrInet4('127.0.0.6', 9) })).toBe(2)
    rx.recvMsg(Buffer.alloc(8), info)
    expect(info.from.address).toBe('127.0.0.6')
    expect(info.from.port).toBe(tx.address().port)
    // a source of the other family is an argument error before any syscall
    expect(() => tx.sendMsg(Buffer.from('x'), { to: rx.address(), from: new SockaddrInet6('::1') })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    )
    rx.close()
    tx.close()
  })

  it('GSO: UDP_SEGMENT=100 and a 250-byte send arrive as 100, 100, 50', () => {
    const rx = listenUDP4({ address: '127.0.0.1', port: 0 })
    const tx = listenUDP4({ address: '127.0.0.1', port: 0 })
    tx.setUDPSegment(100)
    expect(tx.getUDPSegment()).toBe(100)
    expect(tx.sendTo(Buffer.alloc(250, 1), rx.address())).toBe(250)
    tx.setUDPSegment(0)
    expect(tx.sendMsg(Buffer.alloc(250, 2), { to: rx.address(), segmentSize: 100 })).toBe(250) // per send
    rx.setReadDeadline(Date.now() + 1000)
    const sizes = Array.from({ length: 6 }, () => rx.read(Buffer.alloc(1000)))
    expect(sizes).toEqual([100, 100, 50, 100, 100, 50])
    rx.close()
    tx.close()
  })

  it('GRO: the receiver gets one 250-byte read carrying segment size 100', () => {
    const rx = listenUDP4({ address: '127.0.0.1', port: 0 })
    rx.setUDPGRO(true)
    const tx = listenUDP4({ address: '127.0.0.1', port: 0 })
    tx.sendMsg(Buffer.alloc(250, 3), { to: rx.address(), segmentSize: 100 })
    const info = new UDPMessageInfo(4)
    rx.setReadDeadline(Date.now() + 1000)
    expect(rx.recvMsg(Buffer.alloc(1000), info)).toBe(250)
    expect(info.segmentSize).toBe(100)
    rx.close()
    tx.close()
  })
})

describe('recvMsg checks the family of its UDPMessageInfo', () => {
  it('an IPv6 info on an IPv4 socket is ERR_INVALID_ARG_VALUE before recvmsg (the datagram stays queued)', async () => {
    const { listenUDP4, UDPMessageInfo } = await import('@sock/udp')
    const a = listenUDP4({ address: '127.0.0.1', port: 0 })
    const b = listenUDP4({ address: '127.0.0.1', port: 0 })
    try {
      a.sendTo(Buffer.from('x'), b.localAddr()!)
      const buf = new Uint8Array(16)
      expect(() => b.recvMsg(buf, new UDPMessageInfo(6))).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }))
      await expect(b.recvMsgAsync(buf, new UDPMessageInfo(6))).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' })
      const info = new UDPMessageInfo(4)
      b.setReadDeadline(Date.now() + 10_000)
      expect(b.recvMsg(buf, info)).toBe(1)
      expect(info.from.port).toBe(a.address().port)
    } finally {
      a.close()
      b.close()
    }
  })
})

describe('sendMsg with control messages of your own (CmsgWriter)', () => {
  it('per-datagram IP_TTL and IP_TOS, as python3 receives them', async () => {
    if (!prerequisite('python3', hasCommand('python3', '-c', 'pass'))) return
    const { CmsgWriter, constants: C } = await import('@sock/core')
    // the option numbers from the C headers (python's socket module lacks IP_RECVTTL)
    const py = spawn(
      'python3',
      [
        '-c',
        `
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', 0))
s.setsockopt(socket.IPPROTO_IP, ${C.IP_RECVTTL}, 1)
s.setsockopt(socket.IPPROTO_IP, ${C.IP_RECVTOS}, 1)
s.settimeout(20)
print(s.getsockname()[1], flush=True)
for _ in range(2):
    data, anc, flags, addr = s.recvmsg(64, 256)
    got = {}
    for level, kind, value in anc:
        if kind == ${C.IP_TTL}: got['ttl'] = struct.unpack('i', value[:4])[0]
        if kind == ${C.IP_TOS}: got['tos'] = value[0]
    print(data.decode(), got['ttl'], got['tos'], flush=True)
`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let out = ''
    const exited = once(py, 'exit')
    const firstLine = new Promise<void>((resolve) =>
      py.stdout.on('data', (d) => {
        out += d
        if (out.includes('\n')) resolve()
      }),
    )
    await Promise.race([firstLine, exited])
    const port = Number(out.split('\n')[0])
    expect(port).toBeGreaterThan(0)
    const tx = listenUDP4({ address: '127.0.0.1', port: 0 })
    const control = new CmsgWriter(new Uint8Array(64))
    control.addInt(C.IPPROTO_IP, C.IP_TTL, 17).addInt(C.IPPROTO_IP, C.IP_TOS, 0x20)
    expect(tx.sendMsg(Buffer.from('one'), { to: { address: '127.0.0.1', port }, control })).toBe(3)
    const view = control.view
    control.reset().addInt(C.IPPROTO_IP, C.IP_TTL, 3).addInt(C.IPPROTO_IP, C.IP_TOS, 0x48)
    expect(control.view).toBe(view) // same layout, same view: nothing allocated per send
    expect(await tx.sendMsgAsync(Buffer.from('two'), { to: { address: '127.0.0.1', port }, control })).toBe(3)
    const [code] = await exited
    expect(code).toBe(0)
    expect(out.trim().split('\n').slice(1)).toEqual(['one 17 32', 'two 3 72'])
    // control with from/segmentSize is ambiguous; a wrong type is a TypeError
    expect(() => tx.sendMsg(Buffer.from('x'), { to: { address: '127.0.0.1', port }, control, segmentSize: 100 })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    )
    expect(() => tx.sendMsg(Buffer.from('x'), { to: { address: '127.0.0.1', port }, control: new Uint8Array(8) as never })).toThrow(TypeError)
    tx.close()
  })
})
