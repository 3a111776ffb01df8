import { expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'

it('the tour runs end to end', () => {
  const r = spawnSync(process.execPath, ['tour.mjs'], { cwd: `${import.meta.dirname}/..`, encoding: 'utf8', timeout: 30_000 })
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  expect(r.stdout).toContain('server read 4 bytes: ping')
  expect(r.stdout).toContain('next read is WOULD_BLOCK: true')
  // no timing assertion: Date.now() has whole-millisecond steps, and a busy machine only makes it later
  expect(r.stdout).toMatch(/deadline: ETIMEDOUT after (\d+) ms/)
  expect(r.stdout).toContain('done (1 accepted by the iterator)')
})
