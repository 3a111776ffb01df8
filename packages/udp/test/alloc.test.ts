import { describe, expect, it } from 'vitest'
import { runFixture } from '../../../test-support/run-fixture.js'

describe('zero allocation', () => {
  it('recvFrom, sendTo, recvMessages, sendMessages and recvMsg allocate 0 bytes of JS heap per datagram', () => {
    const results = runFixture<Record<string, { bytesPerOp: number }>>(`${import.meta.dirname}/..`, 'test/fixtures/alloc-udp.mjs')
    expect(Object.keys(results).sort()).toEqual(['recvMsg', 'replyBatch', 'sendMessagesRecvMessages', 'sendMsgWithControl', 'sendToRecvFrom'])
    // any allocation per operation is >= 8 B; the slope removes one-off JIT work
    for (const [name, m] of Object.entries(results)) expect(m.bytesPerOp, name).toBeLessThan(0.5)
  })
})
