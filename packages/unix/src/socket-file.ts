// The files that binding a Unix socket to a path creates: who removes them and
// when. Every step after the bind works relative to the socket file's
// directory as it was opened once (an fd, reached as /proc/self/fd/N/name), so
// a directory symlink flipped by another process cannot redirect a check, a
// probe or an unlink to a file in some other directory.
import { closeSync, constants as F, lstatSync, openSync, unlinkSync } from 'node:fs'
import path from 'node:path'
import { constants as C } from '@sock/core'
import { SockaddrUnix, outOfRange } from '@sock/addr'
import { native } from './native.js'

/** A socket file a bind created: its absolute path and identity (device and inode). */
export interface SocketFile {
  /** The absolute path. */
  readonly path: string
  /** st_dev of the file bind created. */
  readonly dev: number
  /** st_ino of the file bind created. */
  readonly ino: number
}

/**
 * The file a bind to `sa` just created (null for abstract and unnamed
 * addresses). Only a socket file is ever taken as ours: should the path resolve
 * elsewhere by now (a directory symlink changed since the bind), a regular
 * file found there is never recorded, so never removed.
 */
export function boundSocketFile(sa: SockaddrUnix): SocketFile | null {
  if (sa.isAbstract() || sa.isUnnamed()) return null
  const abs = path.resolve(sa.path)
  const st = lstatSync(abs, { throwIfNoEntry: false })
  if (!st || !st.isSocket()) return null
  return { path: abs, dev: st.dev, ino: st.ino }
}

/** Runs `fn` with the path of `file`'s name inside its directory, opened once as an fd. */
function inDirectory<T>(file: string, fn: (at: string) => T): T | undefined {
  let dir: number
  try {
    dir = openSync(path.dirname(file), F.O_RDONLY | F.O_DIRECTORY)
  } catch {
    return undefined // the directory is gone or unreadable: nothing to do there
  }
  try {
    return fn(`/proc/self/fd/${dir}/${path.basename(file)}`)
  } finally {
    closeSync(dir)
  }
}

/** Removes `file` if the file at its path is still the one bind created (not one that replaced it). */
export function removeSocketFile(file: SocketFile): void {
  inDirectory(file.path, (at) => {
    try {
      const st = lstatSync(at)
      if (st.dev === file.dev && st.ino === file.ino) unlinkSync(at)
    } catch {
      // already gone
    }
  })
}

/**
 * Removes a stale socket file at `sa` before a bind: only a socket file that
 * nothing is bound to any more (a probe of the same socket type is refused).
 * Anything else at the path (a live socket, a regular file, a directory) stays,
 * and the bind then fails with EADDRINUSE as it would have.
 */
export function removeStaleSocketFile(sa: SockaddrUnix, type: number): void {
  if (sa.isAbstract() || sa.isUnnamed()) return
  inDirectory(path.resolve(sa.path), (at) => {
    let st
    try {
      st = lstatSync(at)
    } catch {
      return // nothing there
    }
    if (!st.isSocket()) return
    const probeAddr = new SockaddrUnix()
    try {
      probeAddr.path = at // the directory fd's view of the file
    } catch {
      return // /proc/self/fd/N/name does not fit sun_path: leave the file, bind reports EADDRINUSE
    }
    const probe = native.socket(C.AF_UNIX, type, 0)
    if (probe < 0) return
    const r = native.connect(probe, probeAddr.raw, probeAddr.length)
    native.close(probe)
    if (r !== -C.ECONNREFUSED) return
    const now = lstatSync(at, { throwIfNoEntry: false })
    if (now && now.isSocket() && now.dev === st.dev && now.ino === st.ino) unlinkSync(at)
  })
}

/** A socket file mode: an integer 0..0o777 (permission bits only). */
export function checkMode(mode: unknown): asserts mode is number {
  if (typeof mode !== 'number' || !Number.isInteger(mode) || mode < 0 || mode > 0o777) {
    throw outOfRange('mode must be an integer from 0 to 0o777 (permission bits)')
  }
}
