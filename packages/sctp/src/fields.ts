// Range checks for the fixed-width fields of SCTP's structs: a value that does
// not fit its field is a RangeError (ERR_OUT_OF_RANGE), never truncated by a DataView.
import { checkInt } from '@sock/core/internal'

export function u16(value: number, name: string): number {
  checkInt(value, 0, 0xffff, name)
  return value
}

export function u32(value: number, name: string): number {
  checkInt(value, 0, 0xffffffff, name)
  return value
}

/** An association id (sctp_assoc_t, a signed 32-bit integer; 0 and SCTP_*_ASSOC are special). */
export function assocIdOf(value: number): number {
  checkInt(value, -0x80000000, 0x7fffffff, 'assocId')
  return value
}
