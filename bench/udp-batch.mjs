// UDP CPU time per 64-byte datagram at each end, batches of 32, on loopback.
// Sender and receiver run in separate processes pinned to different CPUs.
//
// receive, receiver-bound: a C sender using GSO (UDP_SEGMENT, 64 datagrams per
//   send) is cheap enough per datagram to keep the receiver busy all the time,
//   so every batch is full and CPU/datagram is the receive path's own cost.
// receive, sender-bound: a plain C sendmmsg sender is slower than any of the
//   receivers, so they go idle and sleep; CPU/datagram then also depends on how
//   often a receiver sleeps and how many datagrams wait when it wakes.
// send: C sendmmsg, @sock sendMessages and node:dgram send into a C receiver.
//
// Each receiver collects the senders' addresses. Rounds interleave the
// implementations and the table shows the median of each.
//
//   node udp-batch.mjs [--seconds=3] [--rounds=1] [--json=FILE]   (FILE: the table's rows, for run.mjs)
import { spawn, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { once } from 'node:events'
import { availableParallelism } from 'node:os'

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')))
const seconds = Number(args.seconds ?? 3)
const rounds = Number(args.rounds ?? 1)
const here = fileURLToPath(new URL('.', import.meta.url))
const bin = `${here}c/udp_mmsg`
const cc = spawnSync('cc', ['-O2', '-o', bin, `${here}c/udp_mmsg.c`], { stdio: 'inherit' })
if (cc.status !== 0) throw new Error('cc failed')
const pin = (cpu) => (availableParallelism() > 1 ? ['taskset', '-c', String(cpu)] : [])

function run(cpu, cmd) {
  const full = [...pin(cpu), ...cmd]
  const child = spawn(full[0], full.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] })
  child.lines = (async function* () {
    let buf = ''
    for await (const chunk of child.stdout) {
      buf += chunk
      let i
      while ((i = buf.indexOf('\n')) !== -1) {
        yield buf.slice(0, i)
        buf = buf.slice(i + 1)
      }
    }
  })()
  child.exited = once(child, 'exit')
  return child
}

let port = 40000 + (process.pid % 20000)
const js = (mode) => () => [process.execPath, `${here}udp-batch-peer.mjs`, mode, String(port), String(seconds)]
const c = (mode) => () => [bin, mode, String(port), String(seconds)]
const receivers = [
  ['C recvmmsg', c('recv')],
  ['@sock recvMessages', js('sock-recv')],
  ['node:dgram message', js('dgram-recv')],
]
const senders = [
  ['C sendmmsg', c('send')],
  ['@sock sendMessages', js('sock-send')],
  ['node:dgram send', js('dgram-send')],
]

async function measureReceive(receiver, senderMode) {
  const rx = run(1, receiver)
  await rx.lines.next() // 'ready'
  const tx = run(0, [bin, senderMode, String(port), String(seconds + 2)])
  const r = JSON.parse((await rx.lines.next()).value)
  tx.kill()
  await Promise.all([rx.exited, tx.exited])
  return r
}

async function measureSend(sender) {
  const rx = run(1, [bin, 'recv', String(port), String(seconds + 5)])
  await rx.lines.next()
  const tx = run(0, sender)
  const r = JSON.parse((await tx.lines.next()).value)
  await tx.exited
  rx.kill()
  await rx.exited
  return r
}

const samples = new Map() // "side|name" -> results
const record = (side, name, r) => {
  const key = `${side}|${name}`
  if (!samples.has(key)) samples.set(key, [])
  samples.get(key).push({ ...r, ns: (r.cpuSeconds * 1e9) / r.count })
}

for (let round = 0; round < rounds; round++) {
  for (const [side, senderMode] of [
    ['receive, receiver-bound', 'sendgso'],
    ['receive, sender-bound', 'send'],
  ]) {
    for (const [name, receiver] of receivers) {
      port++
      record(side, name, await measureReceive(receiver(), senderMode))
    }
  }
  for (const [name, sender] of senders) {
    port++
    record('send', name, await measureSend(sender()))
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
console.log(`UDP, 64-byte datagrams, batches of 32, ${seconds} s each, ${rounds} round(s) (medians), sender on CPU 0, receiver on CPU 1`)
console.log('side                     implementation          datagrams   CPU ns/datagram    vs C   batch   sleeps')
const base = {}
const rows = []
for (const [key, rs] of samples) {
  const [side, name] = key.split('|')
  const ns = median(rs.map((r) => r.ns))
  base[side] ??= ns
  const batch = rs[0].batch === undefined ? '' : median(rs.map((r) => r.batch)).toFixed(1)
  const sleepCount = rs[0].sleeps === undefined ? '' : String(Math.round(median(rs.map((r) => r.sleeps))))
  rows.push({ side, name, count: median(rs.map((r) => r.count)), nsPerDatagram: ns, vsC: ns / base[side] })
  console.log(
    `${side.padEnd(24)} ${name.padEnd(22)} ${String(Math.round(median(rs.map((r) => r.count)))).padStart(10)}   ${ns.toFixed(0).padStart(15)}   ${(ns / base[side]).toFixed(2).padStart(4)}x ${batch.padStart(7)} ${sleepCount.padStart(8)}`,
  )
}
if (args.json) (await import('node:fs')).writeFileSync(args.json, JSON.stringify(rows))
