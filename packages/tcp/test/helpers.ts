import { listenTCP4, type TCPConn, type TCPListener } from '@sock/tcp'
import { createHash } from 'node:crypto'

/** A listener on 127.0.0.1 and a connected (client, server) pair, closed by `close()`. */
export async function connectedPair(): Promise<{ ln: TCPListener; client: TCPConn; server: TCPConn; close(): void }> {
  const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
  const { dialTCP4 } = await import('@sock/tcp')
  const client = dialTCP4(null, ln.address())
  const server = await ln.acceptAsync()
  await client.waitWritable()
  return {
    ln,
    client,
    server,
    close() {
      client.close()
      server.close()
      ln.close()
    },
  }
}

/** A port nothing listens on (bound then closed). */
export function closedPort(): number {
  const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
  const port = ln.address().port
  ln.close()
  return port
}

export function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex')
}

export function randomBytes(n: number): Buffer {
  const b = Buffer.alloc(n)
  let x = 0x12345678
  for (let i = 0; i < n; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    b[i] = x & 0xff
  }
  return b
}
