import { describe, expect, it } from 'vitest'
import { ALLOC_FLAGS, runFixture } from '../../../test-support/run-fixture.js'

type Results = Record<string, { bytesPerOp: number }>
const dir = `${import.meta.dirname}/..`

describe('zero allocation', () => {
  it('synchronous round trips with preallocated buffers allocate 0 bytes of JS heap per operation', () => {
    const results = runFixture<Results>(dir, 'test/fixtures/alloc-roundtrip.mjs')
    expect(Object.keys(results).sort()).toEqual(['readWouldBlock', 'recvFromWouldBlock', 'writeRead', 'writeReadRange', 'writevReadv'])
    // Any allocation per operation costs at least 8 bytes; the slope removes one-off JIT work.
    for (const [name, m] of Object.entries(results)) expect(m.bytesPerOp, name).toBeLessThan(0.5)
  })

  it('async reads and writes allocate one settled promise when the kernel is ready, and under 120 bytes more when a read waits', () => {
    // a young generation that starts large: awaiting allocates on every call
    const m = runFixture<Results>(dir, 'test/fixtures/alloc-async.mjs', [...ALLOC_FLAGS, '--min-semi-space-size=128'])
    expect(Object.keys(m).sort()).toEqual(['baseline', 'readAsyncReady', 'readAsyncWaits', 'recvFromAsyncWaits', 'writeAsyncFits'])
    const base = m.baseline.bytesPerOp // awaiting Promise.resolve(0)
    // Fast paths: one syscall and a settled promise, nothing more.
    expect(m.readAsyncReady.bytesPerOp - base).toBeLessThan(8)
    expect(m.writeAsyncFits.bytesPerOp - base).toBeLessThan(8)
    // Waiting: the read operation is reused and its promise is the addon's (napi_create_promise, no
    // settle functions on the JS heap): ~56 B, the reaction job of settling a pending promise (was
    // ~224 B with a JS promise and its settle functions, ~560 B before the operation was reused).
    // recvFromAsync allocates its operation and promise per call (~350 B).
    expect(m.readAsyncWaits.bytesPerOp - base).toBeLessThan(120)
    expect(m.recvFromAsyncWaits.bytesPerOp - base).toBeLessThan(400)
  })
})
