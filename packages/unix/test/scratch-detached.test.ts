// The public scratch area of @sock/native can be detached by anyone holding it
// (postMessage/structuredClone with transfer). Native code must keep writing
// valid memory, and the packages, which read their own views, must keep working.
import { describe, expect, it } from 'vitest'
import native, { scratch } from '@sock/native'
import { unixConnPair } from '@sock/unix'

describe('a detached public scratch area', () => {
  it('leaves native writes valid and unixConnPair working (no lost fds)', () => {
    // ArrayBuffer.prototype.transfer (Node 22+) detaches it; Node 20's structuredClone copies this (external) buffer
    const ab = scratch.buffer as ArrayBuffer & { transfer?: () => ArrayBuffer }
    const moved = typeof ab.transfer === 'function' ? ab.transfer() : structuredClone(ab, { transfer: [ab] })
    if (typeof ab.transfer === 'function') expect(scratch.length).toBe(0)
    const view = native.scratchView()
    expect(native.socketpair(native.constants.AF_UNIX, native.constants.SOCK_STREAM, 0)).toBe(0)
    const [x, y] = [view[0], view[1]] // the same memory, still live behind the new view
    expect(x).toBeGreaterThan(2)
    expect(y).toBeGreaterThan(2)
    native.close(x)
    native.close(y)
    expect(new Int32Array(moved).length).toBe(native.layout.scratch_slots) // the transferred view is an ordinary live buffer
    const [a, b] = unixConnPair()
    a.write(Buffer.from('hi'))
    const buf = new Uint8Array(4)
    b.setReadDeadline(Date.now() + 10_000)
    expect(b.read(buf)).toBe(2)
    a.close()
    b.close()
  })
})
