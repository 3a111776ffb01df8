// IP literal parsing into and formatting from network-order bytes, like
// inet_pton(3)/inet_ntop(3). No host names: sock never does DNS.
import { InvalidAddressError } from './errors.js'
import { checkBytesAt, checkText } from './bytes-arg.js'

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/

function notLiteral(s: string, family: string): InvalidAddressError {
  return new InvalidAddressError(`${JSON.stringify(s)} is not an ${family} address literal (sock does no DNS lookups: resolve host names first)`)
}

/** Parses dotted-quad IPv4 into out[off..off+4]; false if not a literal. */
export function parseIPv4Into(s: string, out: Uint8Array, off: number): boolean {
  checkText(s, 'an IPv4 address')
  checkBytesAt(out, off, 4, 'parseIPv4Into')
  if (!IPV4.test(s)) return false
  let i = 0
  for (const part of s.split('.')) out[off + i++] = Number(part)
  return true
}

/** Parses an IPv6 literal (no zone) into out[off..off+16]; false if not a literal. */
export function parseIPv6Into(s: string, out: Uint8Array, off: number): boolean {
  checkText(s, 'an IPv6 address')
  checkBytesAt(out, off, 16, 'parseIPv6Into')
  if (s.length < 2 || s.length > 45) return false
  let head = s
  let tailV4: string | null = null
  const lastColon = s.lastIndexOf(':')
  if (s.indexOf('.', lastColon) > lastColon) {
    tailV4 = s.slice(lastColon + 1)
    head = s.slice(0, lastColon + 1) + '0:0'
  }
  const dbl = head.indexOf('::')
  if (dbl !== -1 && head.indexOf('::', dbl + 1) !== -1) return false
  const parseGroups = (part: string): number[] | null => {
    if (part === '') return []
    const groups = part.split(':')
    const out: number[] = []
    for (const g of groups) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null
      out.push(parseInt(g, 16))
    }
    return out
  }
  let groups: number[]
  if (dbl === -1) {
    const g = parseGroups(head)
    if (!g || g.length !== 8) return false
    groups = g
  } else {
    const left = parseGroups(head.slice(0, dbl))
    const right = parseGroups(head.slice(dbl + 2))
    if (!left || !right || left.length + right.length > 7) return false
    groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right]
  }
  for (let i = 0; i < 8; i++) {
    out[off + 2 * i] = groups[i] >> 8
    out[off + 2 * i + 1] = groups[i] & 0xff
  }
  if (tailV4 !== null && !parseIPv4Into(tailV4, out, off + 12)) return false
  return true
}

export function parseIPv4(s: string, out: Uint8Array, off: number): void {
  if (!parseIPv4Into(s, out, off)) throw notLiteral(s, 'IPv4')
}

export function parseIPv6(s: string, out: Uint8Array, off: number): void {
  if (!parseIPv6Into(s, out, off)) throw notLiteral(s, 'IPv6')
}

/** The dotted quad of the 4 bytes at `b[off]`, as inet_ntop(3) gives it. */
export function formatIPv4(b: Uint8Array, off: number): string {
  checkBytesAt(b, off, 4, 'formatIPv4')
  return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`
}

/** RFC 5952 text, as inet_ntop(3) gives it; IPv4-mapped as '::ffff:a.b.c.d'. */
export function formatIPv6(b: Uint8Array, off: number): string {
  checkBytesAt(b, off, 16, 'formatIPv6')
  let mapped = b[off + 10] === 0xff && b[off + 11] === 0xff
  for (let i = 0; i < 10 && mapped; i++) if (b[off + i] !== 0) mapped = false
  if (mapped) return `::ffff:${formatIPv4(b, off + 12)}`
  const g: number[] = []
  for (let i = 0; i < 8; i++) g.push((b[off + 2 * i] << 8) | b[off + 2 * i + 1])
  // longest run of two or more zero groups, first one on ties
  let best = -1
  let bestLen = 1
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && g[j] === 0) j++
    if (j - i > bestLen) {
      best = i
      bestLen = j - i
    }
    i = j
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(':')
  // an IPv4-compatible address (::a.b.c.d: exactly the first six groups zero) keeps its dotted
  // quad, as inet_ntop(3) and libuv print it
  if (best === 0 && bestLen === 6) return `::${formatIPv4(b, off + 12)}`
  if (best === -1) return hex(g)
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`
}
