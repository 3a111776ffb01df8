import { describe, expect, it } from 'vitest'
import { SockaddrUnix, decodeSockaddr, fromAddressInfo } from '../src/index.js'

describe('SockaddrUnix', () => {
  it('stores a path with its NUL counted', () => {
    const sa = new SockaddrUnix('/run/app.sock')
    expect(sa.path).toBe('/run/app.sock')
    expect(sa.length).toBe(2 + 13 + 1)
    expect(sa.isAbstract()).toBe(false)
  })

  it("maps '@name' to the abstract namespace with the exact length", () => {
    const sa = new SockaddrUnix('@sock-test')
    expect(sa.raw[2]).toBe(0)
    expect(sa.length).toBe(2 + 1 + 9)
    expect(sa.path).toBe('@sock-test')
    expect(sa.isAbstract()).toBe(true)
  })

  it('an empty path is autobind / unnamed', () => {
    const sa = new SockaddrUnix('')
    expect(sa.length).toBe(2)
    expect(sa.isUnnamed()).toBe(true)
    expect(sa.path).toBe('')
  })

  it('paths that do not fit are errors, never truncated', () => {
    expect(new SockaddrUnix('/' + 'a'.repeat(107)).path.length).toBe(108)
    expect(() => new SockaddrUnix('/' + 'a'.repeat(108))).toThrow(expect.objectContaining({ code: 'ERR_SOCK_INVALID_ADDRESS' }))
    expect(new SockaddrUnix('@' + 'a'.repeat(107)).length).toBe(110)
    expect(() => new SockaddrUnix('@' + 'a'.repeat(108))).toThrow(/107 fit/)
    expect(() => new SockaddrUnix('/tmp/é'.padEnd(108, 'é'))).toThrow(expect.objectContaining({ code: 'ERR_SOCK_INVALID_ADDRESS' }))
    expect(() => new SockaddrUnix('/tmp/a\0b')).toThrow(/NUL/)
  })

  it("decodes the kernel's length, clamped (a 108-byte path comes back as 111)", () => {
    const long = '/' + 'b'.repeat(107)
    const sa = new SockaddrUnix(long)
    const d = decodeSockaddr(sa.raw, 111) as SockaddrUnix
    expect(d.path).toBe(long)
    expect(d.length).toBe(110)
    const abs = new SockaddrUnix('@x')
    expect((decodeSockaddr(abs.raw, abs.length) as SockaddrUnix).path).toBe('@x')
    expect(fromAddressInfo({ path: '@y' })).toBeInstanceOf(SockaddrUnix)
  })
})
