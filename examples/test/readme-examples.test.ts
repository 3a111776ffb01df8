// Every README's example runs as written: transpiled (types stripped) and run
// with node, it must finish by itself, exit 0 and print nothing to stderr.
// The SCTP one runs in packages/sctp/test (it needs a kernel with SCTP).
import { describe, expect, it } from 'vitest'
import path from 'node:path'
import { firstCodeBlock, runExample } from '../../test-support/readme-example.js'

const root = path.join(import.meta.dirname, '..', '..')
const esbuild = path.join(import.meta.dirname, '..', 'node_modules', '.bin', 'esbuild')
const readmes = [
  'README.md',
  'native/README.md',
  ...['addr', 'core', 'tcp', 'udp', 'unix', 'opts', 'raw', 'net-compat', 'uring'].map((p) => `packages/${p}/README.md`),
]

// what the examples that print something must print
const prints: Record<string, RegExp> = {
  'packages/core/README.md': /^5 bytes from 127\.0\.0\.1:\d+$/,
  'packages/udp/README.md': /^datagram 0 from 127\.0\.0\.1:\d+\ndatagram 1 from .+\ndatagram 2 from .+$/,
  'packages/raw/README.md': /^reply from 127\.0\.0\.1: seq=1 ttl=\d+$/,
  'packages/opts/README.md': /^1 \d+ \d+$/, // TCP_ESTABLISHED, rtt, cwnd
  'packages/net-compat/README.md': /^hi$/,
  'packages/uring/README.md': /^hello$/,
}

describe('README examples', () => {
  it.each(readmes)('%s runs as written', (readme) => {
    const r = runExample(firstCodeBlock(path.join(root, readme)), path.join(import.meta.dirname, '..'), esbuild)
    expect(r.stderr).toBe('')
    expect(r.signal).toBeNull() // finished by itself (a timeout kills it)
    expect(r.status).toBe(0)
    if (prints[readme]) expect(r.stdout.trim()).toMatch(prints[readme])
  })
})
