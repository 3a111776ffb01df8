import { Ring } from '@sock/uring'
import { prerequisite } from '../../../test-support/prerequisites.js'

/** Whether io_uring works here (kernel.io_uring_disabled = 0, no seccomp filter blocking it); CI requires it. */
export const hasUring = prerequisite(`io_uring (${Ring.unavailableReason()})`, Ring.unavailableReason() === null)
