import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'

describe('finished async operations release what they armed', () => {
  it('no abort listener, deadline timer or heap is left behind by 150k operations', () => {
    const r = spawnSync(process.execPath, ['--expose-gc', 'test/fixtures/retention.mjs'], {
      cwd: `${import.meta.dirname}/..`,
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const m = JSON.parse(r.stdout) as { retainedBytes: number; abortListeners: number; timers: number }
    expect(m.abortListeners).toBe(0) // the long-lived signal keeps no listener per operation
    expect(m.timers).toBe(0) // each waiting read's deadline timer was cleared
    expect(m.retainedBytes).toBeLessThan(256 * 1024) // 50k round trips leaking even 8 B each would be 400 KB
  })
})
