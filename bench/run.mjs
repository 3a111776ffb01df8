// The whole benchmark matrix in one run: sock against node:net / node:dgram and
// C programs making the same syscalls, on 127.0.0.1, processes pinned with
// taskset, implementations interleaved within every repetition, medians and
// spreads (min-max) reported. Prints a table and writes bench/results.json (a run
// with --only or --impls writes bench/results-partial.json, so the full run's stays);
// --readme rewrites the README's performance section from a full run.
//
//   pnpm bench                       (node bench/run.mjs)
//   node bench/run.mjs [--reps=5] [--seconds=2] [--only=echo,accept,...] [--impls=node-net,sock-async,...] [--readme]
//
// --only and --impls make an interleaved A/B of a change: e.g. `--only=echo10k
// --impls=node-net,promise-floor,sock-async --reps=10` (ten rounds, about three minutes).
//
// Scenarios (ids for --only): pingpong1 (both ends in one process), pingpong-same
// (two processes, one CPU), pingpong-split (two processes, two CPUs), bulk,
// accept, dial, echo1 (one connection), echo100, echo10k, echo100-d16, echo10k-d16
// (16 messages in flight per connection), udp, strace. The C-uring and sock-uring
// columns are io_uring servers (bench/c/uring_bench.c, @sock/uring); C-uring-coop is the C
// server with IORING_SETUP_COOP_TASKRUN, the mode an epoll-driven ring must use.
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, release } from 'node:os'
import { fileURLToPath } from 'node:url'

const args = Object.fromEntries(process.argv.slice(2).map((a) => [a.replace(/^--/, '').split('=')[0], a.split('=')[1] ?? 'true']))
const reps = Number(args.reps ?? 5) // rows move ±10% from run to run on a shared VM: medians of 5, not 3
const seconds = Number(args.seconds ?? 2)
const only = args.only ? new Set(args.only.split(',')) : null
const implsOnly = args.impls ? new Set(args.impls.split(',')) : null
const partial = only !== null || implsOnly !== null
if (partial && args.readme) throw new Error('--readme takes a full run: the README tables are the whole matrix')
const here = fileURLToPath(new URL('.', import.meta.url))
const node = process.execPath
const CLK_TCK = 100 // USER_HZ: the unit of utime/stime in /proc/<pid>/stat on Linux
const twoCpus = availableParallelism() > 1
const SERVER_CPU = twoCpus ? 1 : 0

const cbin = `${here}c/tcp_bench`
if (spawnSync('cc', ['-O2', '-o', cbin, `${here}c/tcp_bench.c`], { stdio: 'inherit' }).status !== 0) throw new Error('cc failed')
// the C io_uring servers need liburing (Debian: liburing-dev); without it their columns are left out
const ubin = `${here}c/uring_bench`
const haveCUring = spawnSync('cc', ['-O2', '-o', ubin, `${here}c/uring_bench.c`, '-luring'], { stdio: 'ignore' }).status === 0
if (!haveCUring) console.log('(no liburing: the C io_uring server is left out; apt-get install liburing-dev)')

// below the ephemeral range (32768-60999 by default), so no client port of an earlier measurement is in the way
let port = 10000 + (process.pid % 20000)
const nextPort = () => String(++port)

/** A child pinned to `cpu`, its stdout as lines. */
function proc(cpu, cmd, cmdArgs, { stdin = 'ignore' } = {}) {
  const child = spawn('taskset', ['-c', String(cpu), cmd, ...cmdArgs], { stdio: [stdin, 'pipe', 'inherit'] })
  const queue = []
  const waiters = []
  let buf = ''
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (d) => {
    buf += d
    for (let i; (i = buf.indexOf('\n')) !== -1; buf = buf.slice(i + 1)) {
      const line = buf.slice(0, i)
      if (waiters.length) waiters.shift()(line)
      else queue.push(line)
    }
  })
  child.exited = once(child, 'exit')
  child.line = () =>
    queue.length
      ? Promise.resolve(queue.shift())
      : new Promise((resolve, reject) => {
          waiters.push(resolve)
          child.exited.then(() => reject(new Error(`${cmd} ${cmdArgs.join(' ')} exited before printing`)))
        })
  child.json = async () => {
    for (;;) {
      const line = await child.line()
      if (line.startsWith('{')) return JSON.parse(line)
    }
  }
  return child
}

async function stop(...children) {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  await Promise.all(children.map((c) => c.exited))
}

/** CPU seconds (user + system, all threads) a process has used so far. */
function cpuOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(f[11]) + Number(f[12])) / CLK_TCK
}

