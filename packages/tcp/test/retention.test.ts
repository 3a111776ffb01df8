import { describe, expect, it } from 'vitest'
import { runFixture } from '../../../test-support/run-fixture.js'

describe('finished async operations release what they armed', () => {
  it('no abort listener, deadline timer or heap is left behind by 150k operations', () => {
    const m = runFixture<{ retainedBytes: number; abortListeners: number; timers: number }>(`${import.meta.dirname}/..`, 'test/fixtures/retention.mjs', [
      '--expose-gc',
    ])
    expect(m.abortListeners).toBe(0) // the long-lived signal keeps no listener per operation
    expect(m.timers).toBe(0) // each waiting read's deadline timer was cleared
    expect(m.retainedBytes).toBeLessThan(256 * 1024) // 50k round trips leaking even 8 B each would be 400 KB
  })
})
