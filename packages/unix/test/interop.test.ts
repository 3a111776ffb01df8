import { describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, openSync, closeSync, writeFileSync, readSync } from 'node:fs'
import { once } from 'node:events'
import net from 'node:net'
import path from 'node:path'
import { dialUnix, listenUnix, listenUnixgram, unixConnPair } from '@sock/unix'
import { tmpDir } from './tmp.js'
import { hasCommand } from '../../../test-support/prerequisites.js'

const dir = tmpDir()
const hasSocat = hasCommand('socat', '-V')

async function until(check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

function collect(child: ChildProcess): () => string {
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  return () => out
}

describe.skipIf(!hasSocat)('socat (install the socat package to run these)', () => {
  it('stream: socat echoes what our dialer sends', async () => {
    const p = path.join(dir, 'socat-echo.sock')
    const socat = spawn('socat', [`UNIX-LISTEN:${p}`, 'PIPE'])
    await until(() => existsSync(p))
    const conn = dialUnix('unix', null, p)
    await conn.writeAsync(Buffer.from('echo me'))
    const buf = Buffer.alloc(16)
    expect(buf.toString('utf8', 0, await conn.readAsync(buf))).toBe('echo me')
    conn.close()
    await once(socat, 'exit')
  })

  it('dgram: socat sends us a datagram, and receives ours', async () => {
    const ours = path.join(dir, 'ours.dgram')
    const theirs = path.join(dir, 'theirs.dgram')
    const rx = listenUnixgram('unixgram', ours)
    const sender = spawn('socat', ['-u', 'STDIN', `UNIX-SENDTO:${ours}`])
    sender.stdin!.end('from socat')
    const buf = Buffer.alloc(64)
    const m = await rx.recvMsgAsync(buf)
    expect(buf.toString('utf8', 0, m.bytes)).toBe('from socat')
    await once(sender, 'exit')

    const receiver = spawn('socat', ['-u', `UNIX-RECV:${theirs}`, 'STDOUT'])
    const out = collect(receiver)
    await until(() => existsSync(theirs))
    expect(rx.sendTo(Buffer.from('from sock'), theirs)).toBe(9)
    await until(() => out() === 'from sock')
    receiver.kill()
    await once(receiver, 'exit')
    rx.close()
  })
})

describe("python3's socket module", () => {
  it('seqpacket: records keep their boundaries, empty ones included', async () => {
    const p = path.join(dir, 'py-seq.sock')
    const ln = listenUnix('unixpacket', p)
    const py = spawn('python3', [
      '-c',
      `
import socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect(${JSON.stringify(p)})
for r in (b'alpha', b'', b'gamma'):
    s.send(r)
print(repr(s.recv(100)), flush=True)
`,
    ])
    const out = collect(py)
    const conn = await ln.acceptAsync()
    const buf = Buffer.alloc(64)
    const records: string[] = []
    for (let i = 0; i < 3; i++) records.push(buf.toString('utf8', 0, await conn.readAsync(buf)))
    expect(records).toEqual(['alpha', '', 'gamma'])
    conn.write(Buffer.from('ack'))
    await once(py, 'exit')
    expect(out().trim()).toBe("b'ack'")
    conn.close()
    ln.close()
  })

  it('fd passing both ways: a child reads a file through the fd we send, and sends us one', async () => {
    const p = path.join(dir, 'py-fd.sock')
    const ours = path.join(dir, 'ours.txt')
    const theirs = path.join(dir, 'theirs.txt')
    writeFileSync(ours, 'content of our file')
    writeFileSync(theirs, 'content of their file')
    const ln = listenUnix('unix', p)
    const py = spawn('python3', [
      '-c',
      `
import os, socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(${JSON.stringify(p)})
msg, fds, flags, addr = socket.recv_fds(s, 16, 4)
print(os.read(fds[0], 100).decode(), flush=True)
f = os.open(${JSON.stringify(theirs)}, os.O_RDONLY)
socket.send_fds(s, [b'T'], [f])
s.recv(1)
`,
    ])
    const out = collect(py)
    const conn = await ln.acceptAsync()
    const fd = openSync(ours, 'r')
    expect(conn.sendFDs([fd], Buffer.from('F'))).toBe(1)
    closeSync(fd)
    await until(() => out().includes('\n'))
    expect(out().trim()).toBe('content of our file')
    const m = await conn.recvMsgAsync(Buffer.alloc(4), { maxFds: 2 })
    expect(m.fds).toHaveLength(1)
    const buf = Buffer.alloc(64)
    const n = readSync(m.fds[0], buf, 0, 64, 0)
    expect(buf.toString('utf8', 0, n)).toBe('content of their file')
    closeSync(m.fds[0])
    conn.write(Buffer.from('.'))
    await once(py, 'exit')
    conn.close()
    ln.close()
  })
})

describe('node:net', () => {
  it('a connected sock unix stream handed to new net.Socket({ fd })', async () => {
    const [ours, theirs] = unixConnPair('unix')
    const sock = new net.Socket({ fd: theirs.detach(), readable: true, writable: true })
    const got = once(sock, 'data')
    ours.write(Buffer.from('to node'))
    expect(String((await got)[0])).toBe('to node')
    sock.write('to sock')
    const buf = Buffer.alloc(16)
    expect(buf.toString('utf8', 0, await ours.readAsync(buf))).toBe('to sock')
    sock.destroy()
    await once(sock, 'close')
    ours.close()
  })

  it('node:net clients connect to our unix listener', async () => {
    const p = path.join(dir, 'node.sock')
    const ln = listenUnix('unix', p)
    const client = net.connect(p)
    const conn = await ln.acceptAsync()
    client.end('bye')
    const buf = Buffer.alloc(8)
    expect(buf.toString('utf8', 0, await conn.readAsync(buf))).toBe('bye')
    expect(await conn.readAsync(buf)).toBe(0)
    const closed = once(client, 'close')
    conn.close() // node:net waits for our end of stream before 'close'
    await closed
    ln.close()
  })
})
