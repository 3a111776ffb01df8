import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

// examples/typed/*.ts use the API as the READMEs show it, against the packages'
// published .d.ts files (skipLibCheck off), and mark misuse with @ts-expect-error.
describe('the published types', () => {
  it('accept the README examples and reject misuse', () => {
    const tsc = join(import.meta.dirname, '../../node_modules/.bin/tsc')
    const r = spawnSync(tsc, ['-p', join(import.meta.dirname, '../typed/tsconfig.json')], { encoding: 'utf8', timeout: 120_000 })
    expect(r.stdout + r.stderr).toBe('')
    expect(r.status).toBe(0)
  }, 130_000)

  it('type-check every test file (vitest itself strips types unchecked)', () => {
    const tsc = join(import.meta.dirname, '../../node_modules/.bin/tsc')
    const r = spawnSync(tsc, ['-p', join(import.meta.dirname, '../../tsconfig.tests.json')], { encoding: 'utf8', timeout: 120_000 })
    expect(r.stdout + r.stderr).toBe('')
    expect(r.status).toBe(0)
  }, 130_000)
})
