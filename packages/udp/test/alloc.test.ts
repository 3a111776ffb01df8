import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'

describe('zero allocation', () => {
  it('recvFrom, sendTo, recvMessages, sendMessages and recvMsg allocate 0 bytes of JS heap per datagram', () => {
    const r = spawnSync(process.execPath, ['--max-semi-space-size=128', '--expose-gc', 'test/fixtures/alloc-udp.mjs'], {
      cwd: `${import.meta.dirname}/..`,
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(r.stderr).toBe('')
    const results = JSON.parse(r.stdout) as Record<string, { bytesPerOp: number }>
    for (const [name, m] of Object.entries(results)) expect(m.bytesPerOp, name).toBeLessThan(0.5)
  })
})
