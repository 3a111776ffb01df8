// A tour of @sock/tcp: run with `pnpm tour` (after `pnpm build`).
import { listenTCP4, dialTCP4, TCPDialer } from '@sock/tcp'
import { WOULD_BLOCK } from '@sock/core'

const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
console.log('listening on', ln.address())

const client = dialTCP4(null, ln.address()) // returns at once, handshake in progress
const server = await ln.acceptAsync()
client.setNoDelay(true)
await client.waitWritable()
console.log('client wrote', client.write(Buffer.from('ping')), 'bytes')

const buf = Buffer.alloc(64)
await server.waitReadable()
const n = server.read(buf) // a byte count, or WOULD_BLOCK: never blocks, never throws for EAGAIN
console.log('server read', n, 'bytes:', buf.toString('utf8', 0, n))
console.log('next read is WOULD_BLOCK:', server.read(buf) === WOULD_BLOCK)

const t0 = performance.now()
server.setReadDeadline(Date.now() + 50)
try {
  server.read(buf) // waits on poll(2) up to the deadline
} catch (err) {
  console.log(`deadline: ${err.code} after ${Math.round(performance.now() - t0)} ms`)
}

const conn = await new TCPDialer({ timeout: 5000 }).dial4(null, ln.address()) // resolves once connected
console.log('dialer connected from port', conn.localPort)

let accepted = 0
for await (const c of ln) {
  accepted++
  console.log('accepted a connection from', `${c.remoteAddress}:${c.remotePort}`)
  c.close()
  break
}

for (const s of [client, server, conn, ln]) s.close()
console.log(`done (${accepted} accepted by the iterator)`)
