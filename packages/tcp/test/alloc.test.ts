import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'

describe('zero allocation', () => {
  it('synchronous round trips with preallocated buffers allocate 0 bytes of JS heap per operation', () => {
    const r = spawnSync(process.execPath, ['--max-semi-space-size=128', '--expose-gc', 'test/fixtures/alloc-roundtrip.mjs'], {
      cwd: `${import.meta.dirname}/..`,
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const results = JSON.parse(r.stdout) as Record<string, { bytesPerOp: number }>
    for (const [name, m] of Object.entries(results)) {
      // Any allocation per operation costs at least 8 bytes; the slope removes one-off JIT work.
      expect(m.bytesPerOp, name).toBeLessThan(0.5)
    }
  })

  it('async reads and writes allocate one settled promise when the kernel is ready, and about 320 bytes more when they wait', () => {
    const r = spawnSync(
      process.execPath,
      ['--max-semi-space-size=128', '--min-semi-space-size=128', '--expose-gc', 'test/fixtures/alloc-async.mjs'],
      { cwd: `${import.meta.dirname}/..`, encoding: 'utf8', timeout: 120_000 },
    )
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const m = JSON.parse(r.stdout) as Record<string, { bytesPerOp: number }>
    const base = m.baseline.bytesPerOp // awaiting Promise.resolve(0)
    // Fast paths: one syscall and a settled promise, nothing more.
    expect(m.readAsyncReady.bytesPerOp - base).toBeLessThan(8)
    expect(m.writeAsyncFits.bytesPerOp - base).toBeLessThan(8)
    // Waiting: the pending promise with its settle functions, the operation, the readiness callback (~320 B; was ~560 B).
    expect(m.readAsyncWaits.bytesPerOp - base).toBeLessThan(400)
    expect(m.recvFromAsyncWaits.bytesPerOp - base).toBeLessThan(400)
  })
})
