import { expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { prerequisite } from '../../test-support/prerequisites.js'

const isRoot = process.getuid?.() === 0
const range = readFileSync('/proc/sys/net/ipv4/ping_group_range', 'utf8').trim().split(/\s+/).map(Number)
const canPing = prerequisite('root, or a ping_group_range that includes this gid', isRoot || (range[0] <= process.getgid!() && process.getgid!() <= range[1]))

it.skipIf(!canPing)('the ping example pings 127.0.0.1 three times, as iputils prints it (needs root or ping_group_range)', () => {
  const r = spawnSync(process.execPath, ['ping.mjs', '127.0.0.1', '--count=3', '--interval=0.1'], {
    cwd: `${import.meta.dirname}/..`,
    encoding: 'utf8',
    timeout: 30_000,
  })
  expect(r.stderr).toBe('')
  const lines = r.stdout.trim().split('\n')
  expect(lines[0]).toBe('PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.')
  for (let seq = 1; seq <= 3; seq++) expect(lines[seq]).toMatch(new RegExp(`^64 bytes from 127\\.0\\.0\\.1: icmp_seq=${seq}( ttl=64)? time=\\d+\\.\\d{3} ms$`))
  expect(r.stdout).toMatch(/3 packets transmitted, 3 received, 0% packet loss/)
  expect(r.stdout).toMatch(/rtt min\/avg\/max\/mdev = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms/)
})

it.skipIf(!canPing)('the ping example pings ::1 (IPv6)', () => {
  const r = spawnSync(process.execPath, ['ping.mjs', '::1', '--count=2', '--interval=0.1'], {
    cwd: `${import.meta.dirname}/..`,
    encoding: 'utf8',
    timeout: 30_000,
  })
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  const lines = r.stdout.trim().split('\n')
  expect(lines[0]).toBe('PING ::1 (::1) 56 data bytes')
  for (let seq = 1; seq <= 2; seq++) expect(lines[seq]).toMatch(new RegExp(`^64 bytes from ::1: icmp_seq=${seq} time=\\d+\\.\\d{3} ms$`))
  expect(r.stdout).toMatch(/2 packets transmitted, 2 received, 0% packet loss/)
})

const canNetns = prerequisite('root (uid 0), for a network namespace', isRoot) && prerequisite('iproute2 (ip)', spawnSync('ip', ['-V']).status === 0)
it.skipIf(!canNetns)('exits 1 at 100% loss, as iputils ping (a namespace of its own that ignores echo; needs root)', () => {
  const ns = `sock-ping-${process.pid}`
  try {
    expect(
      spawnSync('sh', ['-c', `ip netns add ${ns} && ip -n ${ns} link set lo up && ip netns exec ${ns} sysctl -qw net.ipv4.icmp_echo_ignore_all=1`], {
        timeout: 30_000,
      }).status,
    ).toBe(0)
    const r = spawnSync('ip', ['netns', 'exec', ns, process.execPath, 'ping.mjs', '127.0.0.1', '--count=1', '--interval=0.1'], {
      cwd: `${import.meta.dirname}/..`,
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/1 packets transmitted, 0 received, 100% packet loss/)
    expect(r.status).toBe(1)
  } finally {
    spawnSync('ip', ['netns', 'del', ns], { timeout: 30_000 })
  }
})
