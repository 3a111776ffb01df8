// Runs node-gyp on gyp/binding.gyp against the headers of the node that runs
// this script: `node scripts/node-gyp.mjs rebuild [--arch=arm64]`.
// pnpm does not pass npm's `nodedir` to node-gyp, which would then download
// headers; a machine with node installed has them under its prefix already.
// node-gyp is the workspace's dev dependency, or the copy bundled with npm.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const prefix = path.resolve(path.dirname(process.execPath), '..')
export const gypDir = fileURLToPath(new URL('../gyp/', import.meta.url))

function findNodeGyp() {
  try {
    return require.resolve('node-gyp/bin/node-gyp.js')
  } catch {}
  const candidates = [process.env.npm_config_node_gyp, path.join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')]
  const found = candidates.find((p) => p && existsSync(p))
  if (!found) throw new Error('node-gyp not found: npm i -D node-gyp@12 (or use an npm that bundles it)')
  return found
}

/** Runs node-gyp with `args` in `cwd` (gyp/); `env` adds to the environment. Returns the exit status. */
export function nodeGyp(args, env = {}, cwd = gypDir, stdio = 'inherit') {
  args = [...args]
  if (!args.some((a) => a.startsWith('--nodedir')) && existsSync(path.join(prefix, 'include', 'node', 'node.h'))) {
    args.push(`--nodedir=${process.env.npm_config_nodedir || prefix}`)
  }
  const r = spawnSync(process.execPath, [findNodeGyp(), ...args, '-j', 'max'], {
    cwd,
    stdio,
    env: { ...process.env, ...env },
  })
  return r.status ?? 1
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(nodeGyp(process.argv.slice(2)))
