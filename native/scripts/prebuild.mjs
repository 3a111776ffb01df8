// Builds the prebuilt binaries shipped in the package, one N-API build per
// platform: prebuilds/linux-x64/sock.node and prebuilds/linux-arm64/sock.node.
// The other architecture is cross-compiled with Debian's g++-<triple> (e.g.
// `apt-get install g++-aarch64-linux-gnu`). The host's architecture is built
// last, so gyp/build is left holding the host's own build. Every binary is
// checked against the glibc/libstdc++ limits of check-symbols.mjs.
//
//   node scripts/prebuild.mjs [x64] [arm64]      (default: both)
import { copyFileSync, mkdirSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { nodeGyp, gypDir } from './node-gyp.mjs'
import { tooNew, LIMITS } from './check-symbols.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const TRIPLES = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' }

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(TRIPLES)
for (const arch of wanted) if (!TRIPLES[arch]) throw new Error(`unknown arch ${arch}: one of ${Object.keys(TRIPLES)}`)
const order = [...wanted.filter((a) => a !== process.arch), ...wanted.filter((a) => a === process.arch)]

for (const arch of order) {
  const env = {}
  if (arch !== process.arch) {
    const triple = TRIPLES[arch]
    const cxx = `${triple}-g++`
    if (spawnSync(cxx, ['--version'], { stdio: 'ignore' }).status !== 0) {
      console.error(`prebuild: ${cxx} not found (Debian: apt-get install g++-${triple})`)
      process.exit(1)
    }
    Object.assign(env, { CC: `${triple}-gcc`, CXX: cxx, LINK: cxx, AR: `${triple}-ar` })
  }
  if (nodeGyp(['rebuild', `--arch=${arch}`], env) !== 0) process.exit(1)
  const dir = path.join(root, 'prebuilds', `linux-${arch}`)
  mkdirSync(dir, { recursive: true })
  const out = path.join(dir, 'sock.node')
  copyFileSync(path.join(gypDir, 'build', 'Release', 'sock.node'), out)
  const over = tooNew(out)
  for (const o of over) console.error(`prebuild: ${out}: ${o.symbol} needs ${o.family}_${o.version} (limit ${LIMITS[o.family]})`)
  if (over.length) process.exit(1)
  console.log(`prebuild: ${path.relative(root, out)}`)
}
