import { describe, expect, it } from 'vitest'
import { OpQueue } from '../src/op-queue.js'
import type { PendingOp } from '../src/poller.js'

const op = (name: string) => ({ name }) as unknown as PendingOp

describe('OpQueue (the FIFO of a Poller direction)', () => {
  it('keeps order through push, shift and remove from any position, with its first operation in a field', () => {
    const q = new OpQueue()
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(op)
    expect([q.head, q.length]).toEqual([null, 0])
    q.push(a)
    expect([q.head, q.length]).toEqual([a, 1])
    q.push(b)
    q.push(c)
    q.push(d)
    expect(q.toArray()).toEqual([a, b, c, d])
    expect(q.remove(c)).toBe(2)
    expect(q.remove(c)).toBe(-1) // not queued any more
    expect(q.toArray()).toEqual([a, b, d])
    q.shift()
    expect([q.head, q.length]).toEqual([b, 2])
    expect(q.remove(b)).toBe(0) // the head: the next one moves up
    expect([q.head, q.length]).toEqual([d, 1])
    q.push(a)
    expect(q.takeAll()).toEqual([d, a])
    expect([q.head, q.length, q.toArray()]).toEqual([null, 0, []])
    q.shift() // an empty queue stays empty
    expect(q.head).toBeNull()
    q.push(c)
    expect(q.toArray()).toEqual([c])
  })
})
