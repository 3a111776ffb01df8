import { describe, expect, it } from 'vitest'
import net from 'node:net'
import { once } from 'node:events'
import { adoptNodeSocket, adoptNodeServer } from '@sock/net-compat'
import { getTCPInfo, TCP_ESTABLISHED } from '@sock/opts'

describe('adopting the fd of a Node socket', () => {
  it('gives a sock object over a dup: options, TCP_INFO and raw I/O, and no double close', async () => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const ln = adoptNodeServer(server)
    expect(ln.address().port).toBe((server.address() as net.AddressInfo).port)
    const accepted = once(server, 'connection')
    const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1')
    await once(client, 'connect')
    const [theirs] = (await accepted) as [net.Socket]
    const conn = adoptNodeSocket(client)
    expect(conn.fd).not.toBe((client as unknown as { _handle: { fd: number } })._handle.fd)
    conn.setNoDelay(true)
    expect(getTCPInfo(conn).state).toBe(TCP_ESTABLISHED)
    // raw I/O through the dup: Node's side of the connection sees it
    const got = once(theirs, 'data')
    conn.write(Buffer.from('via the dup'))
    expect(String((await got)[0])).toBe('via the dup')
    // closing ours leaves Node's socket working
    conn.close()
    const again = once(theirs, 'data')
    client.write('still works')
    expect(String((await again)[0])).toBe('still works')
    ln.close()
    client.destroy()
    theirs.destroy()
    server.close()
    await once(server, 'close')
  })

  it('a Node socket without an fd yet is a clear error', () => {
    expect(() => adoptNodeSocket(new net.Socket())).toThrow(expect.objectContaining({ code: 'ERR_SOCK_NO_FD' }))
  })
})
