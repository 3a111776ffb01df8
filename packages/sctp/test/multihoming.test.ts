import { describe, expect, it } from 'vitest'
import { listenSCTP4, dialSCTP4, SCTPDialer } from '@sock/sctp'
import { hasSCTP } from './sctp-support.js'
import { runningAsRoot } from '../../../test-support/prerequisites.js'

describe.skipIf(!hasSCTP)('multi-homing — needs a kernel with SCTP', () => {
  it('binds several addresses, connects to several, and reads both address lists', async () => {
    const ln = listenSCTP4([{ address: '127.0.0.1', port: 0 }])
    const port = ln.address().port
    ln.bindx([{ address: '127.0.0.2', port }])
    expect(ln.localAddrs().map(String).sort()).toEqual([`127.0.0.1:${port}`, `127.0.0.2:${port}`])
    const c = dialSCTP4(null, [
      { address: '127.0.0.1', port },
      { address: '127.0.0.2', port },
    ])
    const s = await ln.acceptAsync()
    await c.waitWritable()
    expect(c.peerAddrs().map(String).sort()).toEqual([`127.0.0.1:${port}`, `127.0.0.2:${port}`])
    expect(s.localAddrs().length).toBe(2)
    for (const x of [c, s, ln]) x.close()
  })

  it('a dialer with several local addresses', async () => {
    const ln = listenSCTP4({ address: '127.0.0.1', port: 0 })
    const c = await new SCTPDialer({ timeout: 5000 }).dial(
      'sctp4',
      [
        { address: '127.0.0.3', port: 0 },
        { address: '127.0.0.4', port: 0 },
      ] as never,
      ln.address(),
    )
    const s = await ln.acceptAsync()
    expect(
      s
        .peerAddrs()
        .map((a) => a.address)
        .sort(),
    ).toEqual(['127.0.0.3', '127.0.0.4'])
    for (const x of [c, s, ln]) x.close()
    void dialSCTP4
  })
})

describe.skipIf(!hasSCTP || !runningAsRoot())('multi-homing across two veth links between two network namespaces — needs SCTP and root', () => {
  it('an association whose ends each have two addresses; a link going down is reported as peer_addr_change', async () => {
    const { spawnSync } = await import('node:child_process')
    const r = spawnSync('sh', ['test/fixtures/netns-multihoming.sh'], { cwd: `${import.meta.dirname}/..`, encoding: 'utf8', timeout: 60_000 })
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual({
      echo: 'over two paths',
      unreachable: '10.91.2.2',
      local: ['10.91.1.1', '10.91.2.1'],
      peer: ['10.91.1.2', '10.91.2.2'],
    })
  })
})
