import { describe, expect, it } from 'vitest'
import { openSync, closeSync, readSync, writeFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { unixConnPair } from '@sock/unix'
import native, { constants as C } from '@sock/native'
import { tmpDir } from './tmp.js'

const dir = tmpDir()
const openFds = () => readdirSync('/proc/self/fd').length

describe('fd passing (SCM_RIGHTS)', () => {
  it('passes several fds in one message; received fds are close-on-exec and read the same files', async () => {
    const files = ['one', 'two', 'three'].map((t) => {
      const p = path.join(dir, `${t}.txt`)
      writeFileSync(p, t)
      return openSync(p, 'r')
    })
    for (const kind of ['unix', 'unixgram', 'unixpacket'] as const) {
      const [a, b] = unixConnPair(kind)
      expect(a.sendFDs(files, Buffer.from('F'))).toBe(1)
      const m = await b.recvMsgAsync(Buffer.alloc(4), { maxFds: 3 })
      expect(m.bytes).toBe(1)
      expect(m.fds).toHaveLength(3)
      expect(m.ctruncated).toBe(false)
      for (const [i, fd] of m.fds.entries()) {
        expect(fd).not.toBe(files[i])
        expect(native.fcntl(fd, C.F_GETFD, 0) & C.FD_CLOEXEC).toBe(C.FD_CLOEXEC)
        const buf = Buffer.alloc(8)
        const n = readSync(fd, buf, 0, 8, 0)
        expect(buf.toString('utf8', 0, n)).toBe(['one', 'two', 'three'][i])
        closeSync(fd)
      }
      a.close()
      b.close()
    }
    for (const f of files) closeSync(f)
  })

  it('MSG_CTRUNC is reported and fds that did not fit are never leaked', () => {
    const files = Array.from({ length: 5 }, () => openSync('/dev/null', 'r'))
    const [a, b] = unixConnPair('unixgram')
    const before = openFds()
    a.sendFDs(files, Buffer.from('x'))
    const m = b.recvFDs(Buffer.alloc(4), 1)!
    expect(m.ctruncated).toBe(true)
    expect(m.fds).toHaveLength(1)
    closeSync(m.fds[0])
    expect(openFds()).toBe(before) // nothing else arrived open
    const none = (a.sendFDs(files, Buffer.from('y')), b.recvFDs(Buffer.alloc(4), 0))!
    expect(none).toMatchObject({ bytes: 1, fds: [], ctruncated: true })
    expect(openFds()).toBe(before)
    a.close()
    b.close()
    for (const f of files) closeSync(f)
  })

  it('refuses bad input before any syscall', () => {
    const [a, b] = unixConnPair('unix')
    expect(() => a.sendFDs([0], Buffer.alloc(0))).toThrow(RangeError) // a stream needs a byte to carry fds
    expect(() => a.sendFDs([-1], Buffer.from('x'))).toThrow(TypeError)
    expect(() => a.sendFDs(new Array(254).fill(0), Buffer.from('x'))).toThrow(RangeError)
    expect(() => b.recvFDs(Buffer.alloc(1), 300)).toThrow(RangeError)
    expect(b.recvFDs(Buffer.alloc(1), 1)).toBeNull() // would block
    a.close()
    b.close()
  })
})

describe('credentials', () => {
  it('SO_PEERCRED gives the peer pid, uid and gid', () => {
    const [a, b] = unixConnPair('unix')
    expect(a.getPeerCredentials()).toEqual({ pid: process.pid, uid: process.getuid!(), gid: process.getgid!() })
    a.close()
    b.close()
  })

  it('SO_PASSCRED and SCM_CREDENTIALS: send and receive', () => {
    const [a, b] = unixConnPair('unixgram')
    b.setPassCred(true)
    expect(b.getPassCred()).toBe(true)
    a.sendMsg(Buffer.from('c'), { credentials: true })
    const m = b.recvMsg(Buffer.alloc(4))!
    expect(m.credentials).toEqual({ pid: process.pid, uid: process.getuid!(), gid: process.getgid!() })
    // with SO_PASSCRED on, the kernel attaches credentials even when the sender sends none
    a.write(Buffer.from('d'))
    expect(b.recvMsg(Buffer.alloc(4))!.credentials).toMatchObject({ pid: process.pid })
    a.close()
    b.close()
  })
})

describe('recvMsg / recvFDs on a stream need room for data', () => {
  it('an empty buffer is ERR_OUT_OF_RANGE (0 would look like end of stream)', async () => {
    const { unixConnPair } = await import('@sock/unix')
    const [a, b] = unixConnPair('unix')
    try {
      expect(() => b.recvFDs(new Uint8Array(0), 1)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
      await expect(b.recvMsgAsync(new Uint8Array(0))).rejects.toMatchObject({ code: 'ERR_OUT_OF_RANGE' })
      expect(() => b.recvMsg('x' as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }))
    } finally {
      a.close()
      b.close()
    }
  })
})
