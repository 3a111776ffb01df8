// The JS sides of run.mjs, one process per measurement:
//   node peers.mjs echo-server IMPL PORT         IMPL: sock-async | sock-poll | sock-uring | promise-floor | node-net; until killed
//   node peers.mjs accept-server IMPL PORT COUNT IMPL: js-floor | promise-floor | sock-sync | sock-async | sock-uring | node-net
//   node peers.mjs bulk-recv IMPL PORT           IMPL: sock-async | node-net
//   node peers.mjs dial-client IMPL PORT COUNT   IMPL: js-floor | sock-async | node-net
// Servers print "ready" once listening; the measuring ones end with one JSON line.
// `heap` / `mark` on stdin (echo-server): prints heap bytes used and GCs run since start,
// so the orchestrator can take a heap delta over its measured window.
import net from 'node:net'
import { createInterface } from 'node:readline'
import { PerformanceObserver } from 'node:perf_hooks'
import { listenTCP4, TCPDialer } from '@sock/tcp'
import { Poll, WOULD_BLOCK } from '@sock/core'
import native, { constants as NC } from '@sock/native'
import { SockaddrInet4 } from '@sock/addr'
import { Ring } from '@sock/uring'

const [role, impl, portText, countText] = process.argv.slice(2)
const port = Number(portText)
const count = Number(countText)
const ready = () => console.log('ready')
/** Connections made before accept or dial is measured (see run.mjs). */
const WARMUP = 1000
const done = (result) => {
  console.log(JSON.stringify(result))
  process.exit(0)
}
const cpuSeconds = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}
let gcs = 0
new PerformanceObserver((l) => (gcs += l.getEntries().length)).observe({ entryTypes: ['gc'] })
createInterface({ input: process.stdin }).on('line', () => console.log(JSON.stringify({ heapUsed: process.memoryUsage().heapUsed, gcs })))

function sockListener() {
  return listenTCP4({ address: '127.0.0.1', port }, { backlog: 4096 })
}

