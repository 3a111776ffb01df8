import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// This workspace depends on every package, so the cross-package API fuzz lives
// here: test/fixtures/api-fuzz.mjs calls every public method and function with
// random arguments from a fixed seed (see its header for what it leaves out).
describe('the public API with bad arguments', () => {
  it('every call returns or fails with a coded error, and every promise settles once the socket closes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sock-api-fuzz-'))
    try {
      const r = spawnSync(process.execPath, [join(import.meta.dirname, 'fixtures/api-fuzz.mjs'), '20', '6'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 120_000,
      })
      expect(r.signal).toBeNull()
      expect(r.stderr).toBe('') // no warnings either (a deadline past 2^31-1 ms once made Node's timers warn)
      expect(r.status).toBe(0)
      const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { calls: number; functions: number; problems: string[] }
      expect(result.problems).toEqual([])
      expect(result.functions).toBeGreaterThan(100)
      expect(result.calls).toBeGreaterThan(50_000)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 130_000)
})
