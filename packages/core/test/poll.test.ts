// Poll: epoll(7) readiness for many sockets, waited on synchronously or once per loop turn.
import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import net from 'node:net'
import { NetSocket, Poll, Interest, Ready, POLL_MAX_EVENTS, WOULD_BLOCK, constants as C } from '../src/index.js'
import { SockaddrInet4 } from '@sock/addr'
import { hasCommand, prerequisite } from '../../../test-support/prerequisites.js'

function listener(): { ln: NetSocket; port: number } {
  const ln = NetSocket.open(C.AF_INET, C.SOCK_STREAM, 0).bind(new SockaddrInet4('127.0.0.1', 0))
  ln.listenRaw()
  return { ln, port: (ln.localAddr() as SockaddrInet4).port }
}

/** `count` accepted server-side connections and their node:net clients. */
async function connections(count: number): Promise<{ ln: NetSocket; servers: NetSocket[]; clients: net.Socket[] }> {
  const { ln, port } = listener()
  const clients = await Promise.all(
    Array.from({ length: count }, async () => {
      const c = net.connect(port, '127.0.0.1')
      c.on('error', () => {}) // a reset when a test closes its side first
      await once(c, 'connect')
      return c
    }),
  )
  const servers: NetSocket[] = []
  while (servers.length < count) servers.push(await ln.acceptAsync())
  return { ln, servers, clients }
}

function readyTokens(poll: Poll, n: number): number[] {
  return Array.from({ length: n }, (_, i) => poll.token(i)).sort((a, b) => a - b)
}

/** poll.wait(0) until `want` sockets are ready, letting node:net's writes land between tries. */
async function waitForReady(poll: Poll, want: number): Promise<number> {
  for (let i = 0; i < 2000; i++) {
    const n = poll.wait(0)
    if (n >= want) return n
    await new Promise((r) => setImmediate(r))
  }
  throw new Error(`fewer than ${want} sockets became ready`)
}

