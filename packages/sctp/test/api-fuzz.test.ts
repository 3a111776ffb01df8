import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hasSCTP } from './sctp-support.js'

// The public-API fuzz of examples/test/fixtures/api-fuzz.mjs, run where the
// kernel has SCTP so that SCTP sockets of every kind are among its targets.
const fixture = join(import.meta.dirname, '../../../examples/test/fixtures/api-fuzz.mjs')

describe.skipIf(!hasSCTP)('SCTP sockets with bad arguments — needs a kernel with SCTP', () => {
  it('every call returns or fails with a coded error, and every promise settles once the socket closes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sock-sctp-fuzz-'))
    try {
      const r = spawnSync(process.execPath, [fixture, '8', '6'], { cwd: dir, encoding: 'utf8', timeout: 120_000 })
      expect(r.signal).toBeNull()
      expect(r.stderr).toBe('')
      expect(r.status).toBe(0)
      const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { kinds: string[]; problems: string[] }
      expect(result.kinds).toEqual(expect.arrayContaining(['SCTPListener', 'SCTPConn', 'SCTPMultiConn']))
      expect(result.problems).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 130_000)
})
