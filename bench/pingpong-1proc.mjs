// TCP ping-pong with both ends in this process (one event loop), 64-byte
// messages: node:net 'data' events against sock readAsync/writeAsync, and the
// same awaits on bare addon promises (promise-floor: what any promise-per-read
// API costs on libuv readiness, with no sock object), and a Poll driving both
// ends with synchronous reads and writes (sock-poll: one callback per loop turn),
// and one @sock/uring Ring driving both (sock-uring: multishot receives, sends).
// Prints {"count","seconds"}.   node pingpong-1proc.mjs node-net|sock-async|promise-floor|sock-poll|sock-uring [ROUND_TRIPS]
import net from 'node:net'
import { listenTCP4, dialTCP4 } from '@sock/tcp'
import { Poll } from '@sock/core'
import { Ring } from '@sock/uring'
import native, { constants as NC } from '@sock/native'
const mode = process.argv[2],
  N = Number(process.argv[3] ?? 200000)
const msg = Buffer.alloc(64, 0x61)

/** A sock listener and a connected pair through it, Nagle off on both ends: c the client end, s the server end. */
async function sockPair() {
  const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
  const c = dialTCP4(null, { address: '127.0.0.1', port: ln.address().port })
  c.setNoDelay(true)
  const s = await ln.acceptAsync()
  s.setNoDelay(true)
  return { ln, c, s }
}
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
} else if (mode === 'sock-poll') {
  // token 0 the server end (echoes what it reads), token 1 the client end (counts round trips)
  const { ln, c, s } = await sockPair()
  const sb = Buffer.alloc(64),
    cb = Buffer.alloc(64)
  let left = N,
    pend = 0
  const t0 = performance.now()
  await new Promise((done) => {
    const poll = new Poll({ capacity: 2 }).add(s, 0).add(c, 1)
    poll.start((poll, n) => {
      for (let i = 0; i < n; i++) {
        if (poll.token(i) === 0) {
          const got = s.read(sb)
          if (got > 0) s.writeAll(sb, 0, got) // 64 bytes in flight: always fits the send buffer
          continue
        }
        const got = c.read(cb)
        if (got <= 0) continue // WOULD_BLOCK is negative
        for (pend += got; pend >= 64; pend -= 64) {
          if (--left === 0) {
            poll.close()
            return done()
          }
          c.writeAll(msg)
        }
      }
    })
    c.writeAll(msg)
  })
  const dt = performance.now() - t0
  console.log(JSON.stringify({ count: N, seconds: dt / 1000 }))
  s.close()
  c.close()
  ln.close()
} else if (mode === 'sock-uring') {
  const { ln, c, s } = await sockPair()
  const ring = new Ring({ entries: 64, buffers: { count: 16, size: 4096 } })
  let left = N,
    pend = 0
  const t0 = performance.now()
  await new Promise((done, fail) => {
    const end = (err) => err && fail(err)
    ring.recvMultishot(s, (data) => ring.send(s, data), end)
    ring.recvMultishot(
      c,
      (data) => {
        for (pend += data.length; pend >= 64; pend -= 64) {
          if (--left === 0) return done()
          ring.send(c, msg)
        }
      },
      end,
    )
    ring.send(c, msg)
  })
  const dt = performance.now() - t0
  console.log(JSON.stringify({ count: N, seconds: dt / 1000 }))
  ring.close()
  s.close()
  c.close()
  ln.close()
} else if (mode === 'promise-floor') {
  // each end's fd on an addon Handle armed once; a read awaits a promise of the addon that the
  // readiness callback settles in its recv, a write awaits the settled promise of its send
  const { ln, c, s } = await sockPair()
  const onReady = (h) => h.recv(0, h.owner, 0, h.owner.length)
  const end = (sock) => {
    const fd = sock.detach()
    const h = new native.Handle(fd, onReady)
    h.owner = Buffer.alloc(64)
    h.watch(NC.UV_READABLE | NC.UV_DISCONNECT, false) // the pending promise says it waits
    return { fd, h, buf: h.owner }
  }
  const sv = end(s),
    cl = end(c)
  ;(async () => {
    for (;;) {
      const n = await sv.h.promise(0)
      if (n <= 0) break
      await Promise.resolve(native.send(sv.fd, sv.buf, 0, n, 0))
    }
    sv.h.close()
  })()
  const t0 = performance.now()
  for (let i = 0; i < N; i++) {
    await Promise.resolve(native.send(cl.fd, msg, 0, 64, 0))
    let got = 0
    while (got < 64) got += await cl.h.promise(0) // 64-byte messages: the reads never split on loopback
  }
  const dt = performance.now() - t0
  console.log(JSON.stringify({ count: N, seconds: dt / 1000 }))
  cl.h.close()
  ln.close()
} else {
  const { ln, c, s } = await sockPair()
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
