// Where io_uring cannot be used, `new Ring()` says why (a coded error naming the
// reason), and the rest of sock keeps working. Made real with kernel.io_uring_disabled = 1
// and a child process without CAP_SYS_ADMIN (uid 65534, every capability dropped).
import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { hasCommand, prerequisite, runningAsRoot } from '../../../test-support/prerequisites.js'
import { hasUring } from './support.js'

const sysctl = '/proc/sys/kernel/io_uring_disabled'
const canToggle =
  prerequisite('root and setpriv (to run a child that io_uring_disabled=1 refuses)', runningAsRoot() && hasCommand('setpriv', '--version')) && hasUring

describe('io_uring unavailable', () => {
  it.skipIf(!canToggle)('kernel.io_uring_disabled = 1 and no CAP_SYS_ADMIN: ERR_SOCK_URING_UNAVAILABLE naming the sysctl; readiness still works', () => {
    const was = readFileSync(sysctl, 'latin1').trim()
    writeFileSync(sysctl, '1')
    let r
    try {
      r = spawnSync(
        'setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', process.execPath, 'test/fixtures/unavailable.mjs'],
        { cwd: path.join(import.meta.dirname, '..'), encoding: 'utf8', timeout: 30_000 },
      )
    } finally {
      writeFileSync(sysctl, was)
    }
    expect(r.stderr).toBe('')
    const out = JSON.parse(r.stdout)
    expect(out).toMatchObject({ code: 'ERR_SOCK_URING_UNAVAILABLE', syscall: 'io_uring_setup', fallback: 'readiness ok' })
    expect(out.message).toContain('kernel.io_uring_disabled = 1')
    expect(out.unavailableReason).toContain('kernel.io_uring_disabled = 1')
  })
})
