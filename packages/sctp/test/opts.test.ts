// SOL_SCTP options are implemented once, in @sock/opts: the socket methods are those functions,
// and the functions also take an fd (a socket sock did not open).
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { once } from 'node:events'
import { listenSCTP4, dialSCTP4, listenSCTPMulti } from '@sock/sctp'
import * as opts from '@sock/opts'
import { hasSCTP } from './sctp-support.js'

const lo = { address: '127.0.0.1', port: 0 }

describe.skipIf(!hasSCTP)('SOL_SCTP options in @sock/opts — needs a kernel with SCTP', () => {
  it('a method and the @sock/opts function read and write the same option, on the socket or its fd', async () => {
    const ln = listenSCTP4(lo)
    const c = dialSCTP4(null, ln.address())
    const s = await ln.acceptAsync()
    await c.waitWritable()
    opts.setSCTPNoDelay(c.fd, true)
    expect(c.getNoDelay()).toBe(true)
    c.setNoDelay(false)
    expect(opts.getSCTPNoDelay(c)).toBe(false)
    opts.setSCTPMaxBurst(c, 5)
    expect(c.getMaxBurst()).toBe(5)
    opts.setSCTPContext(c.fd, 0xffffffff)
    expect(c.getContext()).toBe(0xffffffff)
    opts.setSCTPPartialDeliveryPoint(c, 4096)
    expect(c.getPartialDeliveryPoint()).toBe(4096)
    expect(() => opts.setSCTPPartialDeliveryPoint(c, 0xffffffff)).toThrow(expect.objectContaining({ code: 'EINVAL' })) // more than half the receive buffer
    opts.setSCTPInitMsg(ln.fd, { numOstreams: 3 })
    expect(ln.getInitMsg().numOstreams).toBe(3)
    expect(opts.getSCTPRecvRcvInfo(s)).toBe(true) // sock turns it on for the sockets it opens
    expect(s.getRecvRcvInfo()).toBe(true)
    opts.setSCTPDefaultSndInfo(c, { stream: 2, ppid: 0xdeadbeef, context: 9 })
    expect(c.getDefaultSndInfo()).toMatchObject({ stream: 2, ppid: 0xdeadbeef, context: 9 })
    const st = opts.getSCTPStatus(c.fd)
    expect(st).toEqual(c.getStatus())
    expect(st.primary.address?.port).toBe(ln.address().port)
    for (const x of [c, s, ln]) x.close()
  })

  it('values the kernel would not keep are refused before any syscall', () => {
    const m = listenSCTPMulti('sctp4', lo)
    expect(() => m.setFragmentInterleave(3)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
    expect(() => opts.setSCTPMaxseg(m, -1)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
    expect(() => opts.setSCTPContext(m, 2 ** 32)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
    expect(() => opts.setSCTPInitMsg(m, { numOstreams: 65536 })).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
    expect(() => opts.setSCTPDefaultSndInfo(m, { stream: 1.5 })).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
    expect(() => opts.setSCTPInitMsg(m, null as never)).toThrow(TypeError)
    expect(() => opts.getSCTPStatus(m, 2 ** 31)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
    const max = Number(readFileSync('/proc/sys/net/sctp/max_autoclose', 'latin1'))
    m.setAutoclose(max)
    expect(m.getAutoclose()).toBe(max)
    expect(() => m.setAutoclose(max + 1)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' })) // the kernel would cap it silently
    expect(m.getAutoclose()).toBe(max)
    m.close()
    expect(() => m.getNoDelay()).toThrow(expect.objectContaining({ code: 'ERR_SOCK_CLOSED' }))
  })

  it("on node:net's TCP server the SCTP options are the kernel's error, not a crash", async () => {
    const t = createServer().listen(0, '127.0.0.1')
    await once(t, 'listening')
    try {
      // TCP answers SOL_SCTP with EOPNOTSUPP (ENOTSUP on Linux)
      expect(() => opts.getSCTPNoDelay(t)).toThrow(expect.objectContaining({ name: 'SockError', syscall: 'getsockopt', code: 'ENOTSUP' }))
      expect(() => opts.getSCTPStatus(t)).toThrow(expect.objectContaining({ name: 'SockError', syscall: 'getsockopt', code: 'ENOTSUP' }))
    } finally {
      t.close()
    }
  })
})
