import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { NetSocket, WOULD_BLOCK, SockError, constants as C, listenFds, applySocketOptions } from '../src/index.js'
import { errnoError, toMonotonicDeadline, monotonicNow } from '../src/internal.js'
import { SockaddrInet4, SockaddrInet6 } from '@sock/addr'

describe('SockError', () => {
  it("is shaped like Node's errors", () => {
    const e = errnoError(-C.ECONNREFUSED, 'connect', new SockaddrInet4('127.0.0.1', 9))
    expect(e).toBeInstanceOf(Error)
    expect(e).toBeInstanceOf(SockError)
    expect(e).toMatchObject({ code: 'ECONNREFUSED', errno: -C.ECONNREFUSED, syscall: 'connect', address: '127.0.0.1', port: 9 })
    expect(e.message).toMatch(/^connect ECONNREFUSED 127\.0\.0\.1:9/)
    expect(errnoError(-C.EADDRINUSE, 'bind', new SockaddrInet6('::1', 80)).address).toBe('::1')
    // fields without a value are absent, not own properties set to undefined (as on Node's errors)
    const bare = errnoError(-C.EPIPE, 'write')
    expect(Object.keys(bare).sort()).toEqual(['code', 'errno', 'name', 'syscall'])
  })

  it('WOULD_BLOCK is -EAGAIN', () => {
    expect(WOULD_BLOCK).toBe(-C.EAGAIN)
  })
})

describe('generic NetSocket', () => {
  it('any (domain, type, protocol): UDP with caller-owned addresses', () => {
    const a = NetSocket.open(C.AF_INET, C.SOCK_DGRAM, 0).bind(new SockaddrInet4('127.0.0.1', 0))
    const b = NetSocket.open(C.AF_INET, C.SOCK_DGRAM, 0).bind(new SockaddrInet4('127.0.0.1', 0))
    const to = b.localAddr() as SockaddrInet4
    const from = new SockaddrInet4()
    const buf = new Uint8Array(16)
    expect(b.recvFrom(buf, from)).toBe(WOULD_BLOCK)
    expect(a.sendTo(Uint8Array.of(1, 2, 3), to)).toBe(3)
    expect(a.sendTo(new Uint8Array(0), { address: '127.0.0.1', port: to.port })).toBe(0)
    b.setReadDeadline(Date.now() + 1000)
    expect(b.recvFrom(buf, from)).toBe(3)
    expect(from.port).toBe((a.localAddr() as SockaddrInet4).port)
    expect(b.read(buf)).toBe(0) // an empty datagram, not end of stream
    a.close()
    b.close()
  })

  it('a socket error names the syscall and the address', () => {
    const a = NetSocket.open(C.AF_INET, C.SOCK_DGRAM, 0).bind({ address: '127.0.0.1', port: 0 })
    const port = (a.localAddr() as SockaddrInet4).port
    const b = NetSocket.open(C.AF_INET, C.SOCK_DGRAM, 0)
    expect(() => b.bind({ address: '127.0.0.1', port })).toThrow(expect.objectContaining({ code: 'EADDRINUSE', syscall: 'bind', port }))
    a.close()
    b.close()
  })

  it('waitReadable honours its own deadline', async () => {
    const a = NetSocket.open(C.AF_INET, C.SOCK_DGRAM, 0).bind({ address: '127.0.0.1', port: 0 })
    const deadline = Date.now() + 30
    await expect(a.waitReadable({ deadline })).rejects.toMatchObject({ code: 'ETIMEDOUT', deadlineExceeded: true })
    expect(Date.now()).toBeGreaterThanOrEqual(deadline) // it ended only once the deadline had passed (an ordering, not a duration)
    a.close()
  })
})

describe('deadlines beyond what a timer or poll(2) can hold (2^31-1 ms, ~24.8 days)', () => {
  const far = new Date(8.64e15) // the latest Date there is

  it('a synchronous read waits on poll(2) in steps instead of failing', async () => {
    const b = NetSocket.open(C.AF_INET, C.SOCK_DGRAM, 0).bind({ address: '127.0.0.1', port: 0 })
    const port = (b.localAddr() as SockaddrInet4).port
    // python3 sends after 100 ms, while this thread is blocked in poll(2)
    const peer = spawn('python3', [
      '-c',
      `import socket, time; time.sleep(0.1); socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'late', ('127.0.0.1', ${port}))`,
    ])
    b.setReadDeadline(far)
    const buf = new Uint8Array(8)
    expect(b.read(buf)).toBe(4)
    expect(new TextDecoder().decode(buf.subarray(0, 4))).toBe('late')
    await once(peer, 'exit')
    b.close()
  })

  it('an async read arms a capped timer: no TimeoutOverflowWarning, no 1 ms re-arm loop', async () => {
    const warnings: Error[] = []
    const onWarning = (w: Error) => warnings.push(w)
    process.on('warning', onWarning)
    const a = NetSocket.open(C.AF_INET, C.SOCK_DGRAM, 0).bind({ address: '127.0.0.1', port: 0 })
    const b = NetSocket.open(C.AF_INET, C.SOCK_DGRAM, 0).bind({ address: '127.0.0.1', port: 0 })
    b.setReadDeadline(far)
    const pending = b.readAsync(new Uint8Array(8))
    await new Promise((r) => setTimeout(r, 50))
    a.sendTo(Uint8Array.of(7), b.localAddr()!)
    await expect(pending).resolves.toBe(1)
    await new Promise((r) => setImmediate(r))
    process.off('warning', onWarning)
    expect(warnings.map((w) => w.name)).toEqual([])
    a.close()
    b.close()
  })
})

