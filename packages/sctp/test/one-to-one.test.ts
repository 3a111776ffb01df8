import { describe, expect, it } from 'vitest'
import { listenSCTP4, listenSCTP6, dialSCTP4, SCTPDialer, SCTPConn, constants as S, parseNotification } from '@sock/sctp'
import { WOULD_BLOCK } from '@sock/core'
import { hasSCTP } from './sctp-support.js'

const lo = { address: '127.0.0.1', port: 0 }

describe.skipIf(!hasSCTP)('one-to-one SCTP (SOCK_STREAM) — needs a kernel with SCTP', () => {
  it('dials, accepts, and moves data with sync, deadline and async forms', async () => {
    const ln = listenSCTP4(lo)
    const c = await new SCTPDialer({ timeout: 5000 }).dial4(null, ln.address())
    expect(c).toBeInstanceOf(SCTPConn)
    const s = await ln.acceptAsync()
    const buf = Buffer.alloc(64)
    expect(s.read(buf)).toBe(WOULD_BLOCK)
    expect(c.write(Buffer.from('hello'))).toBe(5) // a one-to-one dial can write (unlike Go's one-to-many dial)
    s.setReadDeadline(Date.now() + 2000)
    expect(s.read(buf)).toBe(5)
    const t0 = performance.now() // before the deadline is set: a busy machine may pause us in between
    s.setReadDeadline(Date.now() + 50)
    expect(() => s.read(buf)).toThrow(expect.objectContaining({ code: 'ETIMEDOUT', deadlineExceeded: true }))
    expect(performance.now() - t0).toBeGreaterThanOrEqual(48) // Date.now() counts whole ms
    s.setReadDeadline(0)
    const big = Buffer.alloc(200_000, 7)
    const got = Buffer.alloc(big.length)
    const reading = (async () => {
      let n = 0
      while (n < big.length) n += await s.readAsync(got.subarray(n))
    })()
    await c.writeAsync(big)
    await reading
    expect(got.equals(big)).toBe(true)
    expect(c.remotePort).toBe(ln.address().port)
    for (const x of [c, s, ln]) x.close()
  })

  it('a dial to a closed port is refused (the peer answers ABORT)', async () => {
    const ln = listenSCTP4(lo)
    const port = ln.address().port
    ln.close()
    await expect(new SCTPDialer({ timeout: 5000 }).dial4(null, { address: '127.0.0.1', port })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
      syscall: 'connect',
    })
  })

  it('IPv6 on ::1', async () => {
    const ln = listenSCTP6({ address: '::1', port: 0 })
    const c = await new SCTPDialer({ timeout: 5000 }).dial6(null, ln.address())
    const s = await ln.acceptAsync()
    await c.writeAsync(Buffer.from('six'))
    expect(await s.readAsync(Buffer.alloc(8))).toBe(3)
    expect(s.remoteAddress).toBe('::1')
    for (const x of [c, s, ln]) x.close()
  })

  it('stream ids and PPIDs with sendMsg / recvMsg, into a reused info', async () => {
    const ln = listenSCTP4(lo)
    const c = dialSCTP4(null, ln.address())
    const s = await ln.acceptAsync()
    c.setInitMsg({ numOstreams: 4 })
    const info = s.newRecvInfo()
    const buf = Buffer.alloc(64)
    for (const [stream, ppid] of [
      [0, 46],
      [1, 0xdeadbeef],
    ]) {
      await c.waitWritable()
      expect(c.sendMsg(Buffer.from(`s${stream}`), { stream, ppid })).toBe(2)
      expect(await s.recvMsgAsync(buf, info)).toBe(2)
      expect(info).toMatchObject({ stream, ppid, hasRcvInfo: true, eor: true, notification: false })
    }
    for (const x of [c, s, ln]) x.close()
  })

  it('notifications: assoc_change (comm_up) and, when the peer closes, shutdown then shutdown_comp', async () => {
    const ln = listenSCTP4(lo)
    ln.subscribe(['assoc_change', 'shutdown'])
    const c = dialSCTP4(null, ln.address())
    const s = await ln.acceptAsync() // accepted sockets inherit the subscriptions
    const info = s.newRecvInfo()
    const buf = Buffer.alloc(256)
    const n = await s.recvMsgAsync(buf, info)
    expect(info.notification).toBe(true)
    expect(parseNotification(buf, n)).toMatchObject({ type: 'assoc_change', state: 'comm_up' })
    c.close()
    const events: string[] = []
    for (let i = 0; i < 3; i++) {
      const m = await s.recvMsgAsync(buf, info)
      if (!info.notification) {
        expect(m).toBe(0) // end of stream after the notifications
        break
      }
      const ev = parseNotification(buf, m)
      events.push(ev.type === 'assoc_change' ? `assoc_change:${ev.state}` : ev.type)
    }
    expect(events).toEqual(['shutdown', 'assoc_change:shutdown_comp'])
    s.close()
    ln.close()
  })

  it('every SCTP option of the seed, set and read back', async () => {
    const ln = listenSCTP4(lo)
    const c = dialSCTP4(null, ln.address())
    const s = await ln.acceptAsync()
    await c.waitWritable()
    c.setNoDelay(true)
    expect(c.getNoDelay()).toBe(true)
    c.setDisableFragments(true)
    expect(c.getDisableFragments()).toBe(true)
    c.setMaxBurst(8)
    expect(c.getMaxBurst()).toBe(8)
    c.setContext(77)
    expect(c.getContext()).toBe(77)
    c.setFragmentInterleave(1)
    expect(c.getFragmentInterleave()).toBe(1)
    c.setPartialDeliveryPoint(4096)
    expect(c.getPartialDeliveryPoint()).toBe(4096)
    c.setMaxseg(1000)
    expect(c.getMaxseg()).toBeLessThanOrEqual(1000)
    ln.setInitMsg({ numOstreams: 7, maxInstreams: 9, maxAttempts: 3, maxInitTimeo: 500 })
    expect(ln.getInitMsg()).toEqual({ numOstreams: 7, maxInstreams: 9, maxAttempts: 3, maxInitTimeo: 500 })
    c.setDefaultSndInfo({ stream: 1, ppid: 99 })
    expect(c.getDefaultSndInfo()).toMatchObject({ stream: 1, ppid: 99 })
    const st = c.getStatus()
    expect(st.state).toBe(S.SCTP_ESTABLISHED)
    expect(st.outstrms).toBeGreaterThan(0)
    expect(st.primary.address?.toString()).toBe(`127.0.0.1:${ln.address().port}`)
    const v6 = listenSCTP6({ address: '::', port: 0 })
    v6.setMappedV4(true)
    expect(v6.getMappedV4()).toBe(true)
    v6.close()
    for (const x of [c, s, ln]) x.close()
  })
})
