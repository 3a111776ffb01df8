import { decodeSockaddr, SockaddrInet4, SockaddrInet6, type Sockaddr } from '@sock/addr'
import { invalidArgType, type AddressInput } from '@sock/core'
import { inetAddr } from '@sock/core/internal'
import { native } from './native.js'

const C = native.constants

/** Packs addresses back to back, each at its own length, as sctp_bindx(3) / sctp_connectx(3) take them. */
export function packAddrs(addrs: readonly AddressInput[], family: 4 | 6 | 0): Uint8Array {
  if (!Array.isArray(addrs as unknown) || addrs.length === 0) throw invalidArgType('a non-empty array of addresses is needed')
  const sas = addrs.map((a) => inetAddr(a, family, 'sctp'))
  const out = new Uint8Array(sas.reduce((n, sa) => n + sa.length, 0))
  let off = 0
  for (const sa of sas) {
    out.set(sa.raw.subarray(0, sa.length), off)
    off += sa.length
  }
  return out
}

/** Decodes `count` packed addresses starting at buf[offset]. */
export function unpackAddrs(buf: Uint8Array, offset: number, count: number): (SockaddrInet4 | SockaddrInet6)[] {
  const out: (SockaddrInet4 | SockaddrInet6)[] = []
  let off = offset
  for (let i = 0; i < count && off < buf.length; i++) {
    const family = buf[off] | (buf[off + 1] << 8)
    const len = family === C.AF_INET ? native.layout.sockaddr_in : native.layout.sockaddr_in6
    const sa = decodeSockaddr(buf.subarray(off, off + len), len) as Sockaddr
    out.push(sa as SockaddrInet4 | SockaddrInet6)
    off += len
  }
  return out
}
