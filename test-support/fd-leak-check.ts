// Fails a test file that leaves sockets open: compares the process's socket
// fds (from /proc/self/fd) before and after the file's tests.
import { afterAll, beforeAll, expect } from 'vitest'
import { socketFds } from './fds.js'

let before: Set<number>

beforeAll(() => {
  before = socketFds()
})

afterAll(async () => {
  // node:net / node:dgram peers close asynchronously: give them a moment.
  let leaked: number[] = []
  for (let i = 0; i < 50; i++) {
    const now = socketFds()
    leaked = [...now].filter((fd) => !before.has(fd))
    if (leaked.length === 0) break
    await new Promise((r) => setTimeout(r, 20))
  }
  expect(leaked, 'socket fds left open by this test file').toEqual([])
})
