import native from '@sock/native'
import { InvalidAddressError } from './errors.js'

/** An IPv6 zone ('lo' or '2') to an interface index, via if_nametoindex(3). */
export function zoneToIndex(zone: string): number {
  if (/^\d+$/.test(zone)) {
    const n = Number(zone)
    if (n > 0xffffffff) throw new InvalidAddressError(`zone ${zone} is out of range`)
    return n
  }
  const index = zone === '' ? 0 : native.ifNameToIndex(zone)
  if (index === 0) throw new InvalidAddressError(`unknown network interface ${JSON.stringify(zone)} in IPv6 zone`)
  return index
}

/** An interface index to its name, or the number as text if no interface has it; '' for 0. */
export function indexToZone(index: number): string {
  if (index === 0) return ''
  return native.ifIndexToName(index) ?? String(index)
}
