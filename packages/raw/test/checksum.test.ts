// internetChecksum over large ranges: the one's-complement sum of more than
// 64 Ki 16-bit words no longer fits 32 bits and must still fold correctly.
import { describe, expect, it } from 'vitest'
import { internetChecksum } from '@sock/raw'

/** RFC 1071 with BigInt: slow, obviously right. */
function reference(b: Uint8Array): number {
  let sum = 0n
  for (let i = 0; i + 1 < b.length; i += 2) sum += BigInt((b[i] << 8) | b[i + 1])
  if (b.length % 2) sum += BigInt(b[b.length - 1] << 8)
  while (sum > 0xffffn) sum = (sum & 0xffffn) + (sum >> 16n)
  return Number(~sum & 0xffffn)
}

describe('internetChecksum', () => {
  it.each([1, 2, 1500, 65535, 128 * 1024, 128 * 1024 + 1, 1 << 20])('matches RFC 1071 for %i bytes of 0xff and of a pattern', (n) => {
    const ones = new Uint8Array(n).fill(0xff)
    expect(internetChecksum(ones)).toBe(reference(ones))
    const pattern = Uint8Array.from({ length: n }, (_, i) => (i * 7919) & 0xff)
    expect(internetChecksum(pattern)).toBe(reference(pattern))
  })
})
