// The echo side of tcp-pingpong.mjs: prints its port, echoes 64-byte messages.
import net from 'node:net'
import { listenTCP4 } from '@sock/tcp'
import { WOULD_BLOCK } from '@sock/core'

const mode = process.argv[2]
if (mode === 'node-net') {
  const server = net.createServer((s) => {
    s.setNoDelay(true)
    s.on('data', (d) => s.write(d))
  })
  server.listen(0, '127.0.0.1', () => console.log(server.address().port))
} else {
  const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
  console.log(ln.address().port)
  const conn = await ln.acceptAsync()
  conn.setNoDelay(true)
  const buf = Buffer.alloc(64)
  if (mode === 'sock-deadline') {
    // synchronous with a read deadline: read() waits in poll(2) instead of spinning
    conn.setReadDeadline(Date.now() + 3_600_000)
    for (;;) {
      const n = conn.read(buf)
      if (n === 0) break
      conn.writeAll(buf, 0, n)
    }
  } else if (mode === 'sock-sync') {
    for (;;) {
      const n = conn.read(buf)
      if (n === WOULD_BLOCK) continue
      if (n === 0) break
      conn.writeAll(buf, 0, n)
    }
  } else {
    for (;;) {
      const n = await conn.readAsync(buf)
      if (n === 0) break
      await conn.writeAsync(n === 64 ? buf : buf.subarray(0, n))
    }
  }
  conn.close()
  ln.close()
  process.exit(0)
}
