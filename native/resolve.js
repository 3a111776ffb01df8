// Which sock.node to load (see index.js for the order). Kept apart from the
// loader so that a test can ask it about platforms this machine is not.
import path from 'node:path'

/** The platforms with a prebuilt binary in prebuilds/ (glibc 2.28+, N-API 8). */
export const PREBUILT = ['linux-x64', 'linux-arm64']

/** The command that builds the addon from source inside an installed package. */
export const BUILD_COMMAND = 'node node_modules/@sock/native/scripts/build-from-source.mjs'

/**
 * The path of the addon to load for `proc` (`platform`, `arch`, `report` for
 * the C library, `env` for SOCK_NATIVE_ADDON, a .node file that overrides the
 * choice), or an Error naming the build command when there is none.
 */
export function resolveAddon(root, proc, exists) {
  // a build of one's own to test or debug with (a sanitizer build: examples/test/sanitizers.test.ts)
  const chosen = proc.env?.SOCK_NATIVE_ADDON
  if (chosen) return path.resolve(chosen)
  const source = path.join(root, 'gyp', 'build', 'Release', 'sock.node')
  if (exists(source)) return source
  const target = `${proc.platform}-${proc.arch}`
  const prebuilt = path.join(root, 'prebuilds', target, 'sock.node')
  if (PREBUILT.includes(target) && isGlibc(proc) && exists(prebuilt)) return prebuilt
  const what = proc.platform === 'linux' && !isGlibc(proc) ? `${target} with musl` : target
  throw new Error(
    `@sock/native: no prebuilt binary for ${what} (prebuilt: ${PREBUILT.join(', ')}, glibc). ` +
      `Build it from source (python3, make and a C++17 compiler; node-addon-api and node-gyp from npm): ` +
      `npm i -D node-addon-api@8 node-gyp@12 && ${BUILD_COMMAND}`,
  )
}

// glibc reports its version in the process report header; musl does not.
function isGlibc(proc) {
  if (proc.platform !== 'linux') return false
  const header = proc.report?.getReport?.().header
  return typeof header?.glibcVersionRuntime === 'string'
}
