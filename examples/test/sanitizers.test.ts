// The native fuzz (fixtures/fuzz-args.mjs) and the public-API fuzz
// (examples/test/fixtures/api-fuzz.mjs), hostile values included, and io_uring
// traffic with workers exiting, sends aborted at every stage and many socket lifetimes
// (packages/uring/test/fixtures/), against a
// build of the addon with AddressSanitizer and UndefinedBehaviorSanitizer: any
// use after free, overflow or undefined behaviour aborts the run with a report.
// Node itself is not instrumented, so ASan's runtime is preloaded; its leak
// check is off (V8 keeps memory until exit by design).
import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
// @ts-expect-error: a plain .mjs tool without types
import { nodeGyp } from '../../native/scripts/node-gyp.mjs'
import { prerequisite } from '../../test-support/prerequisites.js'

// here in the examples suite, which turbo runs after every package is built (the API fuzz imports them all)
const root = fileURLToPath(new URL('../../native/', import.meta.url))
const libasan = spawnSync('gcc', ['-print-file-name=libasan.so'], { encoding: 'utf8' }).stdout?.trim() ?? ''
const hasAsan = prerequisite('gcc with libasan (ASan runtime)', libasan.startsWith('/') && existsSync(libasan))

describe.runIf(hasAsan)('under ASan and UBSan', () => {
  it('the native and public-API fuzz find no memory error and no undefined behaviour', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sock-asan-'))
    try {
      cpSync(path.join(root, 'src'), path.join(dir, 'src'), { recursive: true })
      cpSync(path.join(root, 'gyp', 'binding.gyp'), path.join(dir, 'gyp', 'binding.gyp'))
      const flags = '-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer'
      const env = { CXXFLAGS: flags, LDFLAGS: '-fsanitize=address,undefined', NODE_PATH: path.join(root, 'node_modules') }
      expect(nodeGyp(['rebuild'], env, path.join(dir, 'gyp'), 'ignore')).toBe(0)
      const addon = path.join(dir, 'gyp', 'build', 'Release', 'sock.node')
      // runs a fuzz fixture with the sanitized addon (SOCK_NATIVE_ADDON) and ASan's runtime preloaded: its JSON result
      const run = (script: string, args: string[], cwd: string) => {
        const r = spawnSync(process.execPath, ['--expose-gc', script, ...args], {
          cwd,
          encoding: 'utf8',
          timeout: 240_000,
          env: {
            ...process.env,
            SOCK_NATIVE_ADDON: addon,
            LD_PRELOAD: libasan,
            ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=1',
            UBSAN_OPTIONS: 'print_stacktrace=1',
          },
        })
        expect(r.stderr).not.toMatch(/AddressSanitizer|runtime error/)
        expect(r.signal).toBeNull()
        expect(r.status).toBe(0)
        return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { calls: number; problems: string[] }
      }
      const native = run('test/fixtures/fuzz-args.mjs', ['3000'], root)
      expect(native.problems).toEqual([])
      expect(native.calls).toBeGreaterThan(140_000)
      // and the public-API fuzz (every package's entries, hostile values included) over the same build
      const examples = path.join(root, '..', 'examples')
      const api = run(path.join(examples, 'test', 'fixtures', 'api-fuzz.mjs'), ['20', '6'], examples)
      expect(api.problems).toEqual([])
      expect(api.calls).toBeGreaterThan(50_000)
      // io_uring traffic and teardown: workers exiting with multishot requests armed and sends queued
      const uring = path.join(root, '..', 'packages', 'uring')
      const w = spawnSync(process.execPath, [path.join(uring, 'test', 'fixtures', 'worker-exit.mjs'), '4'], {
        cwd: uring,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, SOCK_NATIVE_ADDON: addon, LD_PRELOAD: libasan, ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=1' },
      })
      expect(w.stderr).not.toMatch(/AddressSanitizer|runtime error/)
      expect(w.stdout.trim()).toBe('ok 4')
      // sends aborted at every stage, zero-copy and plain, and socket lifetimes with receives armed
      for (const [script, arg] of [
        ['send-abort.mjs', '30'],
        ['cycles.mjs', '3000'],
      ]) {
        const f = spawnSync(process.execPath, ['--expose-gc', path.join(uring, 'test', 'fixtures', script), arg], {
          cwd: uring,
          encoding: 'utf8',
          timeout: 120_000,
          env: { ...process.env, SOCK_NATIVE_ADDON: addon, LD_PRELOAD: libasan, ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=1' },
        })
        expect(f.stderr).not.toMatch(/AddressSanitizer|runtime error/)
        expect(f.status, script).toBe(0)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 300_000)
})
