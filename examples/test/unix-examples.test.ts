import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { listenUnixgram } from '@sock/unix'

const cwd = `${import.meta.dirname}/..`

async function run(script: string, args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [script, ...args], { cwd, env: { ...process.env, ...env } })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  const [code] = await once(child, 'exit')
  expect(code, out).toBe(0)
  return out
}

describe('sd-notify example', () => {
  for (const kind of ['path', 'abstract'] as const) {
    it(`sends READY=1 to a NOTIFY_SOCKET ${kind}`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'sock-notify-'))
      const addr = kind === 'path' ? path.join(dir, 'notify') : `@sock-notify-${process.pid}`
      const rx = listenUnixgram('unixgram', addr)
      rx.setPassCred(true)
      const buf = Buffer.alloc(256)
      const received = rx.recvMsgAsync(buf)
      const out = await run('sd-notify.mjs', [], { NOTIFY_SOCKET: addr })
      expect(out.trim()).toBe('notified')
      const m = await received
      rx.close()
      rmSync(dir, { recursive: true, force: true })
      const text = buf.toString('utf8', 0, m.bytes)
      expect(text).toMatch(/^READY=1\nMAINPID=(\d+)\nSTATUS=serving$/)
      // systemd checks the sender's pid this way (SO_PASSCRED)
      expect(m.credentials?.pid).toBe(Number(/MAINPID=(\d+)/.exec(text)![1]))
    })
  }

  it('delivers the state lines', async () => {
    const addr = `@sock-notify-lines-${process.pid}`
    const rx = listenUnixgram('unixgram', addr)
    const buf = Buffer.alloc(256)
    const got = rx.recvMsgAsync(buf)
    await run('sd-notify.mjs', ['READY=1', 'STATUS=up'], { NOTIFY_SOCKET: addr })
    const m = await got
    expect(buf.toString('utf8', 0, m.bytes)).toBe('READY=1\nSTATUS=up')
    rx.close()
  })
})

describe('syslog logger example', () => {
  it('sends one RFC 3164 datagram per message to the log socket', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sock-syslog-'))
    const sockPath = path.join(dir, 'log')
    const rx = listenUnixgram('unixgram', sockPath)
    await run('syslog-logger.mjs', ['first message', 'second'], { SYSLOG_SOCKET: sockPath })
    const buf = Buffer.alloc(512)
    const lines: string[] = []
    rx.setReadDeadline(Date.now() + 2000)
    for (let i = 0; i < 2; i++) lines.push(buf.toString('utf8', 0, rx.read(buf)))
    expect(lines[0]).toMatch(/^<14>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ sock-example\[\d+\]: first message$/)
    expect(lines[1]).toMatch(/: second$/)
    rx.close()
    rmSync(dir, { recursive: true, force: true })
  })
})