if (role === 'echo-server') {
  if (impl === 'node-net') {
    net
      .createServer((s) => {
        s.setNoDelay(true)
        s.on('data', (d) => s.write(d))
        s.on('error', () => {})
      })
      .listen({ port, host: '127.0.0.1', backlog: 4096 }, ready)
  } else if (impl === 'sock-async') {
    const ln = sockListener()
    ready()
    const serve = async (c) => {
      const buf = Buffer.alloc(4096)
      try {
        for (;;) {
          const n = await c.readAsync(buf)
          if (n === 0) break
          await c.writeAsync(buf, 0, n) // the range: no view of buf per message
        }
      } catch {}
      c.close()
    }
    for (;;) {
      const c = await ln.acceptAsync()
      c.setNoDelay(true)
      serve(c)
    }
  } else if (impl === 'sock-uring') {
    // the echo server: multishot accept, multishot recv over the ring's buffers, a send per chunk
    const ring = new Ring({ entries: 4096, buffers: { count: 4096, size: 4096 } })
    const ln = sockListener()
    ring.acceptMultishot(ln, (c) => {
      c.setNoDelay(true)
      ring.recvMultishot(
        c,
        (data) => ring.send(c, data),
        () => c.close(),
      )
    })
    ready()
  } else if (impl === 'promise-floor') {
    // the least the sock-async server's awaits can cost on libuv readiness, with no sock objects:
    // each connection's fd on an addon Handle armed once; a read awaits one promise of the addon
    // that the readiness callback settles in its recv, a reply awaits the settled promise of its
    // send (as the sock-async server awaits readAsync and writeAsync)
    const ln = sockListener()
    ready()
    const onReady = (h) => h.recv(0, h.owner, 0, h.owner.length) // resolves the awaited promise with the count
    const serve = async (fd) => {
      const buf = Buffer.alloc(4096)
      const h = new native.Handle(fd, onReady)
      h.owner = buf
      h.watch(NC.UV_READABLE | NC.UV_DISCONNECT, false) // the pending promise says it waits
      for (;;) {
        const n = await h.promise(0)
        if (n <= 0) break
        await Promise.resolve(native.send(fd, buf, 0, n, 0)) // as the sock-async server awaits writeAsync's settled promise
      }
      h.close()
    }
    for (;;) {
      const c = await ln.acceptAsync()
      c.setNoDelay(true)
      serve(c.detach())
    }
  } else if (impl === 'sock-poll') {
    // one Poll: token 0 the listener, token i the i-th connection; sync read and write per ready socket
    const ln = sockListener()
    const conns = [null]
    const free = []
    const buf = Buffer.alloc(4096)
    new Poll().add(ln, 0).start((poll, n) => {
      for (let i = 0; i < n; i++) {
        const token = poll.token(i)
        if (token === 0) {
          for (let c = ln.accept(); c !== null; c = ln.accept()) {
            c.setNoDelay(true)
            const t = free.pop() ?? conns.length
            conns[t] = c
            poll.add(c, t)
          }
          continue
        }
        const c = conns[token]
        try {
          const got = c.read(buf)
          if (got === WOULD_BLOCK) continue
          if (got > 0) {
            c.writeAll(buf, 0, got) // the client keeps little in flight: fits the send buffer
            continue
          }
        } catch {} // a reset: close it as at end of stream
        c.close()
        conns[token] = null
        free.push(token)
      }
    })
    ready()
  }
} else if (role === 'accept-server') {
  // the first WARMUP connections warm the JIT up and are not measured (the client makes count + WARMUP)
  let c0 = 0
  const mark = (i) => {
    if (i === WARMUP) c0 = cpuSeconds()
  }
  if (impl === 'node-net') {
    let n = 0
    const server = net.createServer({ pauseOnConnect: true }, (s) => {
      mark(n)
      s.destroy()
      if (++n === count + WARMUP) done({ count, cpuSeconds: cpuSeconds() - c0 })
    })
    server.listen({ port, host: '127.0.0.1', backlog: 4096 }, ready)
  } else {
    const ln = sockListener()
    ready()
    if (impl === 'js-floor') {
      // the addon's syscalls with no sock objects: accept4, poll(2) when none is queued, close
      for (let i = 0; i < count + WARMUP;) {
        mark(i)
        const fd = native.accept(ln.fd, null)
        if (fd >= 0) {
          native.close(fd)
          i++
        } else native.poll(ln.fd, NC.POLLIN, -1)
      }
      done({ count, cpuSeconds: cpuSeconds() - c0 })
    } else if (impl === 'promise-floor') {
      // the sock-async loop's awaits with no sock objects: accept4 at once (awaiting its settled
      // promise), else await a promise of the addon that the listener's readiness callback settles
      // with its accept4; then close(2)
      const lfd = ln.fd
      const h = new native.Handle(lfd, (h) => {
        const fd = native.accept(lfd, null)
        if (fd >= 0) h.settle(1, fd, false)
      })
      h.watch(NC.UV_READABLE, false) // the pending promise says it waits
      for (let i = 0; i < count + WARMUP; i++) {
        mark(i)
        const now = native.accept(lfd, null)
        native.close(await (now >= 0 ? Promise.resolve(now) : h.promise(1)))
      }
      done({ count, cpuSeconds: cpuSeconds() - c0 })
    } else if (impl === 'sock-uring') {
      const ring = new Ring({ entries: 4096, buffers: { count: 64, size: 64 } })
      let i = 0
      ring.acceptMultishot(ln, (c) => {
        mark(i)
        c.close()
        if (++i === count + WARMUP) done({ count, cpuSeconds: cpuSeconds() - c0 })
      })
    } else if (impl === 'sock-sync') {
      ln.setReadDeadline(Date.now() + 600_000) // accept() then waits with poll(2)
      for (let i = 0; i < count + WARMUP; i++) {
        mark(i)
        ln.accept().close()
      }
      done({ count, cpuSeconds: cpuSeconds() - c0 })
    } else {
      for (let i = 0; i < count + WARMUP; i++) {
        mark(i)
        ;(await ln.acceptAsync()).close()
      }
      done({ count, cpuSeconds: cpuSeconds() - c0 })
    }
  }
} else if (role === 'bulk-recv') {
  let bytes = 0
  let t0 = 0
  let c0 = 0
  const start = () => {
    t0 = performance.now()
    c0 = cpuSeconds()
  }
  const finish = () => done({ bytes, seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSeconds() - c0 })
  if (impl === 'node-net') {
    const server = net.createServer((s) => {
      s.on('data', (d) => {
        if (t0 === 0) start()
        else bytes += d.length
      })
      s.on('end', finish)
    })
    server.listen({ port, host: '127.0.0.1' }, ready)
  } else {
    const ln = sockListener()
    ready()
    const c = await ln.acceptAsync()
    const buf = Buffer.alloc(65536)
    await c.readAsync(buf)
    start()
    for (;;) {
      const n = await c.readAsync(buf)
      if (n === 0) break
      bytes += n
    }
    finish()
  }
} else if (role === 'dial-client') {
  const to = { address: '127.0.0.1', port }
  const sa = new SockaddrInet4('127.0.0.1', port)
  const dialer = new TCPDialer()
  const dialOnce = {
    // the addon's syscalls with no sock objects: socket, connect, poll(2) for the handshake, close
    'js-floor': () => {
      const fd = native.socket(NC.AF_INET, NC.SOCK_STREAM, 0)
      const r = native.connect(fd, sa.raw, sa.length)
      if (r !== 0 && r !== -NC.EINPROGRESS) throw new Error(`connect: ${r}`)
      if (r !== 0) native.poll(fd, NC.POLLOUT, -1)
      native.close(fd)
    },
    'node-net': async () => {
      const s = net.connect(to)
      await new Promise((resolve, reject) => s.once('connect', resolve).once('error', reject))
      s.destroy()
    },
    'sock-async': async () => (await dialer.dial4(null, to)).close(),
  }[impl]
  for (let i = 0; i < WARMUP; i++) await dialOnce() // the JIT warms up; not measured
  const t0 = performance.now()
  const c0 = cpuSeconds()
  for (let i = 0; i < count; i++) await dialOnce()
  done({ count, seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSeconds() - c0 })
} else throw new Error(`unknown role ${role}`)
