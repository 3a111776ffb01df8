// Checks that a sock.node loads on every glibc distro Node 20's official
// binaries support: glibc 2.28 and the libstdc++ of GCC 8 (RHEL 8). Reads the
// versioned symbols the file needs (`objdump -T`) and fails on any newer one.
//
//   node scripts/check-symbols.mjs prebuilds/linux-x64/sock.node ...
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The newest version of each versioned-symbol family a binary may need. */
export const LIMITS = { GLIBC: '2.28', GLIBCXX: '3.4.25', CXXABI: '1.3.11', GCC: '7.0.0' }

const newer = (a, b) => {
  const x = a.split('.').map(Number)
  const y = b.split('.').map(Number)
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0)
  }
  return false
}

/** The symbol versions `file` needs, as { family, version, symbol } entries. */
export function neededVersions(file) {
  return parseObjdump(execFileSync('objdump', ['-T', file], { encoding: 'utf8', maxBuffer: 1 << 28 }))
}

/** The undefined versioned symbols in `objdump -T` output. */
export function parseObjdump(out) {
  const needed = []
  for (const line of out.split('\n')) {
    const m = / \((GLIBC|GLIBCXX|CXXABI|GCC)_([0-9.]+)\)\s+(\S+)$/.exec(line)
    if (m && line.includes('*UND*')) needed.push({ family: m[1], version: m[2], symbol: m[3] })
  }
  return needed
}

/** The needed symbols of `file` (or of parsed entries) newer than LIMITS allow. */
export function tooNew(file) {
  const needed = typeof file === 'string' ? neededVersions(file) : file
  return needed.filter((n) => newer(n.version, LIMITS[n.family]))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let bad = 0
  for (const file of process.argv.slice(2)) {
    const over = tooNew(file)
    for (const o of over) console.error(`${file}: ${o.symbol} needs ${o.family}_${o.version} (limit ${LIMITS[o.family]})`)
    if (over.length === 0)
      console.log(
        `${file}: symbol versions within ${Object.entries(LIMITS)
          .map(([f, v]) => `${f}_${v}`)
          .join(', ')}`,
      )
    bad += over.length
  }
  process.exit(bad ? 1 : 0)
}
