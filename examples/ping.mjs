// ping, as iputils prints it: echo requests to an address, one per interval,
// per-reply sequence numbers and round-trip times, then statistics.
//
//   node ping.mjs [address=127.0.0.1] [--count=3] [--interval=1]
//
// As root (CAP_NET_RAW) it uses a raw ICMP socket; otherwise an unprivileged
// ping socket, which needs net.ipv4.ping_group_range to include your group.
import { constants as C } from '@sock/core'
import { newRawSocket4, newICMPSocket4, buildEchoRequest4, parseEcho, parseIPv4Header, ICMP_ECHO_REPLY } from '@sock/raw'

const args = process.argv.slice(2)
const opt = (name, dflt) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt)
const target = args.find((a) => !a.startsWith('--')) ?? '127.0.0.1'
const count = opt('count', 3)
const interval = opt('interval', 1) * 1000
const DATA = 56

let sock
let raw = true
try {
  sock = newRawSocket4(C.IPPROTO_ICMP)
} catch (err) {
  if (err.code !== 'EPERM') throw err
  raw = false
  sock = newICMPSocket4() // EACCES here explains ping_group_range
}
const id = raw ? process.pid & 0xffff : 0 // a ping socket sets the id itself
const payload = Buffer.alloc(DATA, 0x61)
const req = new Uint8Array(8 + DATA)
const buf = new Uint8Array(1500)
const rtts = []
const started = performance.now()
console.log(`PING ${target} (${target}) ${DATA}(${DATA + 28}) bytes of data.`)

for (let seq = 1; seq <= count; seq++) {
  const sent = performance.now()
  sock.sendTo(req, target, 0, buildEchoRequest4(req, id, seq, payload))
  sock.setReadDeadline(Date.now() + Math.max(interval, 1000))
  try {
    for (;;) {
      const n = await sock.readAsync(buf)
      const off = raw ? parseIPv4Header(buf).headerLength : 0
      const echo = parseEcho(buf, off, n - off)
      if (echo.type !== ICMP_ECHO_REPLY || echo.seq !== seq || (raw && echo.id !== id)) continue
      const rtt = performance.now() - sent
      rtts.push(rtt)
      const ttl = raw ? ` ttl=${parseIPv4Header(buf).ttl}` : ''
      console.log(`${n - off} bytes from ${target}: icmp_seq=${seq}${ttl} time=${rtt.toFixed(3)} ms`)
      break
    }
  } catch (err) {
    if (err.code !== 'ETIMEDOUT') throw err
  }
  if (seq < count) await new Promise((r) => setTimeout(r, Math.max(0, interval - (performance.now() - sent))))
}
sock.close()

const loss = Math.round((100 * (count - rtts.length)) / count)
console.log(`\n--- ${target} ping statistics ---`)
console.log(`${count} packets transmitted, ${rtts.length} received, ${loss}% packet loss, time ${Math.round(performance.now() - started)}ms`)
if (rtts.length) {
  const avg = rtts.reduce((a, b) => a + b, 0) / rtts.length
  const mdev = Math.sqrt(rtts.reduce((a, b) => a + (b - avg) ** 2, 0) / rtts.length)
  console.log(`rtt min/avg/max/mdev = ${[Math.min(...rtts), avg, Math.max(...rtts), mdev].map((x) => x.toFixed(3)).join('/')} ms`)
}
