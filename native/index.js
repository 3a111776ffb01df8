// The only loader of the addon: prebuilds/<platform>-<arch>/ first, then build/Release.
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const require = createRequire(import.meta.url)
const load = require('node-gyp-build')
const binding = load(path.dirname(fileURLToPath(import.meta.url)))

export default binding
export const constants = binding.constants
export const layout = binding.layout
export const scratch = binding.scratch
export const Handle = binding.Handle
