import type { AddressInfo, Sockaddr } from '@sock/addr'

export function ipInfoOf(sa: Sockaddr | null): AddressInfo | undefined {
  return sa && (sa.family === 'IPv4' || sa.family === 'IPv6') ? sa.toAddressInfo() : undefined
}
