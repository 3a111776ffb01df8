// Runs a measuring fixture (an allocation or retention probe) in a node of its
// own, with the V8 flags it needs, and returns the JSON line it printed. The
// fixture must exit cleanly with nothing on stderr (no warning either).
import { expect } from 'vitest'
import { spawnSync } from 'node:child_process'

/** A young generation no window fills, and a gc() to start windows from. */
export const ALLOC_FLAGS = ['--max-semi-space-size=128', '--expose-gc']

export function runFixture<T>(packageDir: string, fixture: string, flags: readonly string[] = ALLOC_FLAGS): T {
  const r = spawnSync(process.execPath, [...flags, fixture], { cwd: packageDir, encoding: 'utf8', timeout: 120_000 })
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  return JSON.parse(r.stdout) as T
}
