// Multicast options are implemented once, in @sock/opts: UDPSocket's methods are those
// functions, and they read and write node:dgram's sockets the same way.
import { describe, expect, it } from 'vitest'
import { createSocket } from 'node:dgram'
import { once } from 'node:events'
import * as o from '@sock/opts'
import { listenUDP4, listenUDP6 } from '@sock/udp'

const range = expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' })

describe('multicast options through @sock/opts', () => {
  it("reads what node:dgram set, and node:dgram's socket takes what @sock/opts sets", async () => {
    const d = createSocket('udp4')
    d.bind(0, '127.0.0.1')
    await once(d, 'listening')
    try {
      d.setMulticastTTL(7)
      expect(o.getIPMulticastTTL(d)).toBe(7)
      d.setMulticastLoopback(false)
      expect(o.getIPMulticastLoop(d)).toBe(false)
      d.setMulticastInterface('127.0.0.1')
      expect(o.getIPMulticastIf(d)).toBe('127.0.0.1')
      o.setIPMulticastAll(d, false)
      expect(o.getIPMulticastAll(d)).toBe(false)
      expect(() => o.setIPMulticastTTL(d, 256)).toThrow(range)
      expect(() => o.setIPMulticastTTL(d, -1)).toThrow(range) // the kernel would read -1 as 1
    } finally {
      d.close()
    }
  })

  it('a UDPSocket method and the function are the same option, for either family', () => {
    const u4 = listenUDP4({ address: '127.0.0.1', port: 0 })
    const u6 = listenUDP6({ address: '::1', port: 0 })
    try {
      u4.setMulticastTTL(9)
      expect(o.getIPMulticastTTL(u4)).toBe(9)
      o.setIPMulticastLoop(u4, false)
      expect(u4.getMulticastLoopback()).toBe(false)
      u4.setMulticastAll(false)
      expect(o.getIPMulticastAll(u4)).toBe(false)
      expect(u4.getMulticastAll()).toBe(false)
      u4.setMulticastInterface('127.0.0.1')
      expect(o.getIPMulticastIf(u4)).toBe('127.0.0.1')
      u6.setMulticastTTL(12)
      expect(o.getIPv6MulticastHops(u6)).toBe(12)
      o.setIPv6MulticastLoop(u6, false)
      expect(u6.getMulticastLoopback()).toBe(false)
      u6.setMulticastInterface('lo')
      expect(o.getIPv6MulticastIf(u6)).toBe(u6.getMulticastInterface())
      expect(o.getIPv6MulticastIf(u6)).toBeGreaterThan(0)
      expect(() => u6.setMulticastTTL(256)).toThrow(range)
      expect(() => o.setIPv6MulticastIf(u6, 'no-such-interface0')).toThrow(expect.objectContaining({ code: 'ERR_SOCK_INVALID_ADDRESS' }))
      expect(() => o.joinMulticast4(u4, '10.0.0.1')).toThrow(expect.objectContaining({ code: 'EINVAL' })) // not a multicast group
    } finally {
      u4.close()
      u6.close()
    }
  })
})
