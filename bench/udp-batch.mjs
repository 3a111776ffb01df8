// UDP CPU time per 64-byte datagram at each end, batches of 32, on loopback:
// the receiving side (recvmmsg in C, @sock recvMessages, node:dgram 'message')
// while a C sendmmsg loop sends, and the sending side (sendmmsg in C, @sock
// sendMessages, node:dgram send) into a C receiver. Sender and receiver run
// in separate processes pinned to different CPUs. One sender saturates before
// the receiver on loopback, so compare CPU per datagram, not datagrams/s.
//
//   node udp-batch.mjs [--seconds=3]
import { spawn, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { once } from 'node:events'
import { availableParallelism } from 'node:os'

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')))
const seconds = Number(args.seconds ?? 3)
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

const port = 40000 + (process.pid % 20000)
const js = (mode) => [process.execPath, `${here}udp-batch-peer.mjs`, mode, String(port), String(seconds)]
const results = []

for (const [name, receiver] of [
  ['C recvmmsg', [bin, 'recv', String(port), String(seconds)]],
  ['@sock recvMessages', js('sock-recv')],
  ['node:dgram message', js('dgram-recv')],
]) {
  const rx = run(1, receiver)
  await rx.lines.next() // 'ready'
  const tx = run(0, [bin, 'send', String(port), String(seconds + 2)])
  const r = JSON.parse((await rx.lines.next()).value)
  tx.kill()
  await Promise.all([rx.exited, tx.exited])
  results.push({ side: 'receive', name, ...r })
}

for (const [name, sender] of [
  ['C sendmmsg', [bin, 'send', String(port), String(seconds)]],
  ['@sock sendMessages', js('sock-send')],
  ['node:dgram send', js('dgram-send')],
]) {
  const rx = run(1, [bin, 'recv', String(port), String(seconds + 5)])
  await rx.lines.next()
  const tx = run(0, sender)
  const r = JSON.parse((await tx.lines.next()).value)
  await tx.exited
  rx.kill()
  await rx.exited
  results.push({ side: 'send', name, ...r })
}

console.log(`UDP, 64-byte datagrams, batches of 32, ${seconds} s each, sender on CPU 0, receiver on CPU 1`)
console.log('side     implementation          datagrams    CPU ns/datagram   vs C')
const base = {}
for (const r of results) {
  const ns = (r.cpuSeconds * 1e9) / r.count
  base[r.side] ??= ns
  console.log(`${r.side.padEnd(8)} ${r.name.padEnd(22)} ${String(r.count).padStart(10)}   ${ns.toFixed(0).padStart(15)}   ${(ns / base[r.side]).toFixed(2)}x`)
}
