// The shipped binaries: which one the loader picks, the error on a platform
// without one, and the symbol versions each .node needs (RHEL 8's glibc 2.28
// and GCC 8's libstdc++ at the most).
import { describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { resolveAddon, BUILD_COMMAND } from '../resolve.js'
// @ts-expect-error: a plain .mjs tool without types
import { tooNew, neededVersions, parseObjdump } from '../scripts/check-symbols.mjs'
import { hasCommand } from '../../test-support/prerequisites.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const source = path.join(root, 'gyp', 'build', 'Release', 'sock.node')
const glibc = { getReport: () => ({ header: { glibcVersionRuntime: '2.28' } }) }
const musl = { getReport: () => ({ header: {} }) }

describe('the loader', () => {
  it('prefers a build from source, then the prebuilt binary for the platform', () => {
    const all = () => true
    expect(resolveAddon('/p', { platform: 'linux', arch: 'x64', report: glibc }, all)).toBe('/p/gyp/build/Release/sock.node')
    const onlyPrebuilt = (p: string) => p.includes('prebuilds')
    expect(resolveAddon('/p', { platform: 'linux', arch: 'x64', report: glibc }, onlyPrebuilt)).toBe('/p/prebuilds/linux-x64/sock.node')
    expect(resolveAddon('/p', { platform: 'linux', arch: 'arm64', report: glibc }, onlyPrebuilt)).toBe('/p/prebuilds/linux-arm64/sock.node')
  })

  it('names the build command on a platform without a binary', () => {
    const onlyPrebuilt = (p: string) => p.includes('prebuilds')
    const cases = [
      [{ platform: 'linux', arch: 'riscv64', report: glibc }, 'linux-riscv64'],
      [{ platform: 'linux', arch: 'x64', report: musl }, 'linux-x64 with musl'],
      [{ platform: 'darwin', arch: 'arm64' }, 'darwin-arm64'],
    ] as const
    for (const [proc, what] of cases) {
      expect(() => resolveAddon('/p', proc, onlyPrebuilt)).toThrow(`no prebuilt binary for ${what} `)
      expect(() => resolveAddon('/p', proc, onlyPrebuilt)).toThrow(BUILD_COMMAND)
    }
    // a package whose prebuilt binary is missing says the same
    expect(() => resolveAddon('/p', { platform: 'linux', arch: 'x64', report: glibc }, () => false)).toThrow(BUILD_COMMAND)
  })

  it('SOCK_NATIVE_ADDON overrides the choice (a debug or sanitizer build)', () => {
    expect(resolveAddon('/p', { platform: 'linux', arch: 'riscv64', env: { SOCK_NATIVE_ADDON: '/x/sock.node' } }, () => false)).toBe('/x/sock.node')
  })

  it('reads the C library of this process', () => {
    expect(resolveAddon(root, process, existsSync)).toBe(source)
  })
})

describe.runIf(hasCommand('objdump', '--version'))('symbol versions (objdump -T)', () => {
  const binaries = [source, ...['x64', 'arm64'].map((a) => path.join(root, 'prebuilds', `linux-${a}`, 'sock.node'))].filter((f) => existsSync(f))

  it.each(binaries)('%s needs at most glibc 2.28, GLIBCXX 3.4.25, CXXABI 1.3.11', (file) => {
    expect(neededVersions(file).length).toBeGreaterThan(10) // objdump read the dynamic symbols
    expect(tooNew(file)).toEqual([])
  })

  it('reports a symbol that is too new', () => {
    const out = [
      '0000000000000000      DF *UND*\t0000000000000000 (GLIBCXX_3.4.29) _ZSt28__throw_bad_array_new_lengthv',
      '0000000000000000      DF *UND*\t0000000000000000 (GLIBC_2.34) __libc_start_main',
      '0000000000000000      DF *UND*\t0000000000000000 (GLIBC_2.28) fcntl64',
      '0000000000000000      DF *UND*\t0000000000000000 (CXXABI_1.3.9) _ZdlPvm',
      '0000000000001234 g    DF .text\t0000000000000010 (GLIBCXX_3.4.30) defined_here_not_needed',
    ].join('\n')
    expect(tooNew(parseObjdump(out)).map((n: { symbol: string }) => n.symbol)).toEqual(['_ZSt28__throw_bad_array_new_lengthv', '__libc_start_main'])
  })
})
