// Bundling an app that uses sock: everything bundles but @sock/native, which stays
// external (it loads a .node file by path) and is installed beside the bundle.
import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const app = `
import { listenTCP4, dialTCP4 } from '@sock/tcp'
const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
const client = dialTCP4(null, ln.address())
const server = await ln.acceptAsync()
await client.writeAsync(Buffer.from('ping'))
const buf = Buffer.alloc(16)
const n = await server.readAsync(buf)
for (const s of [client, server, ln]) s.close()
console.log(buf.toString('latin1', 0, n))
`

describe('bundling with esbuild', () => {
  it('bundles @sock/tcp with @sock/native external, and the bundle runs', () => {
    // inside examples/, so that the external @sock/native resolves from its node_modules
    const dir = mkdtempSync(join(import.meta.dirname, '..', '.bundle-'))
    try {
      writeFileSync(join(dir, 'app.mjs'), app)
      const outfile = join(dir, 'out.mjs')
      // the CLI, as a user runs it (the JS API keeps a service process and its pipes open)
      const esbuild = join(import.meta.dirname, '..', 'node_modules', '.bin', 'esbuild')
      const b = spawnSync(esbuild, [join(dir, 'app.mjs'), '--bundle', '--platform=node', '--format=esm', `--outfile=${outfile}`, '--external:@sock/native', '--log-level=error'], { encoding: 'utf8' })
      expect(b.stderr).toBe('')
      expect(b.status).toBe(0)
      const out = readFileSync(outfile, 'utf8')
      expect(out).toMatch(/from "@sock\/native"/)
      expect(out).not.toMatch(/from "@sock\/(tcp|core|addr)"/)
      const r = spawnSync(process.execPath, [outfile], { encoding: 'utf8', timeout: 30_000 })
      expect(r.stderr).toBe('')
      expect(r.stdout.trim()).toBe('ping')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
