// ping, as iputils prints it: echo requests to an address (IPv4 or IPv6), one
// per interval, per-reply sequence numbers and round-trip times, then
// statistics. Exits 1 when no reply came back (100% loss), as iputils does.
//
//   node ping.mjs [address=127.0.0.1] [--count=3] [--interval=1]
//
// As root (CAP_NET_RAW) it uses a raw ICMP socket; otherwise an unprivileged
// ping socket, which needs net.ipv4.ping_group_range to include your group.
import {
  newICMPSocket4,
  newICMPSocket6,
  newPingSocket4,
  newPingSocket6,
  buildEchoRequest4,
  buildEchoRequest6,
  parseEcho,
  parseIPv4Header,
  ICMP_ECHO_REPLY,
  ICMPV6_ECHO_REPLY,
} from '@sock/raw'

const args = process.argv.slice(2)
const opt = (name, dflt) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt)
const target = args.find((a) => !a.startsWith('--')) ?? '127.0.0.1'
const count = opt('count', 3)
const interval = opt('interval', 1) * 1000
const DATA = 56
const v6 = target.includes(':')
const [openRaw, openPing, build, REPLY] = v6
  ? [newICMPSocket6, newPingSocket6, buildEchoRequest6, ICMPV6_ECHO_REPLY]
  : [newICMPSocket4, newPingSocket4, buildEchoRequest4, ICMP_ECHO_REPLY]

let sock
let raw = true
try {
  sock = openRaw()
} catch (err) {
  if (err.code !== 'EPERM') throw err
  raw = false
  sock = openPing() // EACCES here explains ping_group_range
}
// IPv4 raw reads carry the IP header; IPv6 raw reads and ping sockets do not
const ipHeader = raw && !v6
const id = raw ? process.pid & 0xffff : 0 // a ping socket sets the id itself
const payload = Buffer.alloc(DATA, 0x61)
const req = new Uint8Array(8 + DATA)
const buf = new Uint8Array(1500)
const rtts = []
const started = performance.now()
console.log(v6 ? `PING ${target} (${target}) ${DATA} data bytes` : `PING ${target} (${target}) ${DATA}(${DATA + 28}) bytes of data.`)

for (let seq = 1; seq <= count; seq++) {
  const sent = performance.now()
  sock.sendTo(req, target, 0, build(req, id, seq, payload))
  sock.setReadDeadline(Date.now() + Math.max(interval, 1000))
  try {
    for (;;) {
      const n = await sock.readAsync(buf)
      const off = ipHeader ? parseIPv4Header(buf).headerLength : 0
      const echo = parseEcho(buf, off, n - off)
      // a raw socket also sees every other ICMP message, our own request looped back on lo included
      if (echo.type !== REPLY || echo.seq !== seq || (raw && echo.id !== id)) continue
      const rtt = performance.now() - sent
      rtts.push(rtt)
      const ttl = ipHeader ? ` ttl=${parseIPv4Header(buf).ttl}` : ''
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
} else {
  process.exitCode = 1 // no reply at all, as iputils ping
}
