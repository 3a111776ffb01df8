import { describe, expect, it } from 'vitest'
import { listenSCTP4, listenSCTPMulti, dialSCTP6 } from '@sock/sctp'
import { hasSCTP } from './sctp-support.js'

describe.skipIf(hasSCTP)('on a kernel without SCTP (this test runs where SCTP is missing)', () => {
  it('one-to-one sockets fail with EPROTONOSUPPORT, one-to-many with ESOCKTNOSUPPORT, saying modprobe sctp', () => {
    expect(() => listenSCTP4({ address: '127.0.0.1', port: 0 })).toThrow(
      expect.objectContaining({ code: 'EPROTONOSUPPORT', message: expect.stringMatching(/no SCTP.*modprobe sctp/) }),
    )
    expect(() => dialSCTP6(null, { address: '::1', port: 9 })).toThrow(expect.objectContaining({ code: 'EPROTONOSUPPORT' }))
    expect(() => listenSCTPMulti('sctp4', { address: '127.0.0.1', port: 0 })).toThrow(
      expect.objectContaining({ code: 'ESOCKTNOSUPPORT', message: expect.stringMatching(/modprobe sctp/) }),
    )
  })
})
