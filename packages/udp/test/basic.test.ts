import { describe, expect, it } from 'vitest'
import { listenUDP, listenUDP4, listenUDP6, dialUDP4, UDPConn, UDPMessageInfo } from '@sock/udp'
import { WOULD_BLOCK } from '@sock/core'
import { SockaddrInet4, SockaddrInet6 } from '@sock/addr'

const lo = { address: '127.0.0.1', port: 0 }

describe('datagrams', () => {
  it('recvFrom writes the sender into a caller-owned Sockaddr; sendTo takes a pre-encoded one', () => {
    const a = listenUDP4(lo)
    const b = listenUDP4(lo)
    const to = b.localAddr() as SockaddrInet4
    expect(a.sendTo(Buffer.from('hi'), to)).toBe(2)
    const from = new SockaddrInet4()
    const raw = from.raw
    const buf = Buffer.alloc(16)
    b.setReadDeadline(Date.now() + 1000)
    expect(b.recvFrom(buf, from)).toBe(2)
    expect(from.raw).toBe(raw)
    expect(from.port).toBe(a.address().port)
    b.setReadDeadline(0)
    expect(b.recvFrom(buf, from)).toBe(WOULD_BLOCK)
    a.close()
    b.close()
  })

  it('0-byte datagrams are delivered', () => {
    const a = listenUDP4(lo)
    const b = listenUDP4(lo)
    a.sendTo(new Uint8Array(0), b.address())
    b.setReadDeadline(Date.now() + 1000)
    expect(b.read(Buffer.alloc(4))).toBe(0)
    a.close()
    b.close()
  })

  it('a truncated datagram sets MSG_TRUNC in recvMsg while recvFrom truncates silently', () => {
    const a = listenUDP4(lo)
    const b = listenUDP4(lo)
    b.setReadDeadline(Date.now() + 1000)
    a.sendTo(Buffer.from('0123456789'), b.address())
    expect(b.recvFrom(Buffer.alloc(4), new SockaddrInet4())).toBe(4)
    a.sendTo(Buffer.from('0123456789'), b.address())
    const info = new UDPMessageInfo(4)
    expect(b.recvMsg(Buffer.alloc(4), info)).toBe(4)
    expect(info.truncated).toBe(true)
    expect(info.from.port).toBe(a.address().port)
    a.close()
    b.close()
  })

  it('a 70000-byte send throws EMSGSIZE', () => {
    const a = listenUDP4(lo)
    expect(() => a.sendTo(Buffer.alloc(70000), { address: '127.0.0.1', port: 9 })).toThrow(expect.objectContaining({ code: 'EMSGSIZE', syscall: 'sendto' }))
    a.close()
  })

  it('a connected socket to a closed port sees ECONNREFUSED on the next read, then would-block', async () => {
    const gone = listenUDP4(lo)
    const port = gone.address().port
    gone.close()
    const c = dialUDP4(null, { address: '127.0.0.1', port })
    expect(c.remoteAddress()).toEqual({ address: '127.0.0.1', family: 'IPv4', port })
    c.write(Buffer.from('x'))
    await c.waitReadable() // the ICMP port unreachable arrives as an error
    expect(() => c.read(Buffer.alloc(4))).toThrow(expect.objectContaining({ code: 'ECONNREFUSED' }))
    expect(c.read(Buffer.alloc(4))).toBe(WOULD_BLOCK)
    c.close()
  })

  it('async forms and async iteration', async () => {
    const a = listenUDP4(lo)
    const b = listenUDP4(lo)
    const got: string[] = []
    const it = (async () => {
      for await (const d of b) {
        got.push(`${Buffer.from(d.data)}@${d.from.port}`)
        if (got.length === 2) break
      }
    })()
    await a.sendToAsync(Buffer.from('one'), b.address())
    await a.sendToAsync(Buffer.from('two'), b.localAddr()!)
    await it
    expect(got).toEqual([`one@${a.address().port}`, `two@${a.address().port}`])
    const from = new SockaddrInet4()
    const p = b.recvFromAsync(Buffer.alloc(8), from)
    a.sendTo(Buffer.from('three'), b.address())
    expect(await p).toBe(5)
    a.close()
    b.close()
  })

  it('IPv6 and dual-stack', () => {
    const v6 = listenUDP6({ address: '::1', port: 0 })
    const any = listenUDP('udp')
    expect(any.address().address).toBe('::')
    const c4 = listenUDP4(lo)
    c4.sendTo(Buffer.from('4'), { address: '127.0.0.1', port: any.address().port })
    const from = new SockaddrInet6()
    any.setReadDeadline(Date.now() + 1000)
    expect(any.recvFrom(Buffer.alloc(4), from)).toBe(1)
    expect(from.address).toBe('::ffff:127.0.0.1')
    v6.sendTo(Buffer.from('6'), { address: '::1', port: any.address().port })
    expect(any.recvFrom(Buffer.alloc(4), from)).toBe(1)
    expect(from.address).toBe('::1')
    for (const s of [v6, any, c4]) s.close()
  })

  it('broadcast needs SO_BROADCAST', () => {
    const rx = listenUDP4({ address: '0.0.0.0', port: 0 })
    const tx = listenUDP4(lo)
    const to = { address: '127.255.255.255', port: rx.address().port }
    expect(() => tx.sendTo(Buffer.from('b'), to)).toThrow(expect.objectContaining({ code: 'EACCES' }))
    tx.setBroadcast(true)
    expect(tx.sendTo(Buffer.from('b'), to)).toBe(1)
    rx.setReadDeadline(Date.now() + 1000)
    expect(rx.read(Buffer.alloc(4))).toBe(1)
    rx.close()
    tx.close()
  })

  it('SO_REUSEADDR is off unless asked; the step-by-step path works', () => {
    const a = listenUDP4(lo)
    expect(() => listenUDP4({ address: '127.0.0.1', port: a.address().port })).toThrow(expect.objectContaining({ code: 'EADDRINUSE' }))
    const s = UDPConn.open4()
    s.setRecvBufferSize(1 << 16)
    s.bind(lo).connect(a.address())
    expect(s.remoteAddress().port).toBe(a.address().port)
    a.close()
    s.close()
  })
})

