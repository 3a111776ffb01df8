// Builds the addon from source inside an installed @sock/native, for a
// platform without a prebuilt binary (musl, other architectures):
//
//   npm i -D node-addon-api@8 node-gyp@12
//   node node_modules/@sock/native/scripts/build-from-source.mjs
//
// Needs python3, make and a C++17 compiler. The result lands in
// gyp/build/Release/sock.node, which the loader prefers to any prebuilt binary.
import { createRequire } from 'node:module'
import { nodeGyp } from './node-gyp.mjs'

const require = createRequire(import.meta.url)
try {
  require.resolve('node-addon-api', { paths: [process.cwd(), import.meta.dirname] })
} catch {
  console.error('@sock/native: node-addon-api is needed to build from source: npm i -D node-addon-api@8')
  process.exit(1)
}
process.exit(nodeGyp(['rebuild']))
