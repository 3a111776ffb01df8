import { describe, expect, it } from 'vitest'
import { existsSync, renameSync, writeFileSync, unlinkSync } from 'node:fs'
import path from 'node:path'
import { listenUnix, listenUnixgram, dialUnix, UnixDialer, UnixListener, UnixConn } from '@sock/unix'
import { SockaddrUnix } from '@sock/addr'
import { tmpDir } from './tmp.js'
import native from '@sock/native'

const dir = tmpDir()

describe('listening and dialing', () => {
  it('a path listener accepts, and removes its socket file on close', async () => {
    const p = path.join(dir, 'a.sock')
    const ln = listenUnix('unix', p)
    expect(ln.address()).toBe(p)
    expect(existsSync(p)).toBe(true)
    const c = dialUnix('unix', null, p)
    const s = await ln.acceptAsync()
    await c.writeAsync(Buffer.from('hi'))
    expect(await s.readAsync(Buffer.alloc(2))).toBe(2)
    expect(s.remotePath).toBe('') // the client is unnamed
    ln.close()
    expect(existsSync(p)).toBe(false)
    ln.close() // idempotent
    c.close()
    s.close()
  })

  it('close() does not remove a file that replaced its own', () => {
    const p = path.join(dir, 'b.sock')
    const ln = listenUnix('unix', p)
    renameSync(p, p + '.old')
    writeFileSync(p, 'not ours')
    ln.close()
    expect(existsSync(p)).toBe(true)
    unlinkSync(p)
    unlinkSync(p + '.old')
  })

  it('an existing file is EADDRINUSE unless unlinkStale, which removes only a stale socket', () => {
    const p = path.join(dir, 'c.sock')
    const live = listenUnix('unix', p)
    expect(() => listenUnix('unix', p)).toThrow(expect.objectContaining({ code: 'EADDRINUSE', path: p }))
    expect(() => listenUnix('unix', p, { unlinkStale: true })).toThrow(expect.objectContaining({ code: 'EADDRINUSE' })) // alive: kept
    // make it stale: detach the fd so close() does not unlink, then close the fd
    native.close(live.detach())
    expect(existsSync(p)).toBe(true)
    expect(() => listenUnix('unix', p)).toThrow(expect.objectContaining({ code: 'EADDRINUSE' }))
    const again = listenUnix('unix', p, { unlinkStale: true })
    again.close()
  })

  it("abstract names ('@name') and autobind ('')", async () => {
    const name = `@sock-test-${process.pid}`
    const ln = listenUnix('unix', name)
    expect(ln.address()).toBe(name)
    const c = dialUnix('unix', null, name)
    const s = await ln.acceptAsync()
    expect(s.address()).toBe(name)
    ln.close()
    c.close()
    s.close()
    const auto = listenUnixgram('unixgram', '')
    expect(auto.address()).toMatch(/^@[0-9a-f]{5}$/) // the kernel's autobind name
    auto.close()
  })

  it('paths that do not fit are errors, never truncated', () => {
    expect(() => listenUnix('unix', '/tmp/' + 'x'.repeat(200))).toThrow(expect.objectContaining({ code: 'ERR_SOCK_INVALID_ADDRESS' }))
  })

  it('a 108-byte path binds and comes back whole', () => {
    const base = path.join(dir, 'l')
    const p = base + 'x'.repeat(108 - base.length)
    expect(Buffer.byteLength(p)).toBe(108)
    const ln = listenUnix('unix', p)
    expect(ln.address()).toBe(p)
    expect((ln.localAddr() as SockaddrUnix).path).toBe(p)
    ln.close()
    expect(existsSync(p)).toBe(false)
  })

  it('unixgram: the sender address is the bound path, or null for an unbound sender', () => {
    const rp = path.join(dir, 'r.sock')
    const sp = path.join(dir, 's.sock')
    const r = listenUnixgram('unixgram', rp)
    const named = listenUnixgram('unixgram', sp)
    const unbound = UnixConn.openUnix('unixgram')
    expect(named.sendTo(Buffer.from('a'), rp)).toBe(1)
    expect(unbound.sendTo(Buffer.from('bc'), { path: rp })).toBe(2)
    const buf = Buffer.alloc(8)
    const from = new SockaddrUnix()
    r.setReadDeadline(Date.now() + 1000)
    expect(r.recvFrom(buf, from)).toBe(1)
    expect(from.path).toBe(sp)
    const m = r.recvMsg(buf)!
    expect(m.bytes).toBe(2)
    expect(m.from).toBeNull()
    for (const s of [r, named, unbound]) s.close()
  })

  it('a stream dial to a full backlog fails with EAGAIN; a dialer with a timeout retries until the deadline', async () => {
    const p = path.join(dir, 'full.sock')
    const ln = listenUnix('unix', p, { backlog: 0 })
    const queued: UnixConn[] = []
    let err: unknown
    for (let i = 0; i < 8 && !err; i++) {
      try {
        queued.push(dialUnix('unix', null, p))
      } catch (e) {
        err = e
      }
    }
    expect(err).toMatchObject({ code: 'EAGAIN', syscall: 'connect' })
    const t0 = performance.now()
    await expect(new UnixDialer({ timeout: 100 }).dial('unix', null, p)).rejects.toMatchObject({ code: 'ETIMEDOUT', deadlineExceeded: true })
    expect(performance.now() - t0).toBeGreaterThanOrEqual(98) // the deadline is in whole ms (Date.now())
    // room appears while the dialer retries: it succeeds
    const dialing = new UnixDialer({ timeout: 5000 }).dial('unix', null, p)
    setTimeout(() => ln.accept()?.close(), 30)
    const ok = await dialing
    expect(ok).toBeInstanceOf(UnixConn)
    ok.close()
    for (const q of queued) q.close()
    ln.close()
  })

  it('the listener is async-iterable', async () => {
    const ln = listenUnix('unixpacket', `@sock-iter-${process.pid}`)
    expect(ln).toBeInstanceOf(UnixListener)
    const clients = [dialUnix('unixpacket', null, ln.address()), dialUnix('unixpacket', null, ln.address())]
    let n = 0
    for await (const c of ln) {
      c.close()
      if (++n === 2) break
    }
    ln.close()
    for (const c of clients) c.close()
  })
})
