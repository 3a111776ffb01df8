// Socket files: every socket that binds a path removes its file (on close, or
// when collected unclosed), a stale file is replaced only when asked and only
// if it is a dead socket (race-safe against a flipped directory symlink), and
// the file's mode is set before anyone can connect.
import { describe, expect, it } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { listenUnix, listenUnixgram, dialUnix } from '@sock/unix'
import { tmpDir } from './tmp.js'

const dir = tmpDir()
let n = 0
const fresh = () => path.join(dir, `s${n++}.sock`)

describe('socket files', () => {
  it('listenUnixgram and dialUnix with a local path remove their files on close; restarting works', () => {
    const p = fresh()
    for (let i = 0; i < 2; i++) {
      const g = listenUnixgram('unixgram', p) // the second time would be EADDRINUSE if the first left its file
      expect(lstatSync(p).isSocket()).toBe(true)
      const local = fresh()
      const c = dialUnix('unixgram', local, p)
      expect(existsSync(local)).toBe(true)
      c.close()
      g.close()
      expect(existsSync(local)).toBe(false)
      expect(existsSync(p)).toBe(false)
    }
  })

  it('unlinkStale works for unixgram too, and keeps a live socket', () => {
    const p = fresh()
    const live = listenUnixgram('unixgram', p)
    expect(() => listenUnixgram('unixgram', p, { unlinkStale: true })).toThrow(expect.objectContaining({ code: 'EADDRINUSE' }))
    const fd = live.detach() // the file stays (detach hands it over), the socket closes: a stale file
    closeSync(fd)
    expect(() => listenUnixgram('unixgram', p)).toThrow(expect.objectContaining({ code: 'EADDRINUSE' }))
    const again = listenUnixgram('unixgram', p, { unlinkStale: true })
    again.close()
  })

  it('a listener or unixgram socket dropped without close() removes its file once collected', () => {
    const stream = fresh()
    const gram = fresh()
    const r = spawnSync(process.execPath, ['--expose-gc', path.join(import.meta.dirname, 'fixtures/dropped-listener.mjs'), stream, gram], {
      cwd: import.meta.dirname,
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual({ stream: false, gram: false })
  })

  it('mode sets the permission bits before listen; unknown options and bad modes are refused', () => {
    const p = fresh()
    const ln = listenUnix('unix', p, { mode: 0o600 })
    expect(lstatSync(p).mode & 0o777).toBe(0o600)
    ln.close()
    const g = listenUnixgram('unixgram', p, { mode: 0o660 })
    expect(lstatSync(p).mode & 0o777).toBe(0o660)
    g.close()
    expect(() => listenUnix('unix', p, { mod: 0o600 } as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }))
    expect(() => listenUnix('unix', p, { mode: 0o1777 })).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
    expect(() => listenUnix('unix', p, null as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }))
    expect(existsSync(p)).toBe(false) // refused before socket(2) or bind(2)
  })

  it('unlinkStale never removes anything but a dead socket, even while a directory symlink flips', async () => {
    // d -> a (holds a stale socket file s) and d -> b (holds a regular file s), flipped by
    // another process; listen on d/s with unlinkStale many times: b/s must survive every time
    const a = path.join(dir, 'flip-a')
    const b = path.join(dir, 'flip-b')
    mkdirSync(a)
    mkdirSync(b)
    writeFileSync(path.join(b, 's'), 'precious')
    const stale = () => {
      const g = listenUnixgram('unixgram', path.join(a, 's'))
      const fd = g.detach()
      closeSync(fd)
    }
    const link = path.join(dir, 'd')
    symlinkSync(a, link)
    const flipper = spawn(
      process.execPath,
      [
        '-e',
        `
      const fs = require('node:fs')
      const [link, a, b] = process.argv.slice(1)
      const tmp = link + '.tmp'
      for (let i = 0; ; i++) {
        try { fs.unlinkSync(tmp) } catch {}
        fs.symlinkSync(i % 2 ? a : b, tmp)
        fs.renameSync(tmp, link)
      }`,
        link,
        a,
        b,
      ],
      { stdio: 'ignore' },
    )
    let bound = 0
    let refused = 0
    try {
      // until the flips have shown both directories many times (bounded)
      for (let i = 0; i < 20_000 && (bound < 500 || refused < 500); i++) {
        if (!existsSync(path.join(a, 's'))) stale()
        try {
          listenUnixgram('unixgram', path.join(link, 's'), { unlinkStale: true }).close()
          bound++
        } catch (err) {
          expect((err as { code?: string }).code).toBe('EADDRINUSE') // landed in b: its regular file is in the way
          refused++
        }
        expect(readFileSync(path.join(b, 's'), 'utf8')).toBe('precious')
      }
      expect(bound).toBeGreaterThan(0)
      expect(refused).toBeGreaterThan(0)
    } finally {
      flipper.kill()
    }
  }, 120_000)
})
