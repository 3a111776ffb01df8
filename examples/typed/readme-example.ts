// The root README's TCP example, plus the UDP batch and Unix fd-passing shapes,
// type-checked against the published .d.ts files (examples/test/types.test.ts).
// The @ts-expect-error lines must stay errors: the types reject misuse.
import { listenTCP4, dialTCP4, TCPDialer, TCPConn } from '@sock/tcp'
import { WOULD_BLOCK, SockError } from '@sock/core'
import { listenUDP4, UDPMessages, UDPMessageInfo } from '@sock/udp'
import { unixConnPair } from '@sock/unix'
import { SockaddrInet4 } from '@sock/addr'
import { getTCPInfo, TCPInfo } from '@sock/opts'

export async function readmeExample(): Promise<void> {
  const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
  const client = dialTCP4(null, ln.address())
  const server: TCPConn = await ln.acceptAsync()
  client.setNoDelay(true)
  client.write(Buffer.from('ping'))
  const buf = Buffer.alloc(64)
  const n: number = server.read(buf)
  if (n !== WOULD_BLOCK) console.log(buf.toString('utf8', 0, n))
  server.setReadDeadline(Date.now() + 50)
  try {
    server.read(buf)
  } catch (err) {
    if (err instanceof SockError && err.code === 'ETIMEDOUT' && err.deadlineExceeded) console.log('timed out')
  }
  const conn = await new TCPDialer({ timeout: 5000 }).dial4(null, ln.address())
  for await (const c of ln) {
    c.close()
    break
  }
  const info: TCPInfo = getTCPInfo(conn, new TCPInfo())
  console.log(info.rtt, info.has('rcvWnd'))
  for (const s of [client, server, conn, ln]) s.close()

  // @ts-expect-error a read takes a Uint8Array, not a string
  server.read('x')
  // @ts-expect-error shutdown takes 'read', 'write' or 'both'
  server.shutdown('sideways')
}

export function udpBatch(): void {
  const sock = listenUDP4({ address: '127.0.0.1', port: 0 }, { recvBufferSize: 1 << 22 })
  const msgs = new UDPMessages(32, 2048)
  const sender = new SockaddrInet4()
  const got: number = sock.recvMessages(msgs)
  for (let i = 0; i < got; i++) {
    const from: SockaddrInet4 = msgs.from(i, sender) // no allocation
    console.log(msgs.length(i), msgs.truncated(i), from.port)
  }
  // @ts-expect-error a table, not a Buffer
  sock.recvMessages(Buffer.alloc(64))
  const info = new UDPMessageInfo(4)
  sock.recvMsg(Buffer.alloc(2048), info)
  console.log(info.localAddress, info.tos, info.segmentSize)
  sock.close()
}

export function unixPassing(): void {
  const [a, b] = unixConnPair('unix')
  a.sendMsg(Buffer.from('x'), { fds: [0] })
  const m = b.recvMsg(Buffer.alloc(8), { maxFds: 4 })
  if (m !== null && typeof m === 'object') console.log(m.fds, m.credentials)
  a.close()
  b.close()
}
