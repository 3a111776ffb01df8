import { native, C } from './native.js'

/** One socket passed by systemd socket activation. */
export interface ListenFd {
  /** The fd number (3 and up). */
  fd: number
  /** From LISTEN_FDNAMES (FileDescriptorName=), or 'unknown'. */
  name: string
}

const SD_LISTEN_FDS_START = 3

/**
 * systemd socket activation (sd_listen_fds(3)): the fds passed when LISTEN_PID is
 * this process, starting at 3, marked close-on-exec. The variables are removed
 * from the environment so that children do not inherit them. Adopt each fd with
 * the class that fits (`TCPListener.adopt(fd)`, ...).
 */
export function listenFds(env: NodeJS.ProcessEnv = process.env): ListenFd[] {
  const pid = Number(env.LISTEN_PID)
  const count = Number(env.LISTEN_FDS)
  const names = (env.LISTEN_FDNAMES ?? '').split(':')
  delete env.LISTEN_PID
  delete env.LISTEN_FDS
  delete env.LISTEN_FDNAMES
  if (pid !== process.pid || !Number.isInteger(count) || count <= 0) return []
  const out: ListenFd[] = []
  for (let i = 0; i < count; i++) {
    const fd = SD_LISTEN_FDS_START + i
    native.fcntl(fd, C.F_SETFD, C.FD_CLOEXEC)
    out.push({ fd, name: names[i] || 'unknown' })
  }
  return out
}
