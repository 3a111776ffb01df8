import { describe, expect, it } from 'vitest'
import dgram from 'node:dgram'
import { once } from 'node:events'
import { listenUDP4, listenUDP6 } from '@sock/udp'
import { SockaddrInet4 } from '@sock/addr'

describe('interop with node:dgram', () => {
  it('their socket sends to ours, ours answers', async () => {
    const ours = listenUDP4({ address: '127.0.0.1', port: 0 })
    const theirs = dgram.createSocket('udp4')
    theirs.bind(0, '127.0.0.1')
    await once(theirs, 'listening')
    theirs.send('from dgram', ours.address().port, '127.0.0.1')
    const buf = Buffer.alloc(64)
    const from = new SockaddrInet4()
    const n = await ours.recvFromAsync(buf, from)
    expect(buf.toString('utf8', 0, n)).toBe('from dgram')
    expect(from.port).toBe(theirs.address().port)
    const reply = once(theirs, 'message')
    ours.sendTo(Buffer.from('from sock'), from) // the sender's address, reused as is
    const [msg, rinfo] = await reply
    expect(String(msg)).toBe('from sock')
    expect(rinfo).toMatchObject({ address: '127.0.0.1', family: 'IPv4', port: ours.address().port })
    theirs.close()
    ours.close()
  })

  it('IPv6, with their rinfo used directly as our destination', async () => {
    const ours = listenUDP6({ address: '::1', port: 0 })
    const theirs = dgram.createSocket('udp6')
    theirs.bind(0, '::1')
    await once(theirs, 'listening')
    const got = once(theirs, 'message')
    ours.sendTo(Buffer.from('ping6'), theirs.address())
    const [, rinfo] = await got
    expect(rinfo.port).toBe(ours.address().port)
    theirs.send('pong6', rinfo.port, rinfo.address)
    const buf = Buffer.alloc(8)
    expect(buf.toString('utf8', 0, await ours.readAsync(buf))).toBe('pong6')
    theirs.close()
    ours.close()
  })
})