const js = (file, ...rest) => [node, ['--max-semi-space-size=64', `${here}${file}`, ...rest]]
const jsServer = (role, impl, p, ...rest) => js('peers.mjs', role, impl, p, ...rest)

// ------------------------------------------------------------------ scenarios
// Each implementation's measure() returns { value, cpuUs?, heap?, extra? }; `value` is in the scenario's unit.

async function pingpongTwo(clientCpu, serverCpu, impl) {
  const p = nextPort()
  let server, client
  if (impl === 'C-epoll') {
    // the epoll echo server, and an epoll client with one connection and one message in flight
    server = proc(serverCpu, cbin, ['echo-server', p])
    await server.line()
    client = proc(clientCpu, cbin, ['echo-client', p, '1', '1', String(seconds)])
    await client.line() // 'warm'
    const r = await client.json()
    await stop(client, server)
    return { value: r.count / r.seconds }
  }
  if (impl === 'C') {
    server = proc(serverCpu, cbin, ['pingpong-server', p])
    await server.line()
    client = proc(clientCpu, cbin, ['pingpong-client', p, String(seconds)])
  } else {
    server = proc(serverCpu, node, [`${here}pingpong-server.mjs`, impl])
    const sp = await server.line()
    client = proc(clientCpu, node, ['--max-semi-space-size=128', '--min-semi-space-size=128', `${here}pingpong-client.mjs`, impl, sp, String(seconds)])
  }
  const r = await client.json()
  await stop(client, server)
  if (impl === 'C') return { value: r.count / r.seconds }
  return { value: r.roundTripsPerSec, heap: r.heapBytesPerRoundTrip }
}

async function pingpongOne(impl) {
  const child =
    impl === 'C-epoll'
      ? proc(0, cbin, ['pingpong-1proc', nextPort(), String(seconds)])
      : proc(0, node, [`${here}pingpong-1proc.mjs`, impl, String(Math.round(40000 * seconds))])
  const r = await child.json()
  await stop(child)
  return { value: r.count / r.seconds }
}

async function bulk(impl) {
  const p = nextPort()
  const rx = impl === 'C' ? proc(0, cbin, ['bulk-recv', p]) : proc(0, ...jsServer('bulk-recv', impl, p))
  await rx.line()
  const tx = proc(0, cbin, ['bulk-send', p, String(seconds)])
  const r = await rx.json()
  await stop(tx, rx)
  return { value: r.bytes / r.seconds / 1e6, cpuUs: (r.cpuSeconds * 1e6) / (r.bytes / 65536) }
}

const CONNECTIONS = 5000
const WARMUP = 1000 // connections before accept or dial is measured, on every side (JIT warm-up; peers.mjs too)
async function accept(impl) {
  const p = nextPort()
  const server =
    impl === 'C'
      ? proc(SERVER_CPU, cbin, ['accept-server', p, String(CONNECTIONS), String(WARMUP)])
      : impl === 'C-uring'
        ? proc(SERVER_CPU, ubin, ['accept-server', p, String(CONNECTIONS)]) // its WARMUP is the same 1000
        : proc(SERVER_CPU, ...jsServer('accept-server', impl, p, String(CONNECTIONS)))
  await server.line()
  const client = proc(0, cbin, ['dial-client', p, String(CONNECTIONS + WARMUP)])
  const r = await server.json()
  await stop(client, server)
  return { value: (r.cpuSeconds * 1e6) / r.count }
}

async function dial(impl) {
  const p = nextPort()
  const server = proc(SERVER_CPU, cbin, ['accept-server', p, String(CONNECTIONS + WARMUP)])
  await server.line()
  const client =
    impl === 'C' ? proc(0, cbin, ['dial-client', p, String(CONNECTIONS), String(WARMUP)]) : proc(0, ...jsServer('dial-client', impl, p, String(CONNECTIONS)))
  const r = await client.json()
  await stop(client, server)
  return { value: r.count / r.seconds, cpuUs: (r.cpuSeconds * 1e6) / r.count }
}

async function echo(conns, depth, impl) {
  const p = nextPort()
  const server =
    impl === 'C'
      ? proc(SERVER_CPU, cbin, ['echo-server', p])
      : impl.startsWith('C-uring')
        ? proc(SERVER_CPU, ubin, [impl === 'C-uring-coop' ? 'echo-server-coop' : 'echo-server', p])
        : proc(SERVER_CPU, ...jsServer('echo-server', impl, p), { stdin: 'pipe' })
  await server.line()
  const client = proc(0, cbin, ['echo-client', p, String(conns), String(depth), String(seconds)])
  await client.line() // 'warm': every connection is up and exchanging
  const c0 = cpuOf(server.pid)
  const isC = impl.startsWith('C')
  const heap0 = isC ? null : await heapOf(server)
  const r = await client.json()
  const c1 = cpuOf(server.pid)
  const heap1 = isC ? null : await heapOf(server)
  await stop(client, server)
  if (r.bad !== 0) throw new Error(`echo ${impl}: ${r.bad} messages came back wrong`)
  const heap = heap0 && heap1.gcs === heap0.gcs ? (heap1.heapUsed - heap0.heapUsed) / r.count : null
  return { value: ((c1 - c0) * 1e6) / r.count, rate: r.count / r.seconds, heap }
}

