import { readdirSync, readlinkSync } from 'node:fs'

/** The fds of this process that are sockets. */
export function socketFds(): Set<number> {
  const out = new Set<number>()
  for (const name of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${name}`).startsWith('socket:')) out.add(Number(name))
    } catch {
      // the fd readdir itself used, already closed
    }
  }
  return out
}

/** True if `fd` is open in this process. */
export function fdIsOpen(fd: number): boolean {
  try {
    readlinkSync(`/proc/self/fd/${fd}`)
    return true
  } catch {
    return false
  }
}
