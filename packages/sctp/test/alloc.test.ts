import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { hasSCTP } from './sctp-support.js'

describe.skipIf(!hasSCTP)('zero allocation — needs a kernel with SCTP', () => {
  it('sendMsg with SCTP_SNDINFO and recvMsg into a reused SCTPRecvInfo allocate 0 bytes of JS heap per message', () => {
    const r = spawnSync(process.execPath, ['--max-semi-space-size=128', '--expose-gc', 'test/fixtures/alloc-sctp.mjs'], {
      cwd: `${import.meta.dirname}/..`,
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const results = JSON.parse(r.stdout) as Record<string, { bytesPerOp: number }>
    for (const [name, m] of Object.entries(results)) expect(m.bytesPerOp, name).toBeLessThan(0.5) // any allocation is >= 8 B
  }, 130_000)
})
