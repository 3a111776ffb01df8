import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { hasCommand } from '../../test-support/prerequisites.js'

const hasValgrind = hasCommand('valgrind', '--version')

// test/fixtures/fuzz-args.mjs calls every native function (and the Handle and
// MmsgTable classes) with random and mutated argument lists from a fixed seed,
// hostile ones included (detached and collected buffers, shrinking resizable
// buffers, getters that detach, valueOf tricks).
function fuzz(prefix: string[], callsPerFunction: number) {
  const r = spawnSync(prefix[0], [...prefix.slice(1), 'test/fixtures/fuzz-args.mjs', String(callsPerFunction)], {
    cwd: `${import.meta.dirname}/..`,
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { ...r, result: r.status === 0 ? (JSON.parse(r.stdout) as { calls: number; functions: number; problems: string[] }) : null }
}

describe('bad arguments never crash the addon', () => {
  it('every call returns or throws a TypeError/RangeError with a code (150k calls)', () => {
    const r = fuzz([process.execPath, '--expose-gc'], 3000)
    expect(r.signal).toBeNull() // no abort, no segfault
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.result!.problems).toEqual([])
    expect(r.result!.functions).toBe(31)
    expect(r.result!.calls).toBeGreaterThan(140_000)
  })

  it.skipIf(!hasValgrind)(
    'and touch no invalid memory doing so (valgrind; install valgrind to run this)',
    () => {
      // V8's conservative stack scan reads uninitialised stack words by design: those checks are off.
      const r = fuzz(['valgrind', '--undef-value-errors=no', '--error-exitcode=99', process.execPath, '--expose-gc'], 300)
      expect(r.stderr).toMatch(/ERROR SUMMARY: 0 errors/)
      expect(r.status).toBe(0)
      expect(r.result!.problems).toEqual([])
    },
    120_000,
  )
})
