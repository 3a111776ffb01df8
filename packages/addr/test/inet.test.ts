import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { SocketAddress } from 'node:net'
import {
  SockaddrInet4,
  SockaddrInet6,
  fromAddressInfo,
  parseSockaddr,
  toSocketAddress,
  decodeSockaddr,
  decodeSockaddrInto,
  AF_INET,
  AF_INET6,
} from '../src/index.js'

describe('SockaddrInet4', () => {
  it('lays out a kernel sockaddr_in and edits it in place', () => {
    const sa = new SockaddrInet4('10.1.2.3', 0x1f90)
    expect(sa.length).toBe(16)
    expect(sa.raw.length).toBe(16)
    expect(sa.raw[0] | (sa.raw[1] << 8)).toBe(AF_INET)
    expect([...sa.raw.subarray(2, 8)]).toEqual([0x1f, 0x90, 10, 1, 2, 3])
    const raw = sa.raw
    sa.port = 443
    sa.address = '192.168.0.1'
    expect(sa.raw).toBe(raw)
    expect(sa.toString()).toBe('192.168.0.1:443')
    expect(new SockaddrInet4(Uint8Array.of(127, 0, 0, 1), 80).address).toBe('127.0.0.1')
  })

  it('rejects bad addresses and ports with stable codes', () => {
    for (const bad of ['1.2.3', '256.1.1.1', '01.2.3.4', 'localhost', '::1', ''])
      expect(() => new SockaddrInet4(bad)).toThrow(expect.objectContaining({ code: 'ERR_SOCK_INVALID_ADDRESS' }))
    for (const bad of [-1, 65536, 1.5, NaN]) expect(() => new SockaddrInet4('1.2.3.4', bad)).toThrow(expect.objectContaining({ code: 'ERR_SOCK_INVALID_PORT' }))
    expect(() => new SockaddrInet4('localhost')).toThrow(/no DNS/)
  })
})

