// TCP ping-pong with both ends in this process (one event loop), 64-byte
// messages: node:net 'data' events against sock readAsync/writeAsync.
// Prints {"count","seconds"}.   node pingpong-1proc.mjs node-net|sock-async [ROUND_TRIPS]
import net from 'node:net'
import { listenTCP4, dialTCP4 } from '@sock/tcp'
const mode = process.argv[2],
  N = Number(process.argv[3] ?? 200000)
const msg = Buffer.alloc(64, 0x61)
if (mode === 'node-net') {
  const server = net.createServer((s) => {
    s.setNoDelay(true)
    s.on('data', (d) => s.write(d))
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const c = net.connect(server.address().port, '127.0.0.1')
  c.setNoDelay(true)
  await new Promise((r) => c.once('connect', r))
  let left = N,
    pend = 0
  const t0 = performance.now()
  await new Promise((res) => {
    c.on('data', (d) => {
      pend += d.length
      while (pend >= 64) {
        pend -= 64
        if (--left === 0) return res()
        c.write(msg)
      }
    })
    c.write(msg)
  })
  const dt = performance.now() - t0
  console.log(JSON.stringify({ count: N, seconds: dt / 1000 }))
  c.destroy()
  server.close()
} else {
  const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
  const c = dialTCP4(null, { address: '127.0.0.1', port: ln.address().port })
  c.setNoDelay(true)
  const s = await ln.acceptAsync()
  s.setNoDelay(true)
  const sb = Buffer.alloc(64),
    cb = Buffer.alloc(64)
  ;(async () => {
    for (;;) {
      const n = await s.readAsync(sb)
      if (n === 0) break
      await s.writeAsync(n === 64 ? sb : sb.subarray(0, n))
    }
    s.close()
  })()
  const t0 = performance.now()
  for (let i = 0; i < N; i++) {
    await c.writeAsync(msg)
    let got = 0
    while (got < 64) got += await c.readAsync(got === 0 ? cb : cb.subarray(got))
  }
  const dt = performance.now() - t0
  console.log(JSON.stringify({ count: N, seconds: dt / 1000 }))
  c.close()
  ln.close()
}
