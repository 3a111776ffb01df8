import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { hasCommand, runningAsRoot } from '../../../test-support/prerequisites.js'

const isRoot = runningAsRoot()
const hasIp = hasCommand('ip', '-V')
const hasSetpriv = hasCommand('setpriv', '--version')
const cwd = `${import.meta.dirname}/..`

describe.skipIf(!isRoot || !hasIp)('ping sockets (need root to make a network namespace whose ping_group_range the test may change)', () => {
  it('work inside net.ipv4.ping_group_range and fail with EACCES outside it, even for root', () => {
    const ns = `socktest-ping-${process.pid}`
    try {
      expect(spawnSync('sh', ['-c', `ip netns add ${ns} && ip -n ${ns} link set lo up`], { timeout: 30_000 }).status).toBe(0)
      const r = spawnSync('ip', ['netns', 'exec', ns, process.execPath, 'test/fixtures/ping-socket.mjs'], { cwd, encoding: 'utf8', timeout: 30_000 })
      expect(r.stderr).toBe('')
      const out = JSON.parse(r.stdout)
      expect(out.outside).toBe('EACCES')
      expect(out.outsideMessage).toMatch(/ping_group_range \(now "1 0"\), even for root/)
      expect(out.v4).toEqual({ type: 'reply', seq: 5, data: 'ping' })
      expect(out.v6).toEqual({ type: 'reply', seq: 5, data: 'ping' })
    } finally {
      spawnSync('ip', ['netns', 'del', ns], { timeout: 30_000 })
    }
  })
})

describe.skipIf(!isRoot || !hasSetpriv)('without CAP_NET_RAW (a child dropped to uid 65534 with setpriv)', () => {
  it('a raw socket fails with EPERM, and the message names the capability', () => {
    const r = spawnSync(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', process.execPath, 'test/fixtures/no-cap.mjs'],
      {
        cwd,
        encoding: 'utf8',
        timeout: 30_000,
      },
    )
    expect(r.stderr).toBe('')
    const out = JSON.parse(r.stdout)
    expect(out.code).toBe('EPERM')
    expect(out.message).toMatch(/CAP_NET_RAW/)
  })
})
