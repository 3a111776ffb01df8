import { describe, expect, it } from 'vitest'
import { listenSCTPMulti, openSCTPMulti, parseNotification } from '@sock/sctp'
import { hasSCTP } from './sctp-support.js'

describe.skipIf(!hasSCTP)('one-to-many SCTP (SOCK_SEQPACKET) — needs a kernel with SCTP', () => {
  it('one socket serves several associations; messages carry stream, ppid and association id', async () => {
    const server = listenSCTPMulti('sctp4', { address: '127.0.0.1', port: 0 })
    server.subscribe(['assoc_change'])
    const clients = [openSCTPMulti('sctp4'), openSCTPMulti('sctp4')]
    clients.forEach((cl, i) => cl.sendMsg(Buffer.from(`from ${i}`), { to: server.address(), stream: i + 1, ppid: 100 + i }))
    const info = server.newRecvInfo()
    const buf = Buffer.alloc(256)
    const data: { text: string; stream: number; ppid: number; assocId: number; port: number }[] = []
    const ups: number[] = []
    while (data.length < 2) {
      const n = await server.recvMsgAsync(buf, info)
      if (info.notification) {
        const ev = parseNotification(buf, n)
        if (ev.type === 'assoc_change' && ev.state === 'comm_up') ups.push(ev.assocId)
        continue
      }
      data.push({ text: buf.toString('utf8', 0, n), stream: info.stream, ppid: info.ppid, assocId: info.assocId, port: info.from.port })
    }
    expect(ups).toHaveLength(2)
    data.sort((a, b) => a.stream - b.stream)
    expect(data.map((d) => [d.text, d.stream, d.ppid])).toEqual([
      ['from 0', 1, 100],
      ['from 1', 2, 101],
    ])
    expect(new Set(data.map((d) => d.assocId))).toEqual(new Set(ups))
    // reply on an association by id
    server.sendMsg(Buffer.from('reply'), { assocId: data[0].assocId, stream: 3 })
    const ci = clients[0].newRecvInfo()
    let n: number
    do n = await clients[0].recvMsgAsync(buf, ci)
    while (ci.notification)
    expect(buf.toString('utf8', 0, n)).toBe('reply')
    expect(ci.stream).toBe(3)
    clients.forEach((c) => c.close())
    server.close()
  })

  it('an association that cannot start reports cant_str_assoc, and its queued message comes back as send_failed', async () => {
    const { listenSCTP4 } = await import('@sock/sctp')
    const gone = listenSCTP4({ address: '127.0.0.1', port: 0 })
    const port = gone.address().port
    gone.close()
    const c = openSCTPMulti('sctp4')
    c.subscribe(['send_failed', 'assoc_change'])
    c.sendMsg(Buffer.from('lost message'), { to: { address: '127.0.0.1', port }, stream: 2, ppid: 9, context: 1234 })
    const info = c.newRecvInfo()
    const buf = Buffer.alloc(512)
    const events = []
    for (let i = 0; i < 2; i++) {
      const n = await c.recvMsgAsync(buf, info)
      expect(info.notification).toBe(true)
      events.push(parseNotification(buf, n))
    }
    expect(events[0]).toMatchObject({ type: 'assoc_change', state: 'cant_str_assoc' })
    expect(events[1]).toMatchObject({ type: 'send_failed', state: 'unsent', stream: 2, ppid: 9, context: 1234 })
    expect(Buffer.from((events[1] as { data: Uint8Array }).data).toString()).toBe('lost message')
    c.close()
  })

  it('autoclose on a one-to-many socket', () => {
    const s = openSCTPMulti('sctp4')
    s.setAutoclose(30)
    expect(s.getAutoclose()).toBe(30)
    s.close()
  })
})
