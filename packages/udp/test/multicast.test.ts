import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { hasCommand, runningAsRoot } from '../../../test-support/prerequisites.js'

const isRoot = runningAsRoot()
const hasIp = hasCommand('ip', '-V')
const ns = `socktest-mc-${process.pid}`

describe.skipIf(!isRoot || !hasIp)('multicast (needs root and iproute2 to make a network namespace)', () => {
  it('really sends and receives IPv4 and IPv6 multicast in a namespace of its own', () => {
    const setup = [
      `ip netns add ${ns}`,
      `ip -n ${ns} link set lo up`,
      `ip netns exec ${ns} sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0`,
      `ip -n ${ns} link add va type veth peer name vb`,
      `ip -n ${ns} link set va up`,
      `ip -n ${ns} link set vb up`,
    ].join(' && ')
    try {
      const s = spawnSync('sh', ['-c', setup], { encoding: 'utf8' })
      expect(s.stderr).toBe('')
      const r = spawnSync('ip', ['netns', 'exec', ns, process.execPath, 'test/fixtures/multicast.mjs'], {
        cwd: `${import.meta.dirname}/..`,
        encoding: 'utf8',
        timeout: 30_000,
      })
      expect(r.stderr).toBe('')
      expect(JSON.parse(r.stdout)).toEqual({
        v4Joined: 'v4-joined',
        v4NoLoop: 'v4-noloop',
        v4LoopOption: 0,
        v4Dropped: null,
        v4SSM: 'v4-ssm',
        v4SSMOther: null,
        v4ByIndex: 'v4-index',
        v4MulticastAllOn: 'v4-all-on',
        v4MulticastAllOff: null,
        v4JoinedStillGets: 'v4-all-off',
        v6ByIndex: 'v6-index',
        v6ByName: 'v6-name',
      })
    } finally {
      spawnSync('ip', ['netns', 'del', ns])
    }
  })
})