describe('Poll', () => {
  it('wait(): the ready sockets by token, level-triggered, with nothing ready a 0', async () => {
    const { ln, servers, clients } = await connections(3)
    using poll = new Poll()
    servers.forEach((s, i) => poll.add(s, 100 + i))
    expect(poll.wait(0)).toBe(0)
    clients[0].write('a')
    clients[2].write('b')
    const n = await waitForReady(poll, 2)
    expect(n).toBe(2)
    expect(readyTokens(poll, n)).toEqual([100, 102])
    for (let i = 0; i < n; i++) expect(poll.readiness(i) & Ready.READABLE).toBe(Ready.READABLE)
    expect(poll.events.length).toBe(2 * POLL_MAX_EVENTS)
    // level-triggered: still ready until read
    expect(poll.wait(0)).toBe(2)
    const buf = new Uint8Array(8)
    expect(servers[0].read(buf)).toBe(1)
    expect(servers[0].read(buf)).toBe(WOULD_BLOCK)
    expect(poll.wait(0)).toBe(1)
    expect(poll.token(0)).toBe(102)
    // a wait with a timeout and nothing ready returns 0 (no timing asserted)
    expect(servers[2].read(buf)).toBe(1)
    expect(poll.wait(1)).toBe(0)
    for (const c of clients) c.destroy()
    for (const s of servers) s.close()
    ln.close()
  })

  it('modify, ONESHOT, EDGE, delete, the peer closing, and fds as targets', async () => {
    const { ln, servers, clients } = await connections(2)
    using poll = new Poll({ capacity: 4 })
    const [a, b] = servers
    poll.add(a.fd, 7, Interest.WRITABLE)
    expect(poll.wait(0)).toBe(1)
    expect(poll.token(0)).toBe(7)
    expect(poll.readiness(0) & Ready.WRITABLE).toBe(Ready.WRITABLE)
    poll.modify(a, 8, Interest.READABLE | Interest.ONESHOT)
    expect(poll.wait(0)).toBe(0)
    clients[0].write('x')
    await waitForReady(poll, 1)
    expect(poll.token(0)).toBe(8)
    expect(poll.wait(0)).toBe(0) // ONESHOT: silent until modified, though still readable
    poll.modify(a, 9, Interest.READABLE)
    expect(poll.wait(0)).toBe(1)
    expect(poll.token(0)).toBe(9)
    poll.delete(a)
    expect(poll.wait(0)).toBe(0)
    // EDGE: one report per change of readiness
    poll.add(b, 0xffffffff, Interest.READABLE | Interest.EDGE)
    clients[1].write('y')
    await waitForReady(poll, 1)
    expect(poll.token(0)).toBe(0xffffffff)
    expect(poll.wait(0)).toBe(0)
    // the peer's FIN: readable with READ_CLOSED
    clients[1].end()
    await waitForReady(poll, 1)
    expect(poll.readiness(0) & Ready.READ_CLOSED).toBe(Ready.READ_CLOSED)
    // registering twice, or deleting what is not registered, is the kernel's error
    expect(() => poll.add(b, 1)).toThrow(expect.objectContaining({ code: 'EEXIST', syscall: 'epoll_ctl' }))
    expect(() => poll.delete(a)).toThrow(expect.objectContaining({ code: 'ENOENT' }))
    for (const c of clients) c.destroy()
    for (const s of servers) s.close()
    ln.close()
  })

  it('reports at most `capacity` per wait; the rest on the next', async () => {
    const { ln, servers, clients } = await connections(3)
    using all = new Poll()
    using poll = new Poll({ capacity: 2 })
    servers.forEach((s, i) => {
      all.add(s, i)
      poll.add(s, i)
    })
    for (const c of clients) c.write('z')
    await waitForReady(all, 3)
    expect(poll.wait(0)).toBe(2)
    const first = [poll.token(0), poll.token(1)]
    for (const t of first) expect(servers[t].read(new Uint8Array(4))).toBe(1)
    expect(poll.wait(0)).toBe(1)
    expect(new Set([...first, poll.token(0)]).size).toBe(3)
    for (const c of clients) c.destroy()
    for (const s of servers) s.close()
    ln.close()
  })

  it('start(): every ready socket of a loop turn in one callback', async () => {
    const count = 50
    const { ln, servers, clients } = await connections(count)
    const poll = new Poll()
    servers.forEach((s, i) => poll.add(s, i))
    for (const c of clients) c.write('hello')
    await waitForReady(poll, count) // all ready before the loop looks: one turn sees them all
    const batches: number[] = []
    const tokens = new Set<number>()
    const buf = new Uint8Array(16)
    await new Promise<void>((resolve) => {
      poll.start((p, n) => {
        batches.push(n)
        for (let i = 0; i < n; i++) {
          const t = p.token(i)
          tokens.add(t)
          expect(servers[t].read(buf)).toBe(5)
        }
        if (tokens.size === count) resolve()
      })
    })
    expect(batches[0]).toBe(count)
    expect(tokens.size).toBe(count)
    // stop(): no callback for new data
    poll.stop()
    let after = 0
    poll.start(() => after++).stop()
    clients[0].write('again')
    await waitForReady(poll, 1)
    await new Promise((r) => setImmediate(r))
    expect(after).toBe(0)
    poll.close()
    poll.close() // idempotent
    expect(poll.closed).toBe(true)
    expect(poll.fd).toBe(-1)
    for (const c of clients) c.destroy()
    for (const s of servers) s.close()
    ln.close()
  })

  it('a started Poll keeps the process alive until stop() or unref()', async () => {
    const script = `
      import { Poll } from '@sock/core'
      const mode = process.argv[1]
      const poll = new Poll().start(() => {})
      if (mode === 'unref') poll.unref()
      if (mode === 'stop') setTimeout(() => poll.stop(), 10)
      if (mode === 'kept') setTimeout(() => { console.log('alive'); poll.close() }, 50)
    `
    for (const mode of ['unref', 'stop', 'kept']) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, mode], {
        cwd: new URL('..', import.meta.url),
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      let out = ''
      child.stdout.on('data', (d) => (out += d))
      const [code] = await once(child, 'exit')
      expect(code).toBe(0)
      expect(out.trim()).toBe(mode === 'kept' ? 'alive' : '')
    }
  })

  it('bad arguments are coded errors before any syscall; after close() every call is ERR_SOCK_CLOSED', () => {
    expect(() => new Poll({ capacity: 0 })).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
    expect(() => new Poll({ capacity: POLL_MAX_EVENTS + 1 })).toThrow(RangeError)
    expect(() => new Poll(null as never)).toThrow(TypeError)
    const poll = new Poll()
    const s = NetSocket.open(C.AF_INET, C.SOCK_STREAM, 0)
    expect(() => poll.add(s, -1)).toThrow(RangeError)
    expect(() => poll.add(s, 2 ** 32)).toThrow(RangeError)
    expect(() => poll.add(s, 1.5)).toThrow(RangeError)
    expect(() => poll.add('x' as never, 1)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }))
    expect(() => poll.add(-1, 1)).toThrow(RangeError)
    expect(() => poll.add(s, 1, 'r' as never)).toThrow(RangeError)
    expect(() => poll.wait(-2)).toThrow(RangeError)
    expect(() => poll.wait(Number.NaN)).toThrow(RangeError)
    expect(() => poll.start('f' as never)).toThrow(TypeError)
    s.close()
    expect(() => poll.add(s, 1)).toThrow(expect.objectContaining({ code: 'ERR_SOCK_CLOSED' }))
    poll.close()
    for (const call of [() => poll.wait(0), () => poll.add(0, 1), () => poll.modify(0, 1, 0), () => poll.delete(0), () => poll.start(() => {})])
      expect(call).toThrow(expect.objectContaining({ code: 'ERR_SOCK_CLOSED' }))
    poll.stop().ref().unref() // harmless after close
  })

  it('a synchronous server serves many connections from one thread (python3 clients, checksummed)', async () => {
    if (!prerequisite('python3', hasCommand('python3', '-c', 'pass'))) return
    const { ln, port } = listener()
    const conns = 300
    const rounds = 20
    const client = spawn(
      'python3',
      [
        '-c',
        `
import socket, sys, hashlib
conns, rounds, port = ${conns}, ${rounds}, ${port}
socks = [socket.create_connection(('127.0.0.1', port)) for _ in range(conns)]
h = hashlib.sha256()
for r in range(rounds):
    for i, s in enumerate(socks):
        s.sendall(b'%05d:%05d;' % (i, r))
    for i, s in enumerate(socks):
        want = b'%05d:%05d;' % (i, r)
        got = b''
        while len(got) < len(want):
            chunk = s.recv(len(want) - len(got))
            if not chunk: sys.exit('early EOF')
            got += chunk
        if got != want: sys.exit('bad echo %r != %r' % (got, want))
        h.update(got)
for s in socks: s.close()
print(h.hexdigest())
`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let out = ''
    client.stdout.on('data', (d) => (out += d))
    const exited = once(client, 'exit')
    // the server: one Poll, the listener under token 0, connection i under i + 1; echo until every client hung up
    const poll = new Poll({ capacity: 64 })
    poll.add(ln, 0)
    const open = new Map<number, NetSocket>()
    const buf = new Uint8Array(4096)
    let accepted = 0
    let echoed = 0
    let turns = 0
    // a synchronous loop: blocks this thread (the python client is another process)
    while (accepted < conns || open.size > 0) {
      if (++turns > 1_000_000) throw new Error('the server loop did not finish')
      const n = poll.wait(10_000)
      if (n === 0) throw new Error('no readiness for 10 s')
      for (let i = 0; i < n; i++) {
        const token = poll.token(i)
        if (token === 0) {
          for (let c = ln.accept(); c !== null; c = ln.accept()) {
            open.set(++accepted, c)
            poll.add(c, accepted)
          }
          continue
        }
        const c = open.get(token)!
        for (;;) {
          const got = c.read(buf)
          if (got === WOULD_BLOCK) break
          if (got === 0) {
            c.close() // leaves the Poll by itself
            open.delete(token)
            break
          }
          c.writeAll(buf, 0, got)
          echoed += got
        }
      }
    }
    const [code] = await exited
    expect(code).toBe(0)
    expect(out.trim()).toMatch(/^[0-9a-f]{64}$/)
    expect(echoed).toBe(conns * rounds * 12)
    poll.close()
    ln.close()
  })
})
