// Bundling an app that uses sock: everything bundles but @sock/native, which stays
// external (it loads a .node file by path) and is installed beside the bundle.
import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

// the release's TCP round trip (release/apps/tcp.cjs), with `require()` and with `import()`
const app = join(import.meta.dirname, '..', '..', 'release', 'apps', 'tcp.cjs')

describe('bundling with esbuild', () => {
  it('bundles @sock/tcp with @sock/native external, and the bundle runs', () => {
    // inside examples/, so that the external @sock/native resolves from its node_modules
    const dir = mkdtempSync(join(import.meta.dirname, '..', '.bundle-'))
    try {
      const outfile = join(dir, 'out.mjs')
      // the CLI, as a user runs it (the JS API keeps a service process and its pipes open)
      const esbuild = join(import.meta.dirname, '..', 'node_modules', '.bin', 'esbuild')
      const b = spawnSync(
        esbuild,
        [app, '--bundle', '--platform=node', '--format=esm', `--outfile=${outfile}`, '--external:@sock/native', '--log-level=error'],
        { encoding: 'utf8' },
      )
      expect(b.stderr).toBe('')
      expect(b.status).toBe(0)
      const out = readFileSync(outfile, 'utf8')
      expect(out).toMatch(/from "@sock\/native"/)
      expect(out).not.toMatch(/from "@sock\/(tcp|core|addr)"|require\("@sock\/(tcp|core|addr)"\)/)
      for (const how of ['import', 'require']) {
        const r = spawnSync(process.execPath, [outfile, how], { encoding: 'utf8', timeout: 30_000 })
        expect(r.stderr).toBe('')
        expect(r.stdout).toContain(`tcp round trip ok (${how}`)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