describe('SockaddrInet6', () => {
  it('formats like inet_ntop (RFC 5952)', () => {
    const cases: [string, string][] = [
      ['::', '::'],
      ['::1', '::1'],
      ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
      ['2001:db8::1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
      ['fe80::', 'fe80::'],
      ['::ffff:10.1.2.3', '::ffff:10.1.2.3'],
      ['::ffff:0a01:0203', '::ffff:10.1.2.3'],
      ['64:ff9b::1.2.3.4', '64:ff9b::102:304'],
    ]
    for (const [input, out] of cases) expect(new SockaddrInet6(input).address).toBe(out)
  })

  it("formats exactly as the C library's inet_ntop (python3's socket.inet_ntop), IPv4-compatible ::a.b.c.d included", () => {
    const inputs = ['::1.2.3.4', '::2:3', '::0.0.1.0', '::1:0:0', '::ffff:0:1', '0:0:0:0:0:1:0:1', '1::', '1:0:0:2::3', '::ffff:1.2.3.4', '::1', '::']
    for (let i = 0; i < 40; i++) {
      // random addresses with runs of zero groups in random places
      const g = Array.from({ length: 8 }, (_, k) => (((i * 2654435761 + k * 40503) >>> (k % 3 === 0 ? 0 : 20)) % 4 === 0 ? 0 : (i * 31 + k * 977) & 0xffff))
      inputs.push(g.map((x) => x.toString(16)).join(':'))
    }
    const py = spawnSync(
      'python3',
      ['-c', 'import socket,sys\nfor a in sys.stdin.read().split():\n print(socket.inet_ntop(socket.AF_INET6, socket.inet_pton(socket.AF_INET6, a)))'],
      { input: inputs.join('\n'), encoding: 'utf8', timeout: 30_000 },
    )
    expect(py.status).toBe(0)
    expect(inputs.map((a) => new SockaddrInet6(a).address)).toEqual(py.stdout.trim().split('\n'))
  })

  it('keeps port, flow info and scope ID in kernel layout', () => {
    const sa = new SockaddrInet6('fe80::1', 8080, 1, 0x12345)
    expect(sa.length).toBe(28)
    expect(sa.raw[0] | (sa.raw[1] << 8)).toBe(AF_INET6)
    expect([sa.raw[2], sa.raw[3]]).toEqual([0x1f, 0x90])
    expect([...sa.raw.subarray(4, 8)]).toEqual([0, 1, 0x23, 0x45]) // flowinfo is network order
    expect(sa.scopeId).toBe(1)
    expect(sa.flowInfo).toBe(0x12345)
  })

  it('round-trips zones through the scope ID', () => {
    const sa = new SockaddrInet6('fe80::1%lo', 80)
    expect(sa.scopeId).toBe(1) // lo is interface 1
    expect(sa.zone).toBe('lo')
    expect(sa.toString()).toBe('[fe80::1%lo]:80')
    expect(parseSockaddr(sa.toString()).equals(sa)).toBe(true)
    expect(new SockaddrInet6('fe80::1%1').zone).toBe('lo')
    expect(() => new SockaddrInet6('fe80::1%nosuchif0')).toThrow(expect.objectContaining({ code: 'ERR_SOCK_INVALID_ADDRESS' }))
  })

  it('recognises IPv4-mapped and unspecified addresses', () => {
    expect(new SockaddrInet6('::ffff:127.0.0.1').isV4Mapped()).toBe(true)
    expect(new SockaddrInet6('::1').isV4Mapped()).toBe(false)
    expect(new SockaddrInet6('::').isUnspecified()).toBe(true)
  })

  it('rejects malformed literals', () => {
    for (const bad of [':::', '1::2::3', '12345::', '1:2:3:4:5:6:7:8:9', 'g::1', '1.2.3.4', '::1.2.3', 'example.com'])
      expect(() => new SockaddrInet6(bad), bad).toThrow(expect.objectContaining({ code: 'ERR_SOCK_INVALID_ADDRESS' }))
  })
})

describe('conversions', () => {
  it('parseSockaddr and toString round-trip', () => {
    for (const s of ['1.2.3.4:80', '[::1]:443', '[::ffff:10.1.2.3]:5', '[fe80::1%lo]:0', '0.0.0.0:65535']) expect(parseSockaddr(s).toString()).toBe(s)
    for (const bad of ['1.2.3.4', '::1:80', '[::1]', 'host:80', '1.2.3.4:99999', '[::1]:x'])
      expect(() => parseSockaddr(bad), bad).toThrow(expect.objectContaining({ code: expect.stringMatching(/^ERR_SOCK_INVALID_/) }))
  })

  it("to and from Node's AddressInfo and SocketAddress", () => {
    const v4 = fromAddressInfo({ address: '127.0.0.1', family: 'IPv4', port: 80 })
    expect(v4).toBeInstanceOf(SockaddrInet4)
    expect(v4.toAddressInfo()).toEqual({ address: '127.0.0.1', family: 'IPv4', port: 80 })
    const v6 = fromAddressInfo(new SocketAddress({ address: '::1', port: 53, family: 'ipv6', flowlabel: 7 })) as SockaddrInet6
    expect(v6.toAddressInfo()).toEqual({ address: '::1', family: 'IPv6', port: 53 })
    expect(v6.flowInfo).toBe(7)
    const back = toSocketAddress(v6)
    expect(back).toBeInstanceOf(SocketAddress)
    expect([back.address, back.port, back.family, back.flowlabel]).toEqual(['::1', 53, 'ipv6', 7])
    expect(toSocketAddress(v4).family).toBe('ipv4')
    // dgram's rinfo
    expect(fromAddressInfo({ address: '10.0.0.1', family: 'IPv4', port: 9, size: 3 } as never).toString()).toBe('10.0.0.1:9')
    expect(() => fromAddressInfo({ address: 'example.com', port: 1 })).toThrow(/no DNS/)
  })

  it('decodes kernel bytes into new or existing objects', () => {
    const src = new SockaddrInet6('2001:db8::5', 9, 0, 3)
    const d = decodeSockaddr(src.raw, src.length)
    expect(d).toBeInstanceOf(SockaddrInet6)
    expect(d!.equals(src)).toBe(true)
    const target = new SockaddrInet6()
    const raw = target.raw
    expect(decodeSockaddrInto(target, src.raw, src.length)).toBe(target)
    expect(target.raw).toBe(raw)
    expect(target.toString()).toBe('[2001:db8::5]:9')
    expect(() => decodeSockaddrInto(new SockaddrInet4(), src.raw, src.length)).toThrow(expect.objectContaining({ code: 'ERR_SOCK_INVALID_ADDRESS' }))
    expect(decodeSockaddr(src.raw, 0)).toBeNull()
  })
})

describe('argument errors say what was given', () => {
  it('a port given as a string is ERR_INVALID_ARG_TYPE naming the string; a bad number ERR_SOCK_INVALID_PORT', async () => {
    const { fromAddressInfo, describeValue } = await import('@sock/addr')
    expect(() => fromAddressInfo({ address: '127.0.0.1', port: '8080' as never })).toThrow(
      expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: "port must be a number, got the string '8080'" }),
    )
    expect(() => fromAddressInfo({ address: '127.0.0.1', port: 70000 })).toThrow(
      expect.objectContaining({ code: 'ERR_SOCK_INVALID_PORT', message: 'port must be an integer from 0 to 65535, got 70000' }),
    )
    expect(describeValue(Symbol('s'))).toBe('Symbol(s)')
    expect(
      describeValue({
        toString() {
          throw new Error('no')
        },
      }),
    ).toBe('an object (Object)')
    expect(describeValue(null)).toBe('null')
  })
})
