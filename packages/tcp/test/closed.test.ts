import { describe, expect, it } from 'vitest'
import { listenTCP4, TCPConn, TCPListener } from '@sock/tcp'
import { SockaddrInet4 } from '@sock/addr'
import { connectedPair } from './helpers.js'
import { fdIsOpen } from '../../../test-support/fds.js'

describe('a closed socket', () => {
  it('throws ERR_SOCK_CLOSED from every call; double close is a no-op', async () => {
    const p = await connectedPair()
    const conn: TCPConn = p.server
    const ln: TCPListener = p.ln
    conn.close()
    ln.close()
    conn.close()
    ln.close()
    expect(conn.fd).toBe(-1)
    expect(conn.closed).toBe(true)
    // the native Handle is freed at close: what stays callable does nothing, without throwing
    expect(conn.unref().ref()).toBe(conn)
    expect(ln.ref().unref()).toBe(ln)
    const b = Buffer.alloc(4)
    const calls: [string, () => unknown][] = [
      ['read', () => conn.read(b)],
      ['write', () => conn.write(b)],
      ['readv', () => conn.readv([b])],
      ['writev', () => conn.writev([b])],
      ['writeAll', () => conn.writeAll(b)],
      ['recvFrom', () => conn.recvFrom(b, new SockaddrInet4())],
      ['sendTo', () => conn.sendTo(b, new SockaddrInet4('127.0.0.1', 9))],
      ['shutdown', () => conn.shutdown('write')],
      ['setNoDelay', () => conn.setNoDelay(true)],
      ['setKeepAlive', () => conn.setKeepAlive(true, 1000)],
      ['setKeepAlivePeriod', () => conn.setKeepAlivePeriod(1000)],
      ['setReadDeadline', () => conn.setReadDeadline(Date.now())],
      ['setDeadline', () => conn.setDeadline(0)],
      ['localAddr', () => conn.localAddr()],
      ['remoteAddr', () => conn.remoteAddr()],
      ['address', () => conn.address()],
      ['getsockoptInt', () => conn.getsockoptInt(1, 1)],
      ['bind', () => conn.bind({ address: '127.0.0.1', port: 0 })],
      ['connect', () => conn.connect({ address: '127.0.0.1', port: 1 })],
      ['detach', () => conn.detach()],
      ['accept', () => ln.accept()],
      ['listen', () => ln.listen()],
    ]
    for (const [name, call] of calls) expect(call, name).toThrow(expect.objectContaining({ code: 'ERR_SOCK_CLOSED' }))
    for (const [name, call] of [
      ['readAsync', () => conn.readAsync(b)],
      ['writeAsync', () => conn.writeAsync(b)],
      ['acceptAsync', () => ln.acceptAsync()],
      ['waitReadable', () => conn.waitReadable()],
    ] as const)
      await expect((call as () => Promise<unknown>)(), name).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
    p.close()
  })

  it('Symbol.dispose closes (what `using` calls)', () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const fd = ln.fd
    expect(fdIsOpen(fd)).toBe(true)
    ln[Symbol.dispose]()
    expect(fdIsOpen(fd)).toBe(false)
    expect(ln.closed).toBe(true)
  })

  it('detach() gives the fd up; adopt() takes it back and checks its kind', async () => {
    const p = await connectedPair()
    const fd = p.server.detach()
    expect(p.server.closed).toBe(true)
    const again = TCPConn.adopt(fd)
    expect(again.fd).toBe(fd)
    p.client.write(Buffer.from('hi'))
    await again.waitReadable()
    expect(again.read(Buffer.alloc(2))).toBe(2)
    again.close()
    const { default: native, constants: C } = await import('@sock/native')
    const udp = native.socket(C.AF_INET, C.SOCK_DGRAM, 0)
    expect(() => TCPConn.adopt(udp)).toThrow(expect.objectContaining({ code: 'ERR_SOCK_WRONG_TYPE' }))
    native.close(udp)
    expect(() => TCPConn.adopt(0x7fff0000)).toThrow(expect.objectContaining({ code: 'EBADF' }))
    p.close()
  })
})
