// Runs the code block of a README as a user would: the block is transpiled
// from TypeScript (esbuild, types stripped) and run with node in a directory
// where the @sock packages resolve. It must exit 0, print nothing to stderr,
// and finish by itself (a bounded time: examples must not wait for ever).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** The first ```ts / ```js block of a markdown file. */
export function firstCodeBlock(markdownPath: string): string {
  const m = /^```(?:ts|js|typescript|javascript)\n([\s\S]*?)^```/m.exec(readFileSync(markdownPath, 'utf8'))
  if (!m) throw new Error(`${markdownPath} has no code block`)
  return m[1]
}

/** Transpiles and runs `code` from a fresh directory inside `cwd` (its node_modules resolve). */
export function runExample(code: string, cwd: string, esbuild: string, timeout = 30_000) {
  const dir = mkdtempSync(path.join(cwd, '.readme-'))
  try {
    writeFileSync(path.join(dir, 'example.ts'), code)
    const out = path.join(dir, 'example.mjs')
    const b = spawnSync(esbuild, [path.join(dir, 'example.ts'), '--format=esm', '--platform=node', '--log-level=error', `--outfile=${out}`], {
      encoding: 'utf8',
      timeout,
    })
    if (b.status !== 0) return { status: b.status, stderr: `esbuild: ${b.stderr}`, stdout: '', signal: b.signal }
    const r = spawnSync(process.execPath, [out], { cwd: dir, encoding: 'utf8', timeout })
    return { status: r.status, stderr: r.stderr, stdout: r.stdout, signal: r.signal }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
