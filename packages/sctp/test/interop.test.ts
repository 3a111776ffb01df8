import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { listenSCTP6, SCTPDialer } from '@sock/sctp'
import { hasSCTP } from './sctp-support.js'

function python(code: string) {
  const child = spawn('python3', ['-c', code])
  let out = ''
  let err = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (err += d))
  const firstLine = new Promise<string>((resolve) => child.stdout.on('data', () => out.includes('\n') && resolve(out.split('\n')[0])))
  return { child, firstLine, output: () => out, errors: () => err }
}

describe.skipIf(!hasSCTP)("interop with python3's socket module (IPPROTO_SCTP) — needs a kernel with SCTP", () => {
  it('their one-to-one server (IPv4), our dialer', async () => {
    const py = python(`
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_SCTP)
s.bind(('127.0.0.1', 0)); s.listen(1)
print(s.getsockname()[1], flush=True)
c, _ = s.accept()
data = c.recv(100)
c.sendall(data.upper())
c.close()
`)
    const port = Number(await py.firstLine)
    const conn = await new SCTPDialer({ timeout: 5000 }).dial4(null, { address: '127.0.0.1', port })
    await conn.writeAsync(Buffer.from('hello sctp'))
    const buf = Buffer.alloc(64)
    expect(buf.toString('utf8', 0, await conn.readAsync(buf))).toBe('HELLO SCTP')
    expect(await conn.readAsync(buf)).toBe(0)
    conn.close()
    await once(py.child, 'exit')
    expect(py.errors()).toBe('')
  })

  it('our listener (IPv6), their client', async () => {
    const ln = listenSCTP6({ address: '::1', port: 0 })
    const py = python(`
import socket
c = socket.socket(socket.AF_INET6, socket.SOCK_STREAM, socket.IPPROTO_SCTP)
c.connect(('::1', ${ln.address().port}))
c.sendall(b'from python')
print(c.recv(100).decode(), flush=True)
`)
    const conn = await ln.acceptAsync()
    const buf = Buffer.alloc(64)
    expect(buf.toString('utf8', 0, await conn.readAsync(buf))).toBe('from python')
    await conn.writeAsync(Buffer.from('from sock'))
    expect((await py.firstLine).trim()).toBe('from sock')
    await once(py.child, 'exit')
    conn.close()
    ln.close()
  })
})
