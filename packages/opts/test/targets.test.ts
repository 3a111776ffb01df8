import { describe, expect, it } from 'vitest'
import net from 'node:net'
import dgram from 'node:dgram'
import { once } from 'node:events'
import * as o from '@sock/opts'
import { listenTCP4 } from '@sock/tcp'

describe("targets: our sockets, fd numbers, and Node's own sockets", () => {
  it('tunes net.Server, net.Socket and dgram.Socket through their fds', async () => {
    const server = net.createServer((s) => s.end())
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    o.setTCPDeferAccept(server, 1)
    expect(o.getTCPDeferAccept(server)).toBe(1)
    expect(o.getAcceptConn(server)).toBe(true)
    const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1')
    await once(client, 'connect')
    o.setTCPKeepIdle(client, 42)
    expect(o.getTCPKeepIdle(client)).toBe(42)
    expect(o.getTCPInfo(client).state).toBe(o.TCP_ESTABLISHED)
    const d = dgram.createSocket('udp4')
    d.bind(0, '127.0.0.1')
    await once(d, 'listening')
    o.setIPTTL(d, 33)
    expect(o.getIPTTL(d)).toBe(33)
    client.destroy()
    d.close()
    server.close()
    await Promise.all([once(client, 'close'), once(server, 'close')])
  })

  it('a Node socket without an fd yet gives ERR_SOCK_NO_FD', () => {
    const s = new net.Socket()
    expect(() => o.getTCPNoDelay(s)).toThrow(expect.objectContaining({ code: 'ERR_SOCK_NO_FD' }))
    const d = dgram.createSocket('udp4')
    expect(() => o.getIPTTL(d)).toThrow(expect.objectContaining({ code: 'ERR_SOCK_NO_FD' }))
    d.close()
    expect(() => o.getIPTTL({} as never)).toThrow(TypeError)
  })

  it('fd numbers, and closed sockets', () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    expect(o.getAcceptConn(ln.fd)).toBe(true)
    ln.close()
    expect(() => o.getAcceptConn(ln)).toThrow(expect.objectContaining({ code: 'ERR_SOCK_CLOSED' }))
    expect(() => o.getAcceptConn(-1)).toThrow(RangeError)
  })
})
