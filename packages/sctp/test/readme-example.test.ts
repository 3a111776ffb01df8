// The README's example runs as written (see examples/test/readme-examples.test.ts; this one needs SCTP).
import { describe, expect, it } from 'vitest'
import path from 'node:path'
import { firstCodeBlock, runExample } from '../../../test-support/readme-example.js'
import { hasSCTP } from './sctp-support.js'

describe.skipIf(!hasSCTP)('the README example — needs a kernel with SCTP', () => {
  it('runs as written and prints what its comment says', () => {
    const pkg = path.join(import.meta.dirname, '..')
    const esbuild = path.join(pkg, '..', '..', 'examples', 'node_modules', '.bin', 'esbuild')
    const r = runExample(firstCodeBlock(path.join(pkg, 'README.md')), pkg, esbuild, 120_000)
    expect(r.stderr).toBe('')
    expect(r.signal).toBeNull()
    expect(r.status).toBe(0)
    expect(r.stdout.trim()).toMatch(/^5 1 46 \d+$/)
  }, 150_000)
})