async function heapOf(server) {
  server.stdin.write('heap\n')
  return server.json()
}

/** The implementations, without the C io_uring ones when liburing is missing. */
const withUring = (impls) => impls.filter((i) => !i.startsWith('C-uring') || haveCUring)

const scenarios = [
  {
    id: 'pingpong1',
    title: 'TCP ping-pong, both ends in one process, one CPU',
    unit: 'round trips/s',
    higher: true,
    // promise-floor: the sock-async ends' awaits on bare addon promises; sock-poll: one Poll for both
    // ends, synchronous reads and writes; sock-uring: one Ring for both (pingpong-1proc.mjs)
    impls: Object.fromEntries(['C-epoll', 'node-net', 'promise-floor', 'sock-async', 'sock-poll', 'sock-uring'].map((i) => [i, () => pingpongOne(i)])),
    goals: [
      [
        'sock-async',
        'node-net',
        1.5,
        [
          ['promise-floor', 'the same awaits on bare addon promises'],
          ['sock-poll', 'one Poll callback per loop turn, no promise'],
          ['C-epoll', 'a C epoll loop running both ends'],
        ],
      ],
    ],
  },
  {
    id: 'pingpong-same',
    title: 'TCP ping-pong, two processes, same CPU',
    unit: 'round trips/s',
    higher: true,
    impls: Object.fromEntries(['C', 'C-epoll', 'node-net', 'sock-deadline', 'sock-async'].map((i) => [i, () => pingpongTwo(0, 0, i)])),
    goals: [['sock-async', 'C', 0.9, [['C-epoll', 'C waiting with epoll']]]],
  },
  {
    id: 'pingpong-split',
    title: 'TCP ping-pong, two processes, two CPUs',
    unit: 'round trips/s',
    higher: true,
    impls: Object.fromEntries(['C', 'C-epoll', 'node-net', 'sock-sync', 'sock-deadline', 'sock-async'].map((i) => [i, () => pingpongTwo(0, SERVER_CPU, i)])),
  },
  {
    id: 'bulk',
    title: 'TCP bulk, 64 KiB sends from C, receiver on the same CPU',
    unit: 'receiver MB/s',
    higher: true,
    impls: Object.fromEntries(['C', 'node-net', 'sock-async'].map((i) => [i, () => bulk(i)])),
    goals: [['sock-async', 'C', 0.9]],
  },
  {
    id: 'accept',
    title: `TCP accept, ${CONNECTIONS} connections from a C client`,
    unit: 'server CPU µs/connection',
    higher: false,
    // js-floor: a JS loop calling the addon's accept4/poll/close directly, no objects: what any JS server pays;
    // promise-floor: the sock-async loop's awaits on bare addon promises (peers.mjs)
    impls: Object.fromEntries(
      withUring(['C', 'C-uring', 'js-floor', 'promise-floor', 'node-net', 'sock-sync', 'sock-async', 'sock-uring']).map((i) => [i, () => accept(i)]),
    ),
    goals: [
      [
        'sock-async',
        'C',
        1.2,
        [
          ['promise-floor', 'the same awaits on bare addon promises, no objects'],
          ['js-floor', 'a JS loop with no objects'],
        ],
      ],
      ['sock-uring', 'C', 1.2, [['js-floor', 'a JS loop with no objects']]],
    ],
  },
  {
    id: 'dial',
    title: `TCP dial, ${CONNECTIONS} connections to a C server`,
    unit: 'connections/s',
    higher: true,
    // js-floor: a JS loop calling the addon's socket/connect/poll/close directly, no objects
    impls: Object.fromEntries(['C', 'js-floor', 'node-net', 'sock-async'].map((i) => [i, () => dial(i)])),
    goals: [['sock-async', 'C', 0.9, [['js-floor', 'a JS loop with no objects']]]],
  },
  {
    id: 'echo1',
    title: 'TCP echo server, one connection, one message in flight (ping-pong against a C epoll client)',
    unit: 'round trips/s',
    higher: true,
    impls: Object.fromEntries(
      withUring(['C', 'C-uring', 'node-net', 'sock-async', 'sock-uring']).map((i) => [
        i,
        () => echo(1, 1, i).then((r) => ({ ...r, value: r.rate, cpuUs: r.value })),
      ]),
    ),
    goals: [['sock-uring', 'sock-async', 1]],
  },
  ...[
    [100, 1],
    [10000, 1],
    [100, 16],
    [10000, 16],
  ].map(([conns, depth]) => ({
    id: `echo${conns === 100 ? '100' : '10k'}${depth > 1 ? `-d${depth}` : ''}`,
    title: `TCP echo server, ${conns} connections, ${depth} message${depth > 1 ? 's' : ''} in flight each (C epoll client)`,
    unit: 'server CPU µs/message',
    higher: false,
    // C-uring-coop: the C io_uring server in the task-work mode an event loop can use (see the README);
    // promise-floor: the least the sock-async server's awaits cost on libuv readiness, no sock objects (peers.mjs; one message in flight)
    impls: Object.fromEntries(
      withUring(['C', 'C-uring', 'C-uring-coop', 'node-net', ...(depth === 1 ? ['promise-floor'] : []), 'sock-async', 'sock-poll', 'sock-uring']).map((i) => [
        i,
        () => echo(conns, depth, i),
      ]),
    ),
    goals: [
      ...(depth === 1 ? [['sock-async', 'node-net', 1, [['promise-floor', 'the same awaits on bare addon promises, no sock objects']]]] : []),
      ['sock-uring', 'C-uring', 1.25, [['C-uring-coop', 'the C io_uring server in the task-work mode an event loop can use']]],
      ['sock-uring', 'node-net', 0.8, [['C-uring-coop', 'the C io_uring server in the task-work mode an event loop can use']]],
    ],
  })),
].filter((s) => !only || only.has(s.id))

