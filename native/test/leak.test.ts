import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { hasCommand } from '../../test-support/prerequisites.js'

const hasValgrind = hasCommand('valgrind', '--version')

describe.skipIf(!hasValgrind)('valgrind (install valgrind to run this)', () => {
  it('the addon leaks nothing and touches no invalid memory across every way a socket ends', () => {
    // V8's conservative stack scan reads uninitialised stack words by design: those checks are off.
    const r = spawnSync(
      'valgrind',
      [
        '--undef-value-errors=no',
        '--leak-check=full',
        '--show-leak-kinds=definite',
        '--errors-for-leak-kinds=definite',
        '--error-exitcode=99',
        process.execPath,
        '--expose-gc',
        'test/fixtures/leak-workload.mjs',
      ],
      { cwd: `${import.meta.dirname}/..`, encoding: 'utf8', timeout: 300_000 },
    )
    expect(r.stderr).toMatch(/definitely lost: 0 bytes in 0 blocks|no leaks are possible/)
    expect(r.stderr).toMatch(/ERROR SUMMARY: 0 errors/)
    expect(r.status).toBe(0)
  }, 300_000)
})
