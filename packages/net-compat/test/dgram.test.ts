import { describe, expect, it } from 'vitest'
import dgram from 'node:dgram'
import { once } from 'node:events'
import { createSocket, DgramSocket, fromRinfo, toRinfo } from '@sock/net-compat'
import { SockaddrInet4 } from '@sock/addr'

describe('the dgram.Socket-shaped adapter', () => {
  it("'listening', 'message' (msg, rinfo), send, address, close — against node:dgram", async () => {
    const ours = createSocket('udp4')
    ours.bind(0, '127.0.0.1')
    await once(ours, 'listening')
    const { port } = ours.address()
    const theirs = dgram.createSocket('udp4')
    theirs.bind(0, '127.0.0.1')
    await once(theirs, 'listening')
    const got = once(ours, 'message')
    theirs.send('to the adapter', port, '127.0.0.1')
    const [msg, rinfo] = await got
    expect(String(msg)).toBe('to the adapter')
    expect(rinfo).toEqual({ address: '127.0.0.1', family: 'IPv4', port: theirs.address().port, size: 14 })
    const reply = once(theirs, 'message')
    await new Promise<void>((resolve, reject) => ours.send(Buffer.from('back'), rinfo.port, rinfo.address, (err) => (err ? reject(err) : resolve())))
    expect(String((await reply)[0])).toBe('back')
    const closed = once(ours, 'close')
    ours.close()
    await closed
    theirs.close()
  })

  it('connect, options and membership pass through; errors are emitted', async () => {
    const a = new DgramSocket('udp4')
    a.bind({ port: 0, address: '127.0.0.1' })
    await once(a, 'listening')
    const b = createSocket({ type: 'udp4' })
    b.bind(0, '127.0.0.1')
    await once(b, 'listening')
    a.connect(b.address().port, '127.0.0.1')
    await once(a, 'connect')
    expect(a.remoteAddress().port).toBe(b.address().port)
    a.setBroadcast(true)
    a.setTTL(9)
    a.setMulticastTTL(3)
    a.addMembership('239.7.7.7', '127.0.0.1')
    a.dropMembership('239.7.7.7', '127.0.0.1')
    const got = once(b, 'message')
    a.send('connected')
    expect(String((await got)[0])).toBe('connected')
    const dup = createSocket('udp4')
    dup.bind(b.address().port, '127.0.0.1')
    const [err] = await once(dup, 'error')
    expect(err.code).toBe('EADDRINUSE')
    for (const s of [a, b, dup]) s.close()
    await once(b, 'close')
  })

  it('rinfo conversions', () => {
    const sa = fromRinfo({ address: '10.0.0.1', port: 53 })
    expect(sa).toBeInstanceOf(SockaddrInet4)
    expect(toRinfo(sa, 12)).toEqual({ address: '10.0.0.1', family: 'IPv4', port: 53, size: 12 })
  })
})
