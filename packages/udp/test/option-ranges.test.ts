// Nothing changes silently: a value the kernel would mask, clamp or reinterpret
// is ERR_OUT_OF_RANGE before setsockopt(2), and what is accepted reads back; the UDP
// socket methods and @sock/opts's functions check the same ranges (one implementation).
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

describe('one implementation per option: the socket methods and @sock/opts check the same ranges', () => {
  it('TTL -1 (the default) and UDP_SEGMENT / keepalive bounds, whichever side sets them', async () => {
    const { listenUDP6 } = await import('@sock/udp')
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const u = listenUDP4({ address: '127.0.0.1', port: 0 })
    const u6 = listenUDP6({ address: '::1', port: 0 })
    try {
      const defaultTTL = o.getIPTTL(u)
      u.setTTL(9)
      expect(o.getIPTTL(u)).toBe(9)
      u.setTTL(-1) // the system default, as setIPTTL takes it
      expect(o.getIPTTL(u)).toBe(defaultTTL)
      expect(() => o.setIPv6UnicastHops(u6, 256)).toThrow(range)
      expect(() => u6.setTTL(0)).toThrow(range)
      u6.setTOS(-1) // IPV6_TCLASS: -1 restores the default
      expect(o.getIPv6TClass(u6)).toBe(0)
      for (const bad of [-1, 65536]) {
        expect(() => o.setUDPSegment(u, bad)).toThrow(range)
        expect(() => u.setUDPSegment(bad)).toThrow(range)
      }
      u.setUDPSegment(1200)
      expect(o.getUDPSegment(u)).toBe(1200)
      for (const bad of [0, 32768]) {
        expect(() => o.setTCPKeepIdle(ln, bad)).toThrow(range)
        expect(() => o.setTCPKeepIntvl(ln, bad)).toThrow(range)
      }
      expect(() => ln.setKeepAlivePeriod(32768 * 1000)).toThrow(range)
      expect(() => ln.setKeepAlive(true, 32768 * 1000)).toThrow(range)
      expect(o.getKeepAlive(ln)).toBe(false) // refused before SO_KEEPALIVE was set
      ln.setKeepAlivePeriod(7000)
      expect([o.getTCPKeepIdle(ln), o.getTCPKeepIntvl(ln)]).toEqual([7, 7])
    } finally {
      ln.close()
      u.close()
      u6.close()
    }
  })
})
