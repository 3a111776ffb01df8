import { describe, expect, it } from 'vitest'
import { hasSCTP } from './sctp-support.js'
import { runFixture } from '../../../test-support/run-fixture.js'

describe.skipIf(!hasSCTP)('zero allocation — needs a kernel with SCTP', () => {
  it('sendMsg with SCTP_SNDINFO and recvMsg into a reused SCTPRecvInfo allocate 0 bytes of JS heap per message', () => {
    const results = runFixture<Record<string, { bytesPerOp: number }>>(`${import.meta.dirname}/..`, 'test/fixtures/alloc-sctp.mjs')
    expect(Object.keys(results)).toEqual(['sendMsgRecvMsg'])
    for (const [name, m] of Object.entries(results)) expect(m.bytesPerOp, name).toBeLessThan(0.5) // any allocation is >= 8 B
  }, 130_000)
})