describe('configure before bind/connect', () => {
  it('applies options, then control(), in order', () => {
    const s = NetSocket.open(C.AF_INET6, C.SOCK_STREAM, 0)
    const seen: string[] = []
    applySocketOptions(s, {
      reusePort: true,
      ipv6Only: true,
      recvBufferSize: 65536,
      bindToDevice: 'lo',
      mark: 7,
      freebind: true,
      control(sock) {
        seen.push('control')
        expect(sock).toBe(s)
        expect(sock.getsockoptInt(C.SOL_SOCKET, C.SO_REUSEPORT)).toBe(1)
      },
    })
    expect(seen).toEqual(['control'])
    expect(s.getsockoptInt(C.IPPROTO_IPV6, C.IPV6_V6ONLY)).toBe(1)
    expect(s.getRecvBufferSize()).toBe(131072) // Linux doubles SO_RCVBUF
    expect(s.getsockoptInt(C.SOL_SOCKET, C.SO_MARK)).toBe(7)
    expect(s.getsockoptInt(C.IPPROTO_IPV6, C.IPV6_FREEBIND)).toBe(1)
    s.close()
  })
})

describe('deadlines', () => {
  it('convert to monotonic time when set; 0 clears', () => {
    expect(toMonotonicDeadline(0)).toBe(0)
    expect(toMonotonicDeadline(null)).toBe(0)
    const d = toMonotonicDeadline(Date.now() + 1000)
    expect(d - monotonicNow()).toBeGreaterThan(900)
    expect(toMonotonicDeadline(new Date(0))).toBeGreaterThan(0) // expired, not "none"
    expect(() => toMonotonicDeadline(NaN)).toThrow(TypeError)
  })
})

describe('listenFds (systemd socket activation)', () => {
  it('reads LISTEN_FDS only for this pid and clears the variables', () => {
    const env: NodeJS.ProcessEnv = { LISTEN_PID: String(process.pid + 1), LISTEN_FDS: '2' }
    expect(listenFds(env)).toEqual([])
    expect(env.LISTEN_FDS).toBeUndefined()
    const s = NetSocket.open(C.AF_INET, C.SOCK_STREAM, 0)
    // fd 3 is whatever this process has there; only the parsing is checked here
    const env2: NodeJS.ProcessEnv = { LISTEN_PID: String(process.pid), LISTEN_FDS: '1', LISTEN_FDNAMES: 'web' }
    expect(listenFds(env2)).toEqual([{ fd: 3, name: 'web' }])
    s.close()
  })
})

describe('addresses of the wrong family', () => {
  it('an all-zero (AF_UNSPEC) or other-family address is an error before any syscall', async () => {
    const { SockaddrRaw } = await import('@sock/addr')
    const s = NetSocket.open(C.AF_INET, C.SOCK_DGRAM, 0)
    expect(() => s.connectRaw(new SockaddrRaw(new Uint8Array(16)))).toThrow(
      expect.objectContaining({ code: 'ERR_SOCK_INVALID_ADDRESS', message: expect.stringMatching(/AF_UNSPEC/) }),
    )
    expect(() => s.bind(new SockaddrInet6('::1', 0))).toThrow(expect.objectContaining({ code: 'ERR_SOCK_INVALID_ADDRESS' }))
    expect(() => s.sendTo(new Uint8Array(1), { address: '::1', port: 9 })).toThrow(expect.objectContaining({ code: 'ERR_SOCK_INVALID_ADDRESS' }))
    await expect(s.sendToAsync(new Uint8Array(1), { address: '::1', port: 9 })).rejects.toMatchObject({ code: 'ERR_SOCK_INVALID_ADDRESS' })
    const s6 = NetSocket.open(C.AF_INET6, C.SOCK_DGRAM, 0)
    expect(() => s6.sendTo(new Uint8Array(1), { address: '127.0.0.1', port: 9 })).toThrow(/does not fit/)
    expect(s6.sendTo(new Uint8Array(1), { address: '::ffff:127.0.0.1', port: 9 })).toBe(1) // the v4-mapped form is how
    s.close()
    s6.close()
  })
})

