import { describe, expect, it } from 'vitest'
import { internetChecksum, parseIPv4Header, ipv4PayloadOffset, buildEchoRequest4, buildEchoRequest6, parseEcho, ICMP_ECHO_REQUEST } from '@sock/raw'

describe('helpers', () => {
  it('the Internet checksum (RFC 1071 example) and its self-check property', () => {
    // RFC 1071 section 3 example: 0001 f203 f4f5 f6f7 sums to ddf2, checksum 220d
    expect(internetChecksum(Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7))).toBe(0x220d)
    const b = new Uint8Array(64)
    const n = buildEchoRequest4(b, 0x1234, 7, Buffer.from('hello'))
    expect(internetChecksum(b, 0, n)).toBe(0) // a message with its checksum sums to zero
    expect(internetChecksum(Uint8Array.of(0xff))).toBe(0x00ff) // odd length pads with a zero byte
  })

  it('builds and parses echo messages', () => {
    const b = new Uint8Array(32)
    const n = buildEchoRequest4(b, 0xbeef, 0x0102, Buffer.from('xy'))
    expect(n).toBe(10)
    expect(parseEcho(b, 0, n)).toMatchObject({ type: ICMP_ECHO_REQUEST, code: 0, id: 0xbeef, seq: 0x0102 })
    expect(Buffer.from(parseEcho(b, 0, n).data).toString()).toBe('xy')
    const m = buildEchoRequest6(b, 1, 2)
    expect(m).toBe(8)
    expect(b[0]).toBe(128)
    expect(() => buildEchoRequest4(new Uint8Array(4), 1, 1)).toThrow(RangeError)
    expect(() => parseEcho(new Uint8Array(4))).toThrow(RangeError)
  })

  it('parses an IPv4 header and finds the payload', () => {
    const h = Uint8Array.from([0x46, 0x10, 0x00, 0x20, 0xab, 0xcd, 0x40, 0x00, 64, 1, 0, 0, 10, 0, 0, 1, 127, 0, 0, 1, 1, 1, 0, 0, 0xee])
    const p = parseIPv4Header(h)
    expect(p).toMatchObject({
      version: 4,
      headerLength: 24,
      tos: 0x10,
      totalLength: 32,
      id: 0xabcd,
      flags: 2,
      fragmentOffset: 0,
      ttl: 64,
      protocol: 1,
      source: '10.0.0.1',
      destination: '127.0.0.1',
    })
    expect(ipv4PayloadOffset(h)).toBe(24)
    expect(() => parseIPv4Header(new Uint8Array(10))).toThrow(RangeError)
    expect(() => parseIPv4Header(new Uint8Array(20).fill(0x60))).toThrow(RangeError)
  })
})

describe('raw addresses have no ports', () => {
  it("'127.0.0.1:80' and '[::1]:80' are refused with a message that says so", async () => {
    const { rawAddr } = await import('@sock/raw')
    expect(() => rawAddr('127.0.0.1:80')).toThrow(
      expect.objectContaining({
        code: 'ERR_SOCK_INVALID_ADDRESS',
        message: expect.stringContaining("raw sockets have no ports: give the IP address alone ('127.0.0.1'"),
      }),
    )
    expect(() => rawAddr('[::1]:80')).toThrow(/raw sockets have no ports.*'::1'/)
    expect(rawAddr('::1').toString()).toContain('::1')
  })
})
