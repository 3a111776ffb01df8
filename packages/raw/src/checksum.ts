import { checkByteRange, restOf } from '@sock/core/internal'

/** The Internet checksum (RFC 1071) of buf[offset, offset+length): one's complement of the one's-complement sum of 16-bit words. */
export function internetChecksum(buf: Uint8Array, offset = 0, length = restOf(buf, offset)): number {
  checkByteRange(buf, offset, length, 'internetChecksum')
  let sum = 0
  let i = offset
  const end = offset + length
  for (; i + 1 < end; i += 2) sum += (buf[i] << 8) | buf[i + 1]
  if (i < end) sum += buf[i] << 8
  // fold with float arithmetic: past 64 Ki words (128 KiB) the sum no longer fits 32 bits
  while (sum > 0xffff) sum = (sum % 0x10000) + Math.floor(sum / 0x10000)
  return ~sum & 0xffff
}
