import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { dialTCP4, listenTCP4, TCPConn } from '@sock/tcp'
import { SockaddrInet4 } from '@sock/addr'
import { hasCommand } from '../../../test-support/prerequisites.js'

describe('accept', () => {
  it('returns null with nothing pending', () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    expect(ln.accept()).toBeNull()
    ln.close()
  })

  it('with a 50 ms deadline throws ETIMEDOUT no earlier than 50 ms', () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const t0 = performance.now() // before the deadline is set: a busy machine may pause us in between
    ln.setReadDeadline(Date.now() + 50)
    expect(() => ln.accept()).toThrow(expect.objectContaining({ code: 'ETIMEDOUT', deadlineExceeded: true, syscall: 'accept' }))
    expect(performance.now() - t0).toBeGreaterThanOrEqual(48) // Date.now() counts whole ms
    ln.close()
  })

  it('an already-expired deadline still makes exactly one attempt', async () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    ln.setReadDeadline(Date.now() - 1000)
    const t0 = performance.now()
    expect(() => ln.accept()).toThrow(expect.objectContaining({ code: 'ETIMEDOUT' }))
    expect(performance.now() - t0).toBeLessThan(20)
    const c = dialTCP4(null, ln.address())
    await c.waitWritable()
    const s = ln.accept() // the one attempt finds the queued connection
    expect(s).toBeInstanceOf(TCPConn)
    expect(() => ln.accept()).toThrow(expect.objectContaining({ code: 'ETIMEDOUT' }))
    ln.setReadDeadline(0)
    expect(ln.accept()).toBeNull()
    s!.close()
    c.close()
    ln.close()
  })

  it('writes the peer into a caller-owned Sockaddr', async () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const c = dialTCP4(null, ln.address())
    await ln.waitReadable()
    const from = new SockaddrInet4()
    const s = ln.accept(from)!
    expect(from.port).toBe(c.localPort)
    expect(from.address).toBe('127.0.0.1')
    s.close()
    c.close()
    ln.close()
  })

  it('is async-iterable until the listener closes', async () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const dialed = [dialTCP4(null, ln.address()), dialTCP4(null, ln.address())]
    setTimeout(() => dialed.push(dialTCP4(null, ln.address())), 20)
    const got: TCPConn[] = []
    for await (const conn of ln) {
      got.push(conn)
      if (got.length === 3) setTimeout(() => ln.close(), 10)
    }
    expect(got.length).toBe(3)
    for (const c of [...got, ...dialed]) c.close()
  })

  it('acceptAsync rejects with ERR_SOCK_CLOSED when the listener closes, and with AbortError when aborted', async () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const ac = new AbortController()
    const aborted = ln.acceptAsync({ signal: ac.signal })
    const closed = ln.acceptAsync()
    ac.abort()
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' })
    ln.close()
    await expect(closed).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
  })

  it('acceptAsync honours the read deadline, including one changed while pending', async () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const p = ln.acceptAsync()
    ln.setReadDeadline(Date.now() + 30)
    await expect(p).rejects.toMatchObject({ code: 'ETIMEDOUT', deadlineExceeded: true })
    ln.close()
  })
})

describe('fd exhaustion', () => {
  const hasPrlimit = hasCommand('prlimit', '--version')

  it.skipIf(!hasPrlimit)(
    'accept surfaces EMFILE; acceptAsync and the async iterator back off and accept once an fd is free (needs util-linux prlimit)',
    async () => {
      const r = spawnSync('prlimit', ['--nofile=64', process.execPath, 'test/fixtures/emfile.mjs'], {
        cwd: `${import.meta.dirname}/..`,
        encoding: 'utf8',
        timeout: 30_000,
      })
      expect(r.stderr).toBe('')
      const waited = { accepted: true, afterAnFdWasFreed: true, noSpin: true }
      expect(JSON.parse(r.stdout)).toEqual({ sync: 'EMFILE', acceptAsync: waited, iterator: waited })
    },
  )
})
