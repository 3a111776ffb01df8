// Behaviours the Go library's suite tests, pinned here against the real kernel.
import { describe, expect, it } from 'vitest'
import { listenTCP4, listenTCP6, dialTCP4, TCPDialer, TCPConn } from '@sock/tcp'

const lo = { address: '127.0.0.1', port: 0 }
const code = (c: string) => expect.objectContaining({ code: c })

describe('deadlines (Go: SetWriteDeadline, an expired deadline still tries once)', () => {
  it('a write deadline makes a blocked write wait, then ETIMEDOUT with deadlineExceeded', async () => {
    const ln = listenTCP4(lo)
    const c = dialTCP4(null, ln.address())
    const s = await ln.acceptAsync()
    try {
      c.setSendBufferSize(4096)
      s.setRecvBufferSize(4096) // no autotuning: the buffers stay small, and nobody reads
      const chunk = new Uint8Array(1 << 16)
      c.setWriteDeadline(Date.now() + 50)
      // each write waits (poll) for room; once the buffers are full, the wait ends at the deadline (bounded loop)
      let err: unknown
      for (let i = 0; i < 10_000 && err === undefined; i++) {
        try {
          c.write(chunk)
        } catch (e) {
          err = e
        }
      }
      expect(err).toMatchObject({ code: 'ETIMEDOUT', deadlineExceeded: true })
      c.setWriteDeadline(Date.now() + 50)
      await expect(c.writeAsync(chunk)).rejects.toMatchObject({ code: 'ETIMEDOUT', deadlineExceeded: true })
    } finally {
      for (const x of [c, s, ln]) x.close()
    }
  })

  it('an expired deadline still makes exactly one attempt: data already there is read, room there is written', async () => {
    const ln = listenTCP4(lo)
    const c = dialTCP4(null, ln.address())
    const s = await ln.acceptAsync()
    try {
      await c.writeAsync(Buffer.from('ready'))
      await s.waitReadable()
      s.setReadDeadline(Date.now() - 1000) // long past
      expect(s.read(new Uint8Array(16))).toBe(5)
      expect(() => s.read(new Uint8Array(16))).toThrow(code('ETIMEDOUT')) // nothing left: then the deadline applies
      c.setWriteDeadline(Date.now() - 1000)
      expect(c.write(Buffer.from('x'))).toBe(1)
    } finally {
      for (const x of [c, s, ln]) x.close()
    }
  })

  it('a listener deadline: accept() waits, then ETIMEDOUT; with no deadline it returns null at once', () => {
    const ln = listenTCP4(lo)
    try {
      expect(ln.accept()).toBeNull()
      ln.setReadDeadline(Date.now() + 30)
      expect(() => ln.accept()).toThrow(code('ETIMEDOUT'))
    } finally {
      ln.close()
    }
  })
})

describe('dialing (Go: DialTCP6, a closed port, shutdown before connect)', () => {
  it('TCPDialer.dial6 connects over IPv6; an IPv6 dial to a closed port is ECONNREFUSED', async () => {
    const ln = listenTCP6({ address: '::1', port: 0 })
    const closed = listenTCP6({ address: '::1', port: 0 })
    const port = closed.address().port
    closed.close()
    try {
      const c = await new TCPDialer({ timeout: 10_000 }).dial6(null, ln.address())
      expect(c).toBeInstanceOf(TCPConn)
      expect(c.remoteFamily).toBe('IPv6')
      c.close()
      await expect(new TCPDialer({ timeout: 10_000 }).dial6(null, { address: '::1', port })).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    } finally {
      ln.close()
    }
  })

  it('shutdown of a socket that never connected is ENOTCONN', () => {
    const s = TCPConn.open4()
    try {
      expect(() => s.shutdown('write')).toThrow(code('ENOTCONN'))
    } finally {
      s.close()
    }
  })

  it('binding an address that is not on this host is EADDRNOTAVAIL (unless freebind)', () => {
    expect(() => listenTCP4({ address: '192.0.2.1', port: 0 })).toThrow(code('EADDRNOTAVAIL'))
    const ln = listenTCP4({ address: '192.0.2.1', port: 0 }, { freebind: true }) // TEST-NET-1: bound, nothing sent
    expect(ln.address().address).toBe('192.0.2.1')
    ln.close()
  })

  it('SO_REUSEPORT really shares a port between two listeners, and both accept', async () => {
    const a = listenTCP4(lo, { reusePort: true })
    const b = listenTCP4({ address: '127.0.0.1', port: a.address().port }, { reusePort: true })
    const conns: TCPConn[] = []
    try {
      expect(b.address().port).toBe(a.address().port)
      // the kernel spreads connections by a hash of the 4-tuple: dial until each listener got one (bounded)
      let gotA = false
      let gotB = false
      for (let i = 0; i < 200 && !(gotA && gotB); i++) {
        const c = dialTCP4(null, a.address())
        conns.push(c)
        await c.waitWritable()
        a.setReadDeadline(0)
        const fromA = a.accept()
        const fromB = fromA ? null : b.accept()
        if (fromA) {
          gotA = true
          conns.push(fromA)
        }
        if (fromB) {
          gotB = true
          conns.push(fromB)
        }
      }
      expect([gotA, gotB]).toEqual([true, true])
    } finally {
      for (const c of conns) c.close()
      a.close()
      b.close()
    }
  })
})
