import { fromAddressInfo, invalidArgType, SockaddrInet4, SockaddrInet6, type AddressInfo } from '@sock/addr'
import { checkInt } from '@sock/core/internal'

/** dgram's `rinfo`: `{ address, family, port, size }`. */
export interface RemoteInfo extends AddressInfo {
  /** The datagram's size in bytes. */
  size: number
}

/** A Sockaddr from dgram's `rinfo` (or any `{ address, port }`). */
export function fromRinfo(rinfo: { address: string; port: number }): SockaddrInet4 | SockaddrInet6 {
  return fromAddressInfo(rinfo) as SockaddrInet4 | SockaddrInet6
}

/** dgram's `rinfo` for a sender Sockaddr and a datagram size. */
export function toRinfo(sa: SockaddrInet4 | SockaddrInet6, size: number): RemoteInfo {
  if (!(sa instanceof SockaddrInet4 || sa instanceof SockaddrInet6)) throw invalidArgType('toRinfo takes a SockaddrInet4 or SockaddrInet6')
  checkInt(size, 0, 0x7fffffff, 'size')
  return { ...sa.toAddressInfo(), size }
}

export { fromAddressInfo, parseSockaddr, toSocketAddress } from '@sock/addr'
