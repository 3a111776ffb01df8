import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'

/** A fresh directory for socket files, removed after the test file. */
export function tmpDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sock-unix-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}
