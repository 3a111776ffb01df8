import { endianness } from 'node:os'
import { invalidArgType } from '@sock/core'
import { checkInt } from '@sock/core/internal'
import { native } from './native.js'

const L = native.layout
const LE = endianness() === 'LE'
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength)

/** struct ucred: a process's pid, uid and gid, as the kernel reports them. */
export interface Credentials {
  /** The process ID. */
  pid: number
  /** The user ID. */
  uid: number
  /** The group ID. */
  gid: number
}

export function decodeUcred(b: Uint8Array, off: number): Credentials {
  const v = view(b)
  return {
    pid: v.getInt32(off + L.ucred_pid, LE),
    uid: v.getUint32(off + L.ucred_uid, LE),
    gid: v.getUint32(off + L.ucred_gid, LE),
  }
}

export function encodeUcred(b: Uint8Array, off: number, c: Credentials): void {
  if (typeof c !== 'object' || c === null) throw invalidArgType('credentials must be true or { pid, uid, gid }')
  checkInt(c.pid, 0, 0x7fffffff, 'credentials.pid')
  checkInt(c.uid, 0, 0xffffffff, 'credentials.uid')
  checkInt(c.gid, 0, 0xffffffff, 'credentials.gid')
  const v = view(b)
  v.setInt32(off + L.ucred_pid, c.pid, LE)
  v.setUint32(off + L.ucred_uid, c.uid, LE)
  v.setUint32(off + L.ucred_gid, c.gid, LE)
}