describe('a generic NetSocket listener (Go: a ListenConfig on any family)', () => {
  it('accepts: null with nothing queued, then a NetSocket of its kind, sync and async, from node:net clients', async () => {
    const net = await import('node:net')
    const ln = NetSocket.open(C.AF_INET, C.SOCK_STREAM, 0).bind({ address: '127.0.0.1', port: 0 })
    ln.listenRaw(16)
    const port = (ln.localAddr() as SockaddrInet4).port
    const clients: import('node:net').Socket[] = []
    try {
      expect(ln.accept()).toBeNull()
      clients.push(net.connect(port, '127.0.0.1'))
      const viaAsync = await ln.acceptAsync()
      expect(viaAsync).toBeInstanceOf(NetSocket)
      expect([viaAsync.domain, viaAsync.type]).toEqual([C.AF_INET, C.SOCK_STREAM])
      clients.push(net.connect(port, '127.0.0.1'))
      await once(clients[1], 'connect')
      const from = new SockaddrInet4()
      ln.setReadDeadline(Date.now() + 10_000)
      const viaSync = ln.accept(from)!
      expect(from.port).toBe(clients[1].localPort)
      clients[1].write('hi')
      viaSync.setReadDeadline(Date.now() + 10_000)
      const buf = new Uint8Array(4)
      expect(viaSync.read(buf)).toBe(2)
      viaAsync.close()
      viaSync.close()
    } finally {
      for (const c of clients) c.destroy()
      ln.close()
    }
  })
})

describe('control messages', () => {
  it('CmsgWriter lays messages out as CMSG_SPACE says, and CmsgCursor reads them back', async () => {
    const { CmsgWriter, CmsgCursor, cmsgSpace, cmsgLen } = await import('../src/index.js')
    const w = new CmsgWriter(new Uint8Array(cmsgSpace(4) + cmsgSpace(3)))
    w.addInt(C.IPPROTO_IP, C.IP_TTL, 9).add(C.SOL_SOCKET, 77, Uint8Array.of(1, 2, 3))
    expect(w.length).toBe(cmsgSpace(4) + cmsgSpace(3))
    expect(() => w.addInt(C.IPPROTO_IP, C.IP_TOS, 1)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
    expect(w.length).toBe(cmsgSpace(4) + cmsgSpace(3)) // nothing half-written
    expect(() => w.add(1, 2, 'x' as never)).toThrow(TypeError)
    expect(() => w.addInt(1, 2, 2 ** 31)).toThrow(RangeError)
    const c = new CmsgCursor().reset(w.buffer, w.length)
    expect(c.next()).toBe(true)
    expect([c.level, c.type, c.dataLength]).toEqual([C.IPPROTO_IP, C.IP_TTL, 4])
    expect(w.buffer[c.dataOffset]).toBe(9)
    expect(c.next()).toBe(true)
    expect([c.level, c.type, c.dataLength]).toEqual([C.SOL_SOCKET, 77, 3])
    expect([...w.buffer.subarray(c.dataOffset, c.dataOffset + 3)]).toEqual([1, 2, 3])
    expect(c.next()).toBe(false)
    expect(cmsgLen(3)).toBeLessThanOrEqual(cmsgSpace(3))
  })

  it('CmsgCursor stops at malformed control data instead of reading past it', async () => {
    const { CmsgWriter, CmsgCursor, cmsgLen } = await import('../src/index.js')
    const { native } = await import('../src/native.js')
    const L = native.layout
    const w = new CmsgWriter(new Uint8Array(64)).addInt(1, 2, 3)
    const c = new CmsgCursor()
    const lenAt = (b: Uint8Array, v: number, high = 0) => {
      const dv = new DataView(b.buffer, b.byteOffset)
      if (L.cmsg_len_size === 8) dv.setBigUint64(L.cmsg_len, (BigInt(high) << 32n) | BigInt(v), true)
      else dv.setUint32(L.cmsg_len, v, true)
    }
    // a control length shorter than one header
    expect(c.reset(w.buffer, L.cmsghdr - 1).next()).toBe(false)
    // cmsg_len smaller than the header itself
    const b = w.buffer.slice()
    lenAt(b, L.cmsg_data - 1)
    expect(c.reset(b, 64).next()).toBe(false)
    // cmsg_len past the control data
    lenAt(b, 64)
    expect(c.reset(b, cmsgLen(4)).next()).toBe(false)
    // a huge cmsg_len whose low half looks small (64-bit size_t)
    if (L.cmsg_len_size === 8) {
      lenAt(b, cmsgLen(4), 1)
      expect(c.reset(b, 64).next()).toBe(false)
    }
    // a length beyond the buffer is clamped to it: the next header would lie past the end
    lenAt(b, cmsgLen(4))
    expect(c.reset(b, 10_000).next()).toBe(true)
    expect(c.next()).toBe(false)
    // an empty buffer
    expect(c.reset(new Uint8Array(0), 0).next()).toBe(false)
  })
})
