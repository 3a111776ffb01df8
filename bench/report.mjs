// The README's performance section, rendered from run.mjs's results.
const fmt = (v) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1))
const ratio = (v) => (v === null ? '' : `${v.toFixed(2)}x`)

// A goal and, when it is not met, the bounds beside it: the rows that show how far any
// implementation of that kind gets (run.mjs's goalsOf).
const boundText = (b) => `${b.impl}, ${b.what}: ${b.got.toFixed(2)}x${b.met ? '' : ', not met either'}`
const goalText = (g) =>
  `; goal ${g.text}: ${g.got.toFixed(2)}x, ${g.met ? 'met' : '**not met**'}` + (g.bounds.length && !g.met ? ` (${g.bounds.map(boundText).join('; ')})` : '')

export function markdown(results) {
  const out = []
  out.push(`Measured by \`pnpm bench\` on ${results.host}, ${results.date.slice(0, 10)}: medians of ${results.reps} interleaved`)
  out.push(`repetitions of ${results.seconds} s, processes pinned with taskset (one CPU: both on CPU 0; two: client on 0, server on 1).`)
  out.push(
    `C programs (bench/c/tcp_bench.c, and bench/c/uring_bench.c for C-uring, and for C-uring-coop with IORING_SETUP_COOP_TASKRUN, the task-work mode a ring polled by an event loop must use) make the same syscalls; [min–max] is the spread.`,
  )
  out.push('')
  for (const s of results.scenarios) {
    out.push(`**${s.title}** — ${s.unit}, ${s.higher ? 'higher' : 'lower'} is better${(s.goals ?? []).map(goalText).join('')}`)
    out.push('')
    const extra = s.rows.some((r) => r.rate !== null) ? ' messages/s |' : s.rows.some((r) => r.heap !== null) ? ' JS heap B/op |' : ''
    out.push(`| implementation | ${s.unit} | spread | vs C | vs node:net |${extra}`)
    out.push(`|---|---:|---:|---:|---:|${extra ? '---:|' : ''}`)
    for (const r of s.rows) {
      const x = extra === ' messages/s |' ? ` ${r.rate === null ? '' : fmt(r.rate)} |` : extra ? ` ${r.heap === null ? 'n/a' : fmt(r.heap)} |` : ''
      out.push(`| ${r.impl} | ${fmt(r.median)} | ${fmt(r.min)}–${fmt(r.max)} | ${ratio(r.vsC)} | ${ratio(r.vsNode)} |${x}`)
    }
    out.push('')
  }
  if (results.udp) {
    out.push('**UDP, 64-byte datagrams, batches of 32** — CPU ns per datagram, lower is better')
    out.push('')
    out.push('| side | implementation | ns/datagram | vs C |')
    out.push('|---|---|---:|---:|')
    for (const r of results.udp) out.push(`| ${r.side} | ${r.name} | ${Math.round(r.nsPerDatagram)} | ${r.vsC.toFixed(2)}x |`)
    out.push('')
  }
  if (results.strace) {
    out.push(`**Syscalls per round trip**, one-process ping-pong (strace -c over ${results.strace.roundTrips.toLocaleString('en-US')} round trips)`)
    out.push('')
    for (const [impl, c] of Object.entries(results.strace.perRoundTrip))
      out.push(
        `- ${impl}: ${Object.entries(c)
          .map(([k, v]) => `${k} ${v.toFixed(2)}`)
          .join(', ')}`,
      )
    out.push('')
  }
  return out.join('\n')
}
