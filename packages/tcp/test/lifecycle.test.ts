import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'

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

  it('a worker thread exiting with armed poll handles does not abort the process and closes its fds', () => {
    const r = run(['test/fixtures/worker-exit.mjs'])
    expect(r.signal).toBeNull()
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.fds).toHaveLength(3)
    expect(out.open).toEqual([false, false, false])
  })
})
