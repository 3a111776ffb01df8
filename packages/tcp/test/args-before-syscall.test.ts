// Arguments are checked before any syscall: a bad one never costs a queued
// connection, and never picks a default the caller did not ask for.
import { describe, expect, it } from 'vitest'
import { listenTCP4, dialTCP4, dialTCP } from '@sock/tcp'
import { SockaddrInet4, SockaddrUnix } from '@sock/addr'
import { constants as C } from '@sock/core'

const code = (c: string) => expect.objectContaining({ code: c })

describe('arguments checked before the syscall', () => {
  it('accept with a bad `from` throws and leaves the queued connection to the next accept', async () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const client = dialTCP4(null, ln.address())
    try {
      ln.setReadDeadline(Date.now() + 10_000)
      expect(() => ln.accept('x' as never)).toThrow(code('ERR_INVALID_ARG_TYPE'))
      expect(() => ln.accept(new SockaddrUnix('/tmp/x') as never)).toThrow(code('ERR_INVALID_ARG_VALUE'))
      const from = new SockaddrInet4()
      const conn = ln.accept(from)
      expect(conn).not.toBeNull()
      expect(from.port).toBe(client.address().port)
      conn!.close()
    } finally {
      client.close()
      ln.close()
    }
  })

  it('read names a bad buffer or offset as such, not as an empty range', async () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const client = dialTCP4(null, ln.address())
    const server = await ln.acceptAsync()
    try {
      expect(() => server.read('str' as never)).toThrow(code('ERR_INVALID_ARG_TYPE'))
      expect(() => server.read(undefined as never)).toThrow(code('ERR_INVALID_ARG_TYPE'))
      expect(() => server.read(new Uint8Array(4), 'x' as never)).toThrow(/offset/)
      expect(() => server.read(new Uint8Array(0))).toThrow(code('ERR_OUT_OF_RANGE'))
    } finally {
      for (const s of [client, server, ln]) s.close()
    }
  })

  it('a dial without a remote address is an error, not a dial to 0.0.0.0:0', () => {
    expect(() => dialTCP4({ address: '127.0.0.1', port: 0 }, undefined as never)).toThrow(code('ERR_INVALID_ARG_TYPE'))
    expect(() => dialTCP('tcp', null, null as never)).toThrow(/needs a remote address/)
  })

  it('connect on a stream that is connected (or connecting) is EISCONN, whatever address it names', async () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const other = listenTCP4({ address: '127.0.0.1', port: 0 })
    const client = dialTCP4(null, ln.address())
    try {
      const server = await ln.acceptAsync()
      await client.waitWritable()
      // Linux answers a second connect(2) with 0 once the first completed: it must not look like a new connection
      expect(() => client.connect(other.address())).toThrow(code('EISCONN'))
      expect(client.remoteAddress).toBe('127.0.0.1')
      expect(client.remotePort).toBe(ln.address().port)
      server.close()
    } finally {
      for (const s of [client, ln, other]) s.close()
    }
  })
})

describe('setKeepAlivePeriod', () => {
  it('rounds up to whole seconds, at least 1 (0 is 1 s, as documented); a negative period is ERR_OUT_OF_RANGE', () => {
    const { IPPROTO_TCP, TCP_KEEPIDLE, TCP_KEEPINTVL } = C
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const c = dialTCP4(null, ln.address())
    try {
      c.setKeepAlivePeriod(0)
      expect(c.getsockoptInt(IPPROTO_TCP, TCP_KEEPIDLE)).toBe(1)
      c.setKeepAlivePeriod(1500)
      expect(c.getsockoptInt(IPPROTO_TCP, TCP_KEEPIDLE)).toBe(2)
      expect(c.getsockoptInt(IPPROTO_TCP, TCP_KEEPINTVL)).toBe(2)
      expect(() => c.setKeepAlivePeriod(-1)).toThrow(code('ERR_OUT_OF_RANGE'))
    } finally {
      c.close()
      ln.close()
    }
  })
})
