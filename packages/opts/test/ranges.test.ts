// Nothing changes silently: a value the kernel would mask, clamp or reinterpret
// is ERR_OUT_OF_RANGE before setsockopt(2), and what is accepted reads back.
import { describe, expect, it } from 'vitest'
import * as o from '@sock/opts'
import { listenTCP4 } from '@sock/tcp'
import { listenUDP4 } from '@sock/udp'

const range = expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' })

describe('option setters check their ranges', () => {
  it('IP_TOS, buffer sizes, SO_RCVLOWAT, TCP_LINGER2, TCP_NOTSENT_LOWAT, TCP_WINDOW_CLAMP', () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const u = listenUDP4({ address: '127.0.0.1', port: 0 })
    try {
      expect(() => o.setIPTOS(u, 999)).toThrow(range)
      expect(() => o.setIPTOS(u, -1)).toThrow(range)
      o.setIPTOS(u, 0xb8)
      expect(o.getIPTOS(u)).toBe(0xb8)
      expect(() => u.setTOS(999)).toThrow(range)
      u.setTOS(0x28)
      expect(o.getIPTOS(u)).toBe(0x28)
      for (const set of [o.setRecvBuffer, o.setSendBuffer, o.setRecvLowat]) expect(() => set(u, -1)).toThrow(range)
      expect(() => u.setRecvBufferSize(-1)).toThrow(range)
      expect(() => u.setSendBufferSize(-1)).toThrow(range)
      expect(() => o.setTCPLinger2(ln, 121)).toThrow(range)
      expect(() => o.setTCPLinger2(ln, -2)).toThrow(range)
      o.setTCPLinger2(ln, 30)
      expect(o.getTCPLinger2(ln)).toBe(30)
      expect(() => o.setTCPNotSentLowat(ln, -1)).toThrow(range)
      expect(() => o.setTCPWindowClamp(ln, -1)).toThrow(range)
      expect(() => o.setIPv6TClass(ln, 256)).toThrow(range)
    } finally {
      ln.close()
      u.close()
    }
  })
})

describe('TTL setters', () => {
  it('IP_TTL takes 1..255 or -1; a UDP socket setTTL 1..255 and setMulticastTTL 0..255 (the kernel reads -1 as 1)', async () => {
    const u = listenUDP4({ address: '127.0.0.1', port: 0 })
    try {
      expect(() => o.setIPTTL(u, 256)).toThrow(range)
      o.setIPTTL(u, 33)
      expect(o.getIPTTL(u)).toBe(33)
      expect(() => u.setTTL(0)).toThrow(range)
      expect(() => u.setMulticastTTL(-1)).toThrow(range)
      expect(() => o.setTCPDeferAccept(u, -1)).toThrow(range)
    } finally {
      u.close()
    }
  })
})
