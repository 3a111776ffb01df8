// Behaviours the Go library's tests check, for SCTP (run in tools/sctp-vm where this kernel has none).
import { describe, expect, it } from 'vitest'
import { listenSCTP4, listenSCTPMulti, dialSCTP4, SCTPRecvInfo, SCTPDialer, type SCTPConn } from '@sock/sctp'
import { hasSCTP } from './sctp-support.js'

const lo = { address: '127.0.0.1', port: 0 }
const code = (c: string) => expect.objectContaining({ code: c })

describe.skipIf(!hasSCTP)('SCTP as the Go suite tests it — needs a kernel with SCTP', () => {
  it('a listener: accept() is null with nothing pending; with a deadline it waits, then ETIMEDOUT; acceptAsync honours it too', async () => {
    const ln = listenSCTP4(lo)
    expect(ln.accept()).toBeNull()
    ln.setReadDeadline(Date.now() + 30)
    expect(() => ln.accept()).toThrow(expect.objectContaining({ code: 'ETIMEDOUT', deadlineExceeded: true }))
    await expect(ln.acceptAsync()).rejects.toMatchObject({ code: 'ETIMEDOUT' })
    // and once a peer dials, the same listener accepts (a deadline is not sticky failure)
    ln.setReadDeadline(0)
    const c = await new SCTPDialer({ timeout: 5000 }).dial4(null, ln.address())
    const s = await ln.acceptAsync()
    expect(s.remotePort).toBe(c.address().port)
    for (const x of [c, s, ln]) x.close()
  })

  it('a read and a write with an expired deadline still make their one attempt', async () => {
    const ln = listenSCTP4(lo)
    const c = await new SCTPDialer({ timeout: 5000 }).dial4(null, ln.address())
    const s = await ln.acceptAsync()
    c.setWriteDeadline(Date.now() - 1000)
    expect(c.write(Buffer.from('late'))).toBe(4) // room in the send buffer: sent despite the deadline
    await s.waitReadable({ deadline: Date.now() + 5000 })
    s.setReadDeadline(Date.now() - 1000)
    expect(s.read(Buffer.alloc(16))).toBe(4) // data queued: read despite the deadline
    expect(() => s.read(Buffer.alloc(16))).toThrow(code('ETIMEDOUT')) // nothing left: the deadline applies
    for (const x of [c, s, ln]) x.close()
  })

  it('every method after close() is ERR_SOCK_CLOSED, on connections, listeners and one-to-many sockets', async () => {
    const ln = listenSCTP4(lo)
    const c = dialSCTP4(null, ln.address())
    const m = listenSCTPMulti('sctp4', lo)
    for (const x of [c, ln, m]) {
      x.close()
      x.close() // idempotent
    }
    const buf = Buffer.alloc(16)
    const calls: [string, () => unknown][] = [
      ['conn.read', () => c.read(buf)],
      ['conn.write', () => c.write(buf)],
      ['conn.sendMsg', () => c.sendMsg(buf, { stream: 1 })],
      ['conn.recvMsg', () => c.recvMsg(buf, new SCTPRecvInfo())],
      ['conn.setNoDelay', () => c.setNoDelay(true)],
      ['conn.getStatus', () => c.getStatus()],
      ['conn.setInitMsg', () => c.setInitMsg({ numOstreams: 4 })],
      ['conn.subscribe', () => c.subscribe(['assoc_change'])],
      ['conn.peerAddrs', () => c.peerAddrs()],
      ['conn.bindx', () => c.bindx([{ address: '127.0.0.1', port: 0 }])],
      ['listener.accept', () => ln.accept()],
      ['listener.localAddrs', () => ln.localAddrs()],
      ['multi.sendMsg', () => m.sendMsg(buf, { to: { address: '127.0.0.1', port: 9 } })],
      ['multi.recvMsg', () => m.recvMsg(buf, new SCTPRecvInfo())],
      ['multi.setAutoclose', () => m.setAutoclose(5)],
    ]
    for (const [name, call] of calls) expect(call, name).toThrow(code('ERR_SOCK_CLOSED'))
    await expect(c.readAsync(buf)).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
    await expect(c.sendMsgAsync(buf, { stream: 0 })).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
    await expect(ln.acceptAsync()).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
    await expect(m.recvMsgAsync(buf, new SCTPRecvInfo())).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
  })

  it('sendMsg reads its info (whose getters may close the socket) before the fd: ERR_SOCK_CLOSED, nothing sent', async () => {
    const ln = listenSCTP4(lo)
    const c = await new SCTPDialer({ timeout: 5000 }).dial4(null, ln.address())
    const s = await ln.acceptAsync()
    const closing = {
      get stream() {
        c.close()
        return 0
      },
    }
    expect(() => c.sendMsg(Buffer.from('x'), closing)).toThrow(code('ERR_SOCK_CLOSED'))
    const d = await new SCTPDialer({ timeout: 5000 }).dial4(null, ln.address())
    const s2 = await ln.acceptAsync()
    const closingD = {
      get ppid() {
        d.close()
        return 7
      },
    }
    await expect(d.sendMsgAsync(Buffer.from('x'), closingD)).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
    for (const x of [s, s2]) {
      x.setReadDeadline(Date.now() + 10_000) // waits for the peer's close (SHUTDOWN), bounded
      expect(x.read(Buffer.alloc(8))).toBe(0) // end of stream: the message never went out
    }
    for (const x of [s, s2, ln]) x.close()
  })

  it('recvMsg and recvMsgAsync read their info before the fd: a redefined getter that closes the socket gets ERR_SOCK_CLOSED', async () => {
    const ln = listenSCTP4(lo)
    try {
      for (const call of [
        (x: SCTPConn, info: SCTPRecvInfo) => Promise.resolve().then(() => x.recvMsg(Buffer.alloc(16), info)),
        (x: SCTPConn, info: SCTPRecvInfo) => x.recvMsgAsync(Buffer.alloc(16), info),
      ]) {
        const c = await new SCTPDialer({ timeout: 5000 }).dial4(null, ln.address())
        const s = await ln.acceptAsync()
        c.write(Buffer.from('queued'))
        await s.waitReadable({ deadline: Date.now() + 5000 })
        const info = new SCTPRecvInfo()
        const from = info.from
        Object.defineProperty(info, 'from', {
          get() {
            s.close()
            return from
          },
        })
        await expect(call(s, info)).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
        c.close()
      }
    } finally {
      ln.close()
    }
  })
})
