// Behaviours the Go library's tests check, for raw sockets.
import { describe, expect, it } from 'vitest'
import { constants as C } from '@sock/core'
import { newRawSocket4, newPingSocket4, dialRaw4, buildEchoRequest4, ICMP_ECHO_REQUEST } from '@sock/raw'
import { runningAsRoot, prerequisite } from '../../../test-support/prerequisites.js'

const code = (c: string) => expect.objectContaining({ code: c })
const isRoot = prerequisite('root (uid 0), for SOCK_RAW', runningAsRoot())

describe('raw sockets as the Go suite tests them', () => {
  it.skipIf(!isRoot)('every method after close() is ERR_SOCK_CLOSED, and close is idempotent (needs root)', async () => {
    const s = dialRaw4(C.IPPROTO_ICMP, null, '127.0.0.1')
    expect(s.remoteAddr()?.toString()).toBe('127.0.0.1:0')
    s.close()
    s.close()
    const buf = new Uint8Array(64)
    const calls: [string, () => unknown][] = [
      ['read', () => s.read(buf)],
      ['write', () => s.write(buf)],
      ['recvFrom', () => s.recvFrom(buf)],
      ['sendTo', () => s.sendTo(buf, '127.0.0.1')],
      ['setIPHeaderIncluded', () => s.setIPHeaderIncluded(true)],
      ['connect', () => s.connect('127.0.0.1')],
      ['bind', () => s.bind('127.0.0.1')],
      ['localAddr', () => s.localAddr()],
      ['remoteAddr', () => s.remoteAddr()],
      ['setReadDeadline', () => s.setReadDeadline(Date.now() + 1000)],
      ['getRecvBufferSize', () => s.getRecvBufferSize()],
    ]
    for (const [name, call] of calls) expect(call, name).toThrow(code('ERR_SOCK_CLOSED'))
    await expect(s.readAsync(buf)).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
    await expect(s.sendToAsync(buf, '127.0.0.1')).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
    expect(s.fd).toBe(-1)
  })

  it.skipIf(!isRoot)('a read with an expired deadline still makes its one attempt (a queued reply is read) (needs root)', async () => {
    const s = newRawSocket4(C.IPPROTO_ICMP)
    const req = new Uint8Array(64)
    const n = buildEchoRequest4(req, 0x5151, 1, new TextEncoder().encode('go'))
    expect(req[0]).toBe(ICMP_ECHO_REQUEST)
    s.sendTo(req.subarray(0, n), '127.0.0.1')
    // wait until a packet is queued, without a deadline of the socket's
    await s.waitReadable({ deadline: Date.now() + 10_000 })
    s.setReadDeadline(Date.now() - 1000) // already passed
    expect(s.read(new Uint8Array(256))).toBeGreaterThan(20) // a packet, not ETIMEDOUT
    s.close()
  })

  it('a ping socket after close() is ERR_SOCK_CLOSED too (no privilege needed to open it where ping_group_range allows)', () => {
    let s
    try {
      s = newPingSocket4()
    } catch (err) {
      expect((err as { code?: string }).code).toMatch(/EACCES|EPERM|EPROTONOSUPPORT/)
      return
    }
    s.close()
    expect(() => s.sendTo(new Uint8Array(8), '127.0.0.1')).toThrow(code('ERR_SOCK_CLOSED'))
  })
})
