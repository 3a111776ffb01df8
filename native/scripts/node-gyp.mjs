// Runs node-gyp against the headers of the node that runs this script.
// pnpm does not pass npm's `nodedir` to node-gyp, which then tries to download
// headers; a machine with node installed has them under its prefix already.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const prefix = path.resolve(path.dirname(process.execPath), '..')
const args = process.argv.slice(2)
if (!args.some((a) => a.startsWith('--nodedir')) && existsSync(path.join(prefix, 'include', 'node', 'node.h'))) {
  args.push(`--nodedir=${process.env.npm_config_nodedir || prefix}`)
}
const gyp = require.resolve('node-gyp/bin/node-gyp.js')
const result = spawnSync(process.execPath, [gyp, ...args, '-j', 'max'], { stdio: 'inherit' })
process.exit(result.status ?? 1)