describe('dialUDP needs a remote address', () => {
  it('throws instead of connecting to 0.0.0.0:0', async () => {
    const { dialUDP4, dialUDP6 } = await import('@sock/udp')
    expect(() => dialUDP4(null, null as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }))
    expect(() => dialUDP6(null, undefined as never)).toThrow(/needs a remote address/)
  })
})

describe('a connected UDP socket', () => {
  it('refuses sendTo/sendToAsync/sendMsg({ to }) with ERR_SOCKET_DGRAM_IS_CONNECTED, as node:dgram does; write still works', async () => {
    const { listenUDP4, dialUDP4 } = await import('@sock/udp')
    const peer = listenUDP4({ address: '127.0.0.1', port: 0 })
    const other = listenUDP4({ address: '127.0.0.1', port: 0 })
    const conn = dialUDP4(null, peer.address())
    try {
      const code = expect.objectContaining({ code: 'ERR_SOCKET_DGRAM_IS_CONNECTED' })
      expect(() => conn.sendTo(Buffer.from('x'), other.address())).toThrow(code)
      await expect(conn.sendToAsync(Buffer.from('x'), other.address())).rejects.toMatchObject({ code: 'ERR_SOCKET_DGRAM_IS_CONNECTED' })
      expect(() => conn.sendMsg(Buffer.from('x'), { to: other.address() })).toThrow(code)
      expect(conn.write(Buffer.from('ok'))).toBe(2)
      peer.setReadDeadline(Date.now() + 10_000)
      expect(peer.recvFrom(new Uint8Array(8))).toBe(2)
    } finally {
      for (const s of [peer, other, conn]) s.close()
    }
  })

  it('closes with await using (Symbol.asyncDispose)', async () => {
    const { listenUDP4 } = await import('@sock/udp')
    let seen: { closed: boolean } | undefined
    {
      await using s = listenUDP4({ address: '127.0.0.1', port: 0 })
      seen = s
      expect(s.closed).toBe(false)
    }
    expect(seen!.closed).toBe(true)
  })
})

describe('multicast settings read back', () => {
  it('TTL / hop limit, loopback and interface, IPv4 and IPv6', async () => {
    const { listenUDP4, listenUDP6 } = await import('@sock/udp')
    const v4 = listenUDP4({ address: '127.0.0.1', port: 0 })
    const v6 = listenUDP6({ address: '::1', port: 0 })
    try {
      expect(v4.getMulticastTTL()).toBe(1) // the kernel's default
      v4.setMulticastTTL(7).setMulticastLoopback(false)
      expect(v4.getMulticastTTL()).toBe(7)
      expect(v4.getMulticastLoopback()).toBe(false)
      v4.setMulticastInterface('127.0.0.1')
      expect(v4.getMulticastInterface()).toBe('127.0.0.1')
      v6.setMulticastTTL(9).setMulticastLoopback(true).setMulticastInterface(1)
      expect(v6.getMulticastTTL()).toBe(9)
      expect(v6.getMulticastLoopback()).toBe(true)
      expect(v6.getMulticastInterface()).toBe(1)
    } finally {
      v4.close()
      v6.close()
    }
  })
})
