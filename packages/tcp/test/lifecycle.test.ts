import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { hasCommand, prerequisite } from '../../../test-support/prerequisites.js'

const cwd = `${import.meta.dirname}/..`
function run(args: string[]) {
  return spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 60_000 })
}

describe('lifetimes', () => {
  it('a socket dropped without close() is closed by its finalizer', () => {
    const r = run(['--expose-gc', 'test/fixtures/finalizer.mjs'])
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual({ before: [true, true, true], after: [false, false, false] })
  })

  it('a socket left armed after reads, with nobody waiting, keeps neither the process alive nor itself from collection', () => {
    const r = run(['--expose-gc', 'test/fixtures/armed-idle.mjs'])
    expect(r.error).toBeUndefined() // exited by itself, well before the timeout
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ before: [true, true, true, true], after: [false, false, false, false] })
  })

  it('steady-state async I/O makes no epoll_ctl and no failed recv per message (strace -c)', () => {
    if (!prerequisite('strace', hasCommand('strace', '-V'))) return
    const counts = (rounds: number) => {
      const out = `${tmpdir()}/sock-strace-${process.pid}-${rounds}.txt`
      try {
        const r = spawnSync(
          'strace',
          ['-f', '-c', '-o', out, '-e', 'trace=epoll_ctl,recvfrom,sendto', process.execPath, 'test/fixtures/pingpong-syscalls.mjs', String(rounds)],
          { cwd, encoding: 'utf8', timeout: 120_000 },
        )
        expect(r.status).toBe(0)
        const c: Record<string, { calls: number; errors: number }> = {}
        for (const line of readFileSync(out, 'utf8').split('\n')) {
          const f = line.trim().split(/\s+/)
          if (f.length >= 5 && /^\d+$/.test(f[3])) c[f.at(-1)!] = { calls: Number(f[3]), errors: f.length >= 6 ? Number(f[4]) : 0 }
        }
        return c
      } finally {
        rmSync(out, { force: true })
      }
    }
    // the difference between two run lengths is the steady state (setup and teardown cancel out)
    const small = counts(500)
    const large = counts(2500)
    const per = (name: string, k: 'calls' | 'errors') => ((large[name]?.[k] ?? 0) - (small[name]?.[k] ?? 0)) / 2000
    // (a margin of 1% for a rare spurious wakeup on a loaded machine; before #14 it was 3 epoll_ctl
    // and 1 failed recv per message)
    expect(per('sendto', 'calls')).toBeCloseTo(2, 1) // one send per message each way
    expect(per('recvfrom', 'calls')).toBeLessThan(2.02) // one recv per message each way...
    expect(per('recvfrom', 'errors')).toBeLessThan(0.01) // ...that almost never finds nothing
    expect(per('epoll_ctl', 'calls')).toBeLessThan(0.01)
  })

  it('a worker thread exiting with armed poll handles does not abort the process and closes its fds', () => {
    const r = run(['test/fixtures/worker-exit.mjs'])
    expect(r.signal).toBeNull()
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.fds).toHaveLength(3)
    expect(out.open).toEqual([false, false, false])
  })
})
