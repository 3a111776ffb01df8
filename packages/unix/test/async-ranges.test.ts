// sendToAsync / recvFromAsync over a range of the buffer on unix datagram sockets (the unix
// class converts the address, then forwards the range).
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { listenUnixgram } from '@sock/unix'
import { tmpDir } from './tmp.js'

const dir = tmpDir()

describe('unixgram: ranged sendToAsync / recvFromAsync', () => {
  it('sends buf[offset, offset + length) to a path and receives into a range', async () => {
    const aPath = path.join(dir, 'range-a.sock')
    const bPath = path.join(dir, 'range-b.sock')
    const a = listenUnixgram('unixgram', aPath)
    const b = listenUnixgram('unixgram', bPath)
    try {
      const buf = Buffer.alloc(8, 0x2d)
      const waiting = b.recvFromAsync(buf, null, 2, 4)
      expect(await a.sendToAsync(Buffer.from('..unix..'), bPath, 2, 4)).toBe(4)
      expect(await waiting).toBe(4)
      expect(buf.toString()).toBe('--unix--')
      expect(await a.sendToAsync(Buffer.from('xyz'), { path: bPath }, 1)).toBe(2) // the rest of buf
      expect(await b.recvFromAsync(buf, null, 0, 8, {})).toBe(2)
      expect(buf.toString('utf8', 0, 2)).toBe('yz')
      await expect(a.sendToAsync(buf, bPath, 6, 3)).rejects.toMatchObject({ code: 'ERR_OUT_OF_RANGE' })
    } finally {
      a.close()
      b.close()
    }
  })
})
