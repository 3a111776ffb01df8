import { describe, expect, it } from 'vitest'
import { unixConnPair, UnixConn } from '@sock/unix'
import { WOULD_BLOCK } from '@sock/core'

describe('socket kinds', () => {
  it('stream pair: bytes flow both ways', async () => {
    const [a, b] = unixConnPair('unix')
    expect(a.network).toBe('unix')
    expect(a.write(Buffer.from('hello'))).toBe(5)
    const buf = Buffer.alloc(16)
    expect(await b.readAsync(buf)).toBe(5)
    expect(b.read(buf)).toBe(WOULD_BLOCK)
    a.close()
    expect(await b.readAsync(buf)).toBe(0) // end of stream
    b.close()
  })

  it('seqpacket keeps record boundaries and delivers empty records', async () => {
    const [a, b] = unixConnPair('unixpacket')
    expect(a.write(Buffer.from('one'))).toBe(3)
    expect(a.write(Buffer.alloc(0))).toBe(0)
    expect(a.write(Buffer.from('three'))).toBe(5)
    const buf = Buffer.alloc(16)
    expect(b.read(buf)).toBe(3)
    expect(b.read(buf)).toBe(0) // the empty record
    expect(b.read(buf)).toBe(5)
    expect(b.read(buf)).toBe(WOULD_BLOCK) // an empty record did not latch end of stream
    // a record longer than the buffer is truncated, and recvMsg says so
    a.write(Buffer.from('0123456789'))
    const m = b.recvMsg(Buffer.alloc(4))
    expect(m).toMatchObject({ bytes: 4, truncated: true })
    a.close()
    b.close()
  })

  it('a closed seqpacket peer is reported through readiness, then read returns 0', async () => {
    const [a, b] = unixConnPair('unixpacket')
    const ready = b.waitReadable()
    a.close()
    await ready
    expect(b.read(Buffer.alloc(4))).toBe(0)
    expect(b.read(Buffer.alloc(4))).toBe(0)
    b.close()
  })

  it('datagram pair: empty datagrams are delivered', () => {
    const [a, b] = unixConnPair('unixgram')
    expect(a.write(Buffer.alloc(0))).toBe(0)
    expect(a.write(Buffer.from('x'))).toBe(1)
    const buf = Buffer.alloc(4)
    expect(b.read(buf)).toBe(0)
    expect(b.read(buf)).toBe(1)
    expect(b.read(buf)).toBe(WOULD_BLOCK)
    a.close()
    b.close()
  })

  it('adopt checks the family', async () => {
    const [a, b] = unixConnPair('unix')
    const fd = a.detach()
    const again = UnixConn.adopt(fd)
    expect(again.network).toBe('unix')
    again.close()
    b.close()
    const { default: native, constants: C } = await import('@sock/native')
    const tcp = native.socket(C.AF_INET, C.SOCK_STREAM, 0)
    expect(() => UnixConn.adopt(tcp)).toThrow(expect.objectContaining({ code: 'ERR_SOCK_WRONG_TYPE' }))
    native.close(tcp)
  })
})
