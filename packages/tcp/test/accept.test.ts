import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import net from 'node:net'
import { dialTCP4, listenTCP4, TCPConn, TCPListener } from '@sock/tcp'
import { SockaddrInet4 } from '@sock/addr'
import { hasCommand } from '../../../test-support/prerequisites.js'

describe('accept', () => {
  it('returns null with nothing pending', () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    expect(ln.accept()).toBeNull()
    ln.close()
  })

  it('a connection class whose constructor throws: accept() rethrows and closes the accepted fd (the peer sees it closed)', async () => {
    class Refusing extends TCPListener {
      override adoptAccepted(): TCPConn {
        throw new Error('refused by the class')
      }
    }
    const ln = Refusing.open4().bind({ address: '127.0.0.1', port: 0 }).listen()
    const peer = net.connect(ln.address().port, '127.0.0.1')
    const closed = new Promise<void>((resolve) => peer.on('error', () => {}).once('close', () => resolve()))
    await new Promise((r) => peer.once('connect', r))
    ln.setReadDeadline(Date.now() + 10_000)
    expect(() => ln.accept()).toThrow('refused by the class')
    await closed // the accepted end was closed, not leaked
    ln.close()
  })

  it('acceptAsync on an adopted listener without O_NONBLOCK waits on the loop instead of blocking the thread', () => {
    // in a child: a blocked thread would hang the test runner; here the child is killed instead
    const script = `
      import native, { constants as C } from '@sock/native'
      import net from 'node:net'
      import { TCPListener } from '@sock/tcp'
      const fd = native.socket(C.AF_INET, C.SOCK_STREAM, 0)
      native.fcntl(fd, C.F_SETFL, native.fcntl(fd, C.F_GETFL, 0) & ~C.O_NONBLOCK)
      const ln = TCPListener.adopt(fd).bind({ address: '127.0.0.1', port: 0 }).listen()
      const first = ln.acceptAsync() // nothing queued: must not call a blocking accept4
      const peers = [1, 2].map(() => net.connect(ln.address().port, '127.0.0.1').on('error', () => {}))
      const a = await first
      const b = await ln.acceptAsync() // queued by now or soon: either path
      console.log(JSON.stringify([a.remotePort, b.remotePort].sort((x, y) => x - y)), JSON.stringify(await Promise.all(peers.map((p) => new Promise((r) => p.once('connect', () => r(p.localPort))))).then((x) => x.sort((x, y) => x - y))))
      for (const s of [a, b, ln]) s.close()
      for (const p of peers) p.destroy()
    `
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: import.meta.dirname, encoding: 'utf8', timeout: 30_000 })
    expect(r.stderr).toBe('')
    expect(r.signal).toBeNull() // not killed by the timeout
    const [accepted, dialed] = r.stdout.trim().split(' ')
    expect(JSON.parse(accepted)).toEqual(JSON.parse(dialed))
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
    // nothing is queued: a wait here would be for readiness that never comes (the test would time out)
    expect(() => ln.accept()).toThrow(expect.objectContaining({ code: 'ETIMEDOUT' }))
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

  it('acceptAsync takes a burst of queued connections in order, waits when none is left, and rejects on a socket that does not listen', async () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const clients = Array.from({ length: 5 }, () => dialTCP4(null, ln.address()))
    for (const c of clients) await c.waitWritable() // all five handshakes done: queued
    const ports: number[] = []
    for (let i = 0; i < 5; i++) {
      const s = await ln.acceptAsync()
      ports.push(s.remotePort!)
      s.close()
    }
    expect(ports).toEqual(clients.map((c) => c.localPort)) // accept(2) takes the queue in order
    const next = ln.acceptAsync() // none queued: waits on the loop
    const late = dialTCP4(null, ln.address())
    const s = await next
    expect(s.remotePort).toBe(late.localPort)
    for (const c of [s, late, ...clients, ln]) c.close()

    const unlistened = TCPListener.open4() // socket(2) only: accept4 fails with EINVAL at once
    await expect(unlistened.acceptAsync()).rejects.toMatchObject({ code: 'EINVAL', syscall: 'accept' })
    unlistened.close()
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
