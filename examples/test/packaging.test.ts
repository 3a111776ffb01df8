import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const packages = [
  '@sock/native',
  '@sock/addr',
  '@sock/core',
  '@sock/tcp',
  '@sock/udp',
  '@sock/unix',
  '@sock/opts',
  '@sock/raw',
  '@sock/sctp',
  '@sock/net-compat',
  '@sock/uring',
]

describe('packaging', () => {
  it.each(packages)('%s loads with import and with require()', (name) => {
    const esm = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import('${name}'); console.log(Object.keys(m).length)`], {
      cwd: import.meta.dirname,
      encoding: 'utf8',
    })
    expect(esm.stderr).toBe('')
    expect(Number(esm.stdout)).toBeGreaterThan(0)
    const cjs = spawnSync(process.execPath, ['--no-warnings', '-e', `const m = require('${name}'); console.log(Object.keys(m).length)`], {
      cwd: import.meta.dirname,
      encoding: 'utf8',
    })
    expect(cjs.stderr).toBe('')
    expect(Number(cjs.stdout)).toBeGreaterThan(0)
  })

  it('one copy of each class whichever way it is loaded', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--no-warnings',
        '--input-type=module',
        '-e',
        `
        import { createRequire } from 'node:module'
        import * as esm from '@sock/core'
        const cjs = createRequire(import.meta.url)('@sock/core')
        console.log(esm.NetSocket === cjs.NetSocket)`,
      ],
      { cwd: import.meta.dirname, encoding: 'utf8' },
    )
    expect(r.stdout.trim()).toBe('true')
  })
})

// What a registry page and a tarball show: metadata, LICENSE, README links that work outside the repo.
describe('package hygiene', () => {
  const repoRoot = join(import.meta.dirname, '../..')
  const dirs = ['native', ...readdirSync(join(repoRoot, 'packages')).map((d) => `packages/${d}`)]
  const license = readFileSync(join(repoRoot, 'LICENSE'), 'utf8')

  it('covers every package', () => expect(dirs.length).toBe(packages.length))

  it.each(dirs)('%s: metadata, LICENSE, engines, no install script', (dir) => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8'))
    expect(pkg.license).toBe('MIT')
    expect(readFileSync(join(repoRoot, dir, 'LICENSE'), 'utf8')).toBe(license)
    expect(pkg.repository).toEqual({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/.+\.git$/), directory: dir })
    expect(pkg.homepage).toMatch(new RegExp(`^https://.+/${dir}#readme$`))
    expect(pkg.bugs.url).toMatch(/^https:\/\//)
    expect(pkg.keywords.length).toBeGreaterThan(3)
    expect(pkg.engines.node).toBe('^20.19.0 || >=22.12.0')
    for (const s of ['preinstall', 'install', 'postinstall']) expect(pkg.scripts[s]).toBeUndefined()
    expect(pkg.scripts.prepack).toBeDefined()
    // npm turns a root binding.gyp into `node-gyp rebuild` at install time
    expect(existsSync(join(repoRoot, dir, 'binding.gyp'))).toBe(false)
    if (dir !== 'native') expect(pkg.peerDependenciesMeta?.['@types/node']?.optional).toBe(true)
  })

  it.each(dirs)('%s: README links are absolute or anchors (they must work on a registry page)', (dir) => {
    const readme = readFileSync(join(repoRoot, dir, 'README.md'), 'utf8')
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1])
    expect(links.filter((l) => !/^(https:\/\/|#)/.test(l))).toEqual([])
    // and one of them is the package's page of the API reference (pnpm docs)
    const page = `modules/_sock_${dir.split('/').pop()}.html`
    expect(links).toContain(`https://sock-js.github.io/sock/${page}`)
    if (existsSync(join(repoRoot, 'docs/api'))) expect(existsSync(join(repoRoot, 'docs/api', page))).toBe(true)
  })
})
