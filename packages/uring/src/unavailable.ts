// Why io_uring cannot be used here, in words a user can act on.
import { readFileSync } from 'node:fs'
import { SockError } from '@sock/core'
import { native } from './native.js'

const C = native.constants

function sysctl(name: string): string | null {
  try {
    return readFileSync(`/proc/sys/kernel/${name}`, 'latin1').trim()
  } catch {
    return null
  }
}

/** The addon's ERR_SOCK_URING_UNAVAILABLE as a SockError whose message names the reason; other errors as they are. */
export function unavailableError(err: unknown): unknown {
  const e = err as { code?: string; errno?: number; syscall?: string; message?: string }
  if (e?.code !== 'ERR_SOCK_URING_UNAVAILABLE') return err
  const errno = -(e.errno ?? 0)
  let reason: string
  if (e.syscall === 'io_uring_setup' && errno === C.ENOSYS) reason = 'this kernel has no io_uring, or a seccomp filter (a container runtime) blocks it'
  else if (e.syscall === 'io_uring_setup' && errno === C.EPERM) {
    const disabled = sysctl('io_uring_disabled')
    reason =
      disabled === '2'
        ? 'io_uring is disabled on this host (kernel.io_uring_disabled = 2)'
        : disabled === '1'
          ? 'kernel.io_uring_disabled = 1 allows io_uring only to processes with CAP_SYS_ADMIN or in kernel.io_uring_group'
          : 'io_uring_setup was refused (EPERM): a seccomp filter or security module blocks it'
  } else if (e.syscall?.includes('PBUF_RING') && errno === C.EINVAL) reason = 'this kernel has no provided-buffer rings (Linux 5.19 or later needed)'
  else if (errno === C.ENOMEM) reason = 'not enough locked memory for the ring (RLIMIT_MEMLOCK on kernels before 5.12)'
  else reason = e.message ?? 'io_uring_setup failed'
  // a failed syscall's own words follow the reason; a refusal before any syscall (a runtime without libuv's uv_prepare) is its own reason
  const detail = e.syscall === undefined || reason === e.message ? '' : ` (${e.message})`
  return new SockError(`io_uring is unavailable: ${reason}${detail}; use the readiness API (readAsync, acceptAsync, Poll) instead`, {
    code: 'ERR_SOCK_URING_UNAVAILABLE',
    errno: e.errno,
    syscall: e.syscall,
  })
}
