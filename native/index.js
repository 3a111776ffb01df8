// The only loader of the addon. It loads, in order:
//   1. gyp/build/Release/sock.node — a build from source (the workspace's own,
//      or one a user made with `node scripts/build-from-source.mjs`);
//   2. prebuilds/linux-<arch>/sock.node — the binary shipped in this package.
// Nothing runs at install time; a platform without either gets one error that
// names the command which builds the addon from source. SOCK_NATIVE_ADDON, a
// path to a .node file, overrides both (a debug or sanitizer build).
import { createRequire } from 'node:module'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { resolveAddon } from './resolve.js'

const requireAddon = createRequire(import.meta.url)
const root = fileURLToPath(new URL('.', import.meta.url))
const binding = requireAddon(resolveAddon(root, process, existsSync))

export default binding
export const constants = binding.constants
export const layout = binding.layout
export const scratch = binding.scratch
export const Handle = binding.Handle
