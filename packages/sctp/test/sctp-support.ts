import native, { constants as C } from '@sock/native'

/** Whether this kernel has SCTP (socket(2) with IPPROTO_SCTP works). */
export const hasSCTP = (() => {
  const fd = native.socket(C.AF_INET, C.SOCK_STREAM, 132)
  if (fd < 0) return false
  native.close(fd)
  return true
})()

/** In CI's SCTP VM (SOCK_REQUIRE_SCTP=1) a missing SCTP is a failure, never a skip. */
if (process.env.SOCK_REQUIRE_SCTP === '1' && !hasSCTP) throw new Error('SOCK_REQUIRE_SCTP=1 but this kernel has no SCTP')

export const skipReason = 'this kernel has no SCTP (modprobe sctp); .ci/run runs these in tools/sctp-vm'
