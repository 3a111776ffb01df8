// Install step: use a prebuild or an existing build if one loads, otherwise
// compile from source with the local node's headers (see node-gyp.mjs).
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const require = createRequire(import.meta.url)
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
try {
  require('node-gyp-build')(root)
} catch {
  const gyp = path.join(root, 'scripts', 'node-gyp.mjs')
  const r = spawnSync(process.execPath, [gyp, 'rebuild'], { cwd: root, stdio: 'inherit' })
  process.exit(r.status ?? 1)
}
