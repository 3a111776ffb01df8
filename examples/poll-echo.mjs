// An echo server on one Poll: every ready socket of a loop turn in one callback,
// synchronous read/write on each, no promise per message.
//
//   node poll-echo.mjs [--port=7007] [--connections=N]
//
// Prints "listening on 127.0.0.1:PORT"; with --connections=N it exits once N
// connections have come and gone. Try it: socat - TCP:127.0.0.1:7007
import { listenTCP4 } from '@sock/tcp'
import { Poll, Ready, WOULD_BLOCK } from '@sock/core'

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')))
const ln = listenTCP4({ address: '127.0.0.1', port: Number(args.port ?? 7007) })
const limit = args.connections === undefined ? Infinity : Number(args.connections)
console.log(`listening on ${ln.localAddr()}`)

const conns = [ln] // the token of a socket is its index here: 0 is the listener
const free = [] // tokens of closed connections, for reuse
const buf = new Uint8Array(64 * 1024)
let served = 0

const poll = new Poll().add(ln, 0)
poll.start((p, n) => {
  for (let i = 0; i < n; i++) {
    const token = p.token(i)
    if (token === 0) {
      for (let c = ln.accept(); c !== null; c = ln.accept()) {
        const t = free.pop() ?? conns.length
        conns[t] = c
        p.add(c, t)
      }
      continue
    }
    const c = conns[token]
    let closed = (p.readiness(i) & Ready.ERROR) !== 0
    while (!closed) {
      const got = c.read(buf)
      if (got === WOULD_BLOCK) break
      if (got === 0)
        closed = true // the peer is done
      // writeAll waits in poll(2) if the send buffer is full: fine for clients that read
      // their echo; a server with slow readers would queue the rest and add Interest.WRITABLE
      else c.writeAll(buf, 0, got)
    }
    if (closed) {
      c.close() // leaves the Poll by itself
      conns[token] = null
      free.push(token)
      if (++served === limit) {
        poll.close()
        ln.close()
      }
    }
  }
})
