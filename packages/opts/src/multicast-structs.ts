// Multicast membership requests (ip_mreqn, ip_mreq_source, ipv6_mreq, group_source_req)
// laid out with the kernel's offsets, from address strings.
import { SockaddrInet4, SockaddrInet6, InvalidAddressError } from '@sock/addr'
import { invalidArgType } from '@sock/core'
import { writeU32, checkString, checkInt } from '@sock/core/internal'
import { native } from './native.js'

const L = native.layout

/** An interface for multicast: its index, or (IPv4) its address, or (IPv6) '%name' / '::%name'. */
export type MulticastInterface = number | string | undefined

function v4(addr: string, what: string): Uint8Array {
  checkString(addr, what)
  try {
    return new SockaddrInet4(addr).addressBytes
  } catch {
    throw new InvalidAddressError(`${what}: ${JSON.stringify(addr)} is not an IPv4 address`)
  }
}

/** Interface index for an IPv6 interface argument: a number, 'lo', '%lo' or '::%lo'. */
export function v6IfIndex(iface: MulticastInterface): number {
  if (iface === undefined) return 0
  if (typeof iface === 'number') return ifIndex(iface)
  checkInterface(iface)
  const zone = iface.includes('%') ? iface.slice(iface.indexOf('%') + 1) : iface
  if (/^\d+$/.test(zone)) return Number(zone)
  const i = native.ifNameToIndex(zone)
  if (i === 0) throw new InvalidAddressError(`unknown network interface ${JSON.stringify(zone)}`)
  return i
}

/** An interface index: an unsigned 32-bit integer (0: the kernel's choice). */
function ifIndex(index: number): number {
  checkInt(index, 0, 0xffffffff, 'interface index')
  return index
}

function checkInterface(iface: unknown): void {
  if (typeof iface !== 'string') throw invalidArgType('an interface is an index, an address or a name (a number or a string)')
}

/** ip_mreqn { group, interface address, interface index } for IP_ADD/DROP_MEMBERSHIP. */
export function ipMreqn(group: string, iface: MulticastInterface): Uint8Array {
  const b = new Uint8Array(L.ip_mreqn)
  b.set(v4(group, 'multicast group'), L.imr_multiaddr)
  if (typeof iface === 'number') writeU32(b, L.imr_ifindex, ifIndex(iface))
  else if (iface !== undefined) b.set(v4(iface, 'interface address'), L.imr_address)
  return b
}

/** ip_mreq_source { group, interface address, source } for IP_ADD/DROP_SOURCE_MEMBERSHIP. */
export function ipMreqSource(source: string, group: string, ifaceAddr: string | undefined): Uint8Array {
  const b = new Uint8Array(L.ip_mreq_source)
  b.set(v4(group, 'multicast group'), L.imrs_multiaddr)
  if (ifaceAddr !== undefined) b.set(v4(ifaceAddr, 'interface address'), L.imrs_interface)
  b.set(v4(source, 'source address'), L.imrs_sourceaddr)
  return b
}

/** ipv6_mreq { group, interface index } for IPV6_JOIN/LEAVE_GROUP. */
export function ipv6Mreq(group: string, iface: MulticastInterface): Uint8Array {
  checkString(group, 'multicast group')
  const b = new Uint8Array(L.ipv6_mreq)
  b.set(new SockaddrInet6(group.split('%')[0]).addressBytes, L.ipv6mr_multiaddr)
  writeU32(b, L.ipv6mr_interface, v6IfIndex(iface ?? (group.includes('%') ? group : undefined)))
  return b
}

/** group_source_req for MCAST_JOIN/LEAVE_SOURCE_GROUP (IPv6, or IPv4 by index). */
export function groupSourceReq(source: string, group: string, iface: MulticastInterface, family: 4 | 6): Uint8Array {
  checkString(group, 'multicast group')
  checkString(source, 'source address')
  const b = new Uint8Array(L.group_source_req)
  writeU32(b, L.gsr_interface, v6IfIndex(iface))
  const g = family === 4 ? new SockaddrInet4(group) : new SockaddrInet6(group)
  const s = family === 4 ? new SockaddrInet4(source) : new SockaddrInet6(source)
  b.set(g.raw.subarray(0, g.length), L.gsr_group)
  b.set(s.raw.subarray(0, s.length), L.gsr_source)
  return b
}
