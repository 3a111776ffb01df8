// One side of udp-batch.mjs in JS: prints 'ready' (receivers), then one JSON
// line { count, cpuSeconds, batch?, sleeps } measured with process.cpuUsage()
// and process.resourceUsage() (sleeps: voluntary context switches).
import dgram from 'node:dgram'
import { listenUDP4, UDPMessages } from '@sock/udp'
import { WOULD_BLOCK } from '@sock/core'

const [mode, portText, secondsText] = process.argv.slice(2)
const port = Number(portText)
const seconds = Number(secondsText)
const cpuSeconds = (c) => (c.user + c.system) / 1e6
const sleeps = () => process.resourceUsage().voluntaryContextSwitches
const BATCH = 32

if (mode === 'sock-recv') {
  const sock = listenUDP4({ address: '127.0.0.1', port }, { recvBufferSize: 1 << 22 })
  const msgs = new UDPMessages(BATCH, 64)
  console.log('ready')
  // wait on poll(2) while empty, like the C receiver's blocking recvmmsg
  let n
  do {
    sock.setReadDeadline(Date.now() + 60_000)
    n = sock.recvMessages(msgs)
  } while (n <= 0)
  const c0 = process.cpuUsage()
  const s0 = sleeps()
  const end = performance.now() + seconds * 1000
  let count = 0
  let calls = 0
  // a deadline past the end: recvMessages waits on poll(2) when the queue is empty
  sock.setReadDeadline(Date.now() + seconds * 1000 + 500)
  for (;;) {
    let r
    try {
      r = sock.recvMessages(msgs)
    } catch (e) {
      if (e.code === 'ETIMEDOUT') break
      throw e
    }
    if (r > 0) {
      count += r
      calls++
    }
    if (performance.now() > end) break
  }
  console.log(JSON.stringify({ count, cpuSeconds: cpuSeconds(process.cpuUsage(c0)), batch: count / calls, sleeps: sleeps() - s0 }))
  sock.close()
} else if (mode === 'dgram-recv') {
  const s = dgram.createSocket({ type: 'udp4', recvBufferSize: 1 << 22 })
  s.bind(port, '127.0.0.1', () => console.log('ready'))
  let count = -1
  let c0
  let s0
  let end
  s.on('message', () => {
    if (count === -1) {
      count = 0
      c0 = process.cpuUsage()
      s0 = sleeps()
      end = performance.now() + seconds * 1000
      return
    }
    count++
    if ((count & 1023) === 0 && performance.now() > end) {
      console.log(JSON.stringify({ count, cpuSeconds: cpuSeconds(process.cpuUsage(c0)), sleeps: sleeps() - s0 }))
      process.exit(0)
    }
  })
} else if (mode === 'sock-send') {
  const sock = listenUDP4({ address: '127.0.0.1', port: 0 })
  const msgs = new UDPMessages(BATCH, 64)
  const to = { address: '127.0.0.1', port }
  const { SockaddrInet4 } = await import('@sock/addr')
  const sa = new SockaddrInet4(to.address, to.port)
  for (let i = 0; i < BATCH; i++) {
    msgs.setLength(i, 64)
    msgs.setTo(i, sa)
  }
  const c0 = process.cpuUsage()
  const end = performance.now() + seconds * 1000
  let count = 0
  while (performance.now() < end) {
    const n = sock.sendMessages(msgs, BATCH)
    if (n !== WOULD_BLOCK) count += n
  }
  console.log(JSON.stringify({ count, cpuSeconds: cpuSeconds(process.cpuUsage(c0)) }))
  sock.close()
} else if (mode === 'dgram-send') {
  const s = dgram.createSocket('udp4')
  const msg = Buffer.alloc(64)
  await new Promise((r) => s.bind(0, '127.0.0.1', r))
  const c0 = process.cpuUsage()
  const end = performance.now() + seconds * 1000
  let count = 0
  // keep a bounded number of sends in flight, as a real sender would
  let inflight = 0
  await new Promise((resolve) => {
    const pump = () => {
      while (inflight < 256 && performance.now() < end) {
        inflight++
        s.send(msg, port, '127.0.0.1', () => {
          inflight--
          count++
          pump()
        })
      }
      if (performance.now() >= end && inflight === 0) resolve()
    }
    pump()
  })
  console.log(JSON.stringify({ count, cpuSeconds: cpuSeconds(process.cpuUsage(c0)) }))
  s.close()
}
