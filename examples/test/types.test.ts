import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

/** tsc -p `project` reports nothing and succeeds. */
function typeChecks(project: string): void {
  const tsc = join(import.meta.dirname, '../../node_modules/.bin/tsc')
  const r = spawnSync(tsc, ['-p', join(import.meta.dirname, project)], { encoding: 'utf8', timeout: 120_000 })
  expect(r.stdout + r.stderr).toBe('')
  expect(r.status).toBe(0)
}

describe('the published types', () => {
  // examples/typed/*.ts use the API as the READMEs show it, against the packages'
  // published .d.ts files (skipLibCheck off), and mark misuse with @ts-expect-error.
  it('accept the README examples and reject misuse', () => typeChecks('../typed/tsconfig.json'), 130_000)
})