// ------------------------------------------------------------------ run

/**
 * Each goal `[impl, base, ratio, bounds?]` as measured: `got` (impl / base) and whether it is met.
 * Its bounds (`[[impl, what], ...]`) are rows of the same run that limit what an implementation of
 * its kind can reach (e.g. a JS loop with no objects, or C itself with epoll): their ratios to
 * `base` are reported beside the goal, the evidence when the goal is out of reach.
 */
function goalsOf(s, byImpl) {
  const meets = (got, ratio) => (s.higher ? got >= ratio : got <= ratio)
  return (s.goals ?? [])
    .filter(([impl, base]) => byImpl[impl] && byImpl[base])
    .map(([impl, base, ratio, bounds = []]) => {
      const got = byImpl[impl].median / byImpl[base].median
      return {
        text: `${impl} ${s.higher ? '≥' : '≤'} ${ratio}x ${base}`,
        got,
        met: meets(got, ratio),
        bounds: bounds
          .filter(([bound]) => byImpl[bound])
          .map(([bound, what]) => {
            const b = byImpl[bound].median / byImpl[base].median
            return { impl: bound, what, got: b, met: meets(b, ratio) }
          }),
      }
    })
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const host = `${cpus()[0]?.model?.trim() ?? 'unknown CPU'}, ${availableParallelism()} CPUs, Linux ${release()}, Node ${process.version}`
console.log(`sock bench: ${host}; ${reps} reps, ${seconds} s per measurement, implementations interleaved`)
const results = { host, date: new Date().toISOString(), reps, seconds, scenarios: [], udp: null, strace: null }

for (const s of scenarios) {
  // interleaved, and rotated per repetition so that no implementation always runs first
  // (dials leave TIME_WAIT sockets behind that make later connects search longer for a port)
  const order = Object.entries(s.impls).filter(([impl]) => !implsOnly || implsOnly.has(impl))
  if (order.length === 0) continue
  const samples = Object.fromEntries(order.map(([impl]) => [impl, []]))
  for (let rep = 0; rep < reps; rep++)
    for (let k = 0; k < order.length; k++) {
      const [impl, measure] = order[(k + rep) % order.length]
      samples[impl].push(await measure())
    }
  const rows = Object.entries(samples).map(([impl, rs]) => {
    const values = rs.map((r) => r.value)
    const pick = (k) => (rs.some((r) => r[k] === null || r[k] === undefined) ? null : median(rs.map((r) => r[k])))
    return { impl, median: median(values), min: Math.min(...values), max: Math.max(...values), cpuUs: pick('cpuUs'), rate: pick('rate'), heap: pick('heap') }
  })
  const byImpl = Object.fromEntries(rows.map((r) => [r.impl, r]))
  for (const r of rows) {
    r.vsC = byImpl.C ? r.median / byImpl.C.median : null
    r.vsNode = byImpl['node-net'] ? r.median / byImpl['node-net'].median : null
  }
  const goals = goalsOf(s, byImpl)
  results.scenarios.push({ id: s.id, title: s.title, unit: s.unit, higher: s.higher, rows, goals })
  printScenario(results.scenarios.at(-1))
}

if (!only || only.has('udp')) {
  const file = `${here}.udp-results.json`
  const r = spawnSync(node, [`${here}udp-batch.mjs`, `--seconds=${seconds}`, `--rounds=${reps}`, `--json=${file}`], { stdio: 'inherit' })
  if (r.status === 0) results.udp = JSON.parse(readFileSync(file, 'utf8'))
}

if (!only || only.has('strace')) results.strace = straceCounts()

writeFileSync(`${here}${partial ? 'results-partial' : 'results'}.json`, JSON.stringify(results, null, 2) + '\n')
if (args.readme) {
  const readme = `${here}../README.md`
  const text = readFileSync(readme, 'utf8')
  const start = text.indexOf('<!-- bench:start -->')
  const end = text.indexOf('<!-- bench:end -->')
  if (start === -1 || end === -1) throw new Error('README.md has no <!-- bench:start --> ... <!-- bench:end --> section')
  writeFileSync(readme, text.slice(0, start) + '<!-- bench:start -->\n' + (await import('./report.mjs')).markdown(results) + text.slice(end))
  console.log('README.md performance section rewritten')
}

function printScenario(s) {
  console.log(`\n${s.title} (${s.unit}, ${s.higher ? 'higher' : 'lower'} is better)`)
  for (const r of s.rows) {
    const extra = [
      r.vsC !== null ? `${r.vsC.toFixed(2)}x C` : '',
      r.vsNode !== null ? `${r.vsNode.toFixed(2)}x node` : '',
      r.rate !== null ? `${Math.round(r.rate)} msg/s` : '',
      r.cpuUs !== null ? `${r.cpuUs.toFixed(1)} CPU µs/op` : '',
      r.heap !== null ? `${r.heap.toFixed(0)} B heap/op` : '',
    ]
    console.log(`  ${r.impl.padEnd(14)} ${fmt(r.median).padStart(10)}  [${fmt(r.min)}–${fmt(r.max)}]  ${extra.filter(Boolean).join(', ')}`)
  }
  for (const g of s.goals)
    console.log(
      `  goal ${g.text}: ${g.got.toFixed(2)}x ${g.met ? 'met' : 'NOT met'}${g.bounds.map((b) => `; ${b.impl} (${b.what}): ${b.got.toFixed(2)}x`).join('')}`,
    )
}

function fmt(v) {
  return v >= 100 ? String(Math.round(v)) : v.toFixed(1)
}

/** Syscalls per round trip of the one-process async ping-pong (strace -c), and per message of the sock-async echo server. */
function straceCounts() {
  if (spawnSync('strace', ['-V']).status !== 0) {
    console.log('\nstrace not installed: no syscall counts')
    return null
  }
  const out = {}
  const rts = 20000
  for (const impl of ['node-net', 'sock-async']) {
    const file = `${here}.strace-${impl}.txt`
    spawnSync('strace', ['-f', '-c', '-o', file, 'taskset', '-c', '0', node, `${here}pingpong-1proc.mjs`, impl, String(rts)], { stdio: 'ignore' })
    out[impl] = perOp(readFileSync(file, 'utf8'), rts)
  }
  console.log(`\nSyscalls per round trip, one-process ping-pong (strace -c, ${rts} round trips)`)
  for (const [impl, c] of Object.entries(out))
    console.log(
      `  ${impl.padEnd(12)} ${Object.entries(c)
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(', ')}`,
    )
  return { roundTrips: rts, perRoundTrip: out }
}

function perOp(text, ops) {
  const counts = {}
  for (const line of text.split('\n')) {
    const m = line.trim().split(/\s+/)
    // % time, seconds, usecs/call, calls, [errors,] syscall
    if (m.length < 5 || !/^\d/.test(m[0]) || !/^\d+$/.test(m[3])) continue
    const name = m.at(-1)
    const errors = m.length >= 6 ? Number(m[4]) : 0
    if (name === 'total') counts.total = Number(m[3]) / ops
    if (!['epoll_ctl', 'epoll_pwait', 'epoll_wait', 'recvfrom', 'sendto', 'read', 'write', 'writev', 'recvmsg', 'sendmsg'].includes(name)) continue
    counts[name] = Number(m[3]) / ops
    if (errors) counts[`${name} failed`] = errors / ops
  }
  return counts
}
