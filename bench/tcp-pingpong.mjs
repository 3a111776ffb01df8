// TCP ping-pong, 64-byte messages, client and server in separate processes
// pinned to different CPUs (taskset). Modes:
//   sock-sync   @sock synchronous busy-poll (read until it is not WOULD_BLOCK)
//   sock-async  @sock readAsync / writeAsync on the libuv loop
//   node-net    node:net sockets with 'data' events
// Prints round trips/s and JS heap bytes per round trip (client side, measured
// in a GC-free window: a large young generation, checked with a gc observer).
//
//   node tcp-pingpong.mjs [--mode=all|sock-sync|sock-async|node-net] [--seconds=3]
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { once } from 'node:events'
import { availableParallelism } from 'node:os'

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')))
const modes = !args.mode || args.mode === 'all' ? ['sock-sync', 'sock-async', 'node-net'] : [args.mode]
const seconds = Number(args.seconds ?? 3)
const here = fileURLToPath(new URL('.', import.meta.url))
const cpus = availableParallelism()
const pin = (cpu) => (cpus > 1 ? ['taskset', '-c', String(cpu % cpus)] : [])

function start(cpu, role, mode, extra = []) {
  const cmd = [...pin(cpu), process.execPath, '--max-semi-space-size=128', '--min-semi-space-size=128', `${here}pingpong-${role}.mjs`, mode, ...extra]
  const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] })
  child.exited = once(child, 'exit')
  return child
}

async function firstLine(child) {
  let buf = ''
  for await (const chunk of child.stdout) {
    buf += chunk
    const i = buf.indexOf('\n')
    if (i !== -1) return buf.slice(0, i)
  }
  throw new Error('child exited without output')
}

console.log(`TCP ping-pong, 64 B, ${seconds} s per mode, ${cpus > 1 ? 'client on CPU 0, server on CPU 1' : 'one CPU (not pinned)'}`)
console.log('mode         round trips/s   µs/round trip   JS heap B/round trip')
for (const mode of modes) {
  const server = start(1, 'server', mode)
  const port = await firstLine(server)
  const client = start(0, 'client', mode, [port, String(seconds)])
  const result = JSON.parse(await firstLine(client))
  await client.exited
  server.kill()
  await server.exited
  const heap = result.heapBytesPerRoundTrip === null ? 'n/a (GC ran)' : result.heapBytesPerRoundTrip.toFixed(1)
  console.log(
    `${mode.padEnd(12)} ${Math.round(result.roundTripsPerSec).toString().padStart(13)}   ${(1e6 / result.roundTripsPerSec).toFixed(2).padStart(13)}   ${heap.padStart(20)}`,
  )
}
