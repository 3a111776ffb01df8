// Behaviours the Go library's suite tests, pinned here against the real kernel.
import { describe, expect, it } from 'vitest'
import path from 'node:path'
import { listenUnix, listenUnixgram, dialUnix, unixConnPair } from '@sock/unix'
import { WOULD_BLOCK } from '@sock/core'
import { tmpDir } from './tmp.js'

const dir = tmpDir()
const code = (c: string) => expect.objectContaining({ code: c })

describe('Unix sockets as the Go suite tests them', () => {
  it('accept() is null with nothing pending; with a deadline it waits, then ETIMEDOUT', () => {
    const ln = listenUnix('unix', path.join(dir, 'accept.sock'))
    try {
      expect(ln.accept()).toBeNull()
      ln.setReadDeadline(Date.now() + 30)
      expect(() => ln.accept()).toThrow(expect.objectContaining({ code: 'ETIMEDOUT', deadlineExceeded: true }))
    } finally {
      ln.close()
    }
  })

  it('read deadlines on stream and datagram sockets; writes and sends with a write deadline', () => {
    const [a, b] = unixConnPair('unix')
    const g = listenUnixgram('unixgram', path.join(dir, 'gram.sock'))
    try {
      const buf = new Uint8Array(16)
      expect(b.read(buf)).toBe(WOULD_BLOCK)
      b.setReadDeadline(Date.now() + 30)
      expect(() => b.read(buf)).toThrow(code('ETIMEDOUT'))
      g.setReadDeadline(Date.now() + 30)
      expect(() => g.recvFrom(buf)).toThrow(code('ETIMEDOUT'))
      a.setWriteDeadline(Date.now() + 30)
      const chunk = new Uint8Array(1 << 16)
      let err: unknown
      for (let i = 0; i < 10_000 && err === undefined; i++) {
        try {
          a.write(chunk) // nobody reads: the buffer fills, then the deadline ends the wait
        } catch (e) {
          err = e
        }
      }
      expect(err).toMatchObject({ code: 'ETIMEDOUT', deadlineExceeded: true })
    } finally {
      for (const s of [a, b, g]) s.close()
    }
  })

  it('every method after close() is ERR_SOCK_CLOSED, fd passing included', async () => {
    const [a, b] = unixConnPair('unix')
    a.close()
    b.close()
    const buf = new Uint8Array(8)
    const calls: [string, () => unknown][] = [
      ['read', () => a.read(buf)],
      ['write', () => a.write(buf)],
      ['sendFDs', () => a.sendFDs([0], buf)],
      ['recvFDs', () => a.recvFDs(buf, 1)],
      ['sendMsg', () => a.sendMsg(buf)],
      ['recvMsg', () => a.recvMsg(buf)],
      ['getPeerCredentials', () => a.getPeerCredentials()],
      ['setPassCred', () => a.setPassCred(true)],
    ]
    for (const [name, call] of calls) expect(call, name).toThrow(code('ERR_SOCK_CLOSED'))
    await expect(a.recvMsgAsync(buf)).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
  })

  it('a datagram dial with a local path: replies come back to it', () => {
    const srv = listenUnixgram('unixgram', path.join(dir, 'srv.sock'))
    const cli = dialUnix('unixgram', path.join(dir, 'cli.sock'), path.join(dir, 'srv.sock'))
    try {
      cli.write(Buffer.from('ping'))
      const buf = new Uint8Array(8)
      srv.setReadDeadline(Date.now() + 10_000)
      const msg = srv.recvMsg(buf)!
      expect(msg.from?.toString()).toBe(path.join(dir, 'cli.sock'))
      srv.sendTo(Buffer.from('pong'), msg.from!)
      cli.setReadDeadline(Date.now() + 10_000)
      expect(cli.read(buf)).toBe(4)
    } finally {
      cli.close()
      srv.close()
    }
  })
})
