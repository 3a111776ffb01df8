import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { hasCommand, runningAsRoot } from '../../../test-support/prerequisites.js'

const isRoot = runningAsRoot()
const hasSetpriv = hasCommand('setpriv', '--version')

describe.skipIf(!isRoot || !hasSetpriv)('without the capability (a child dropped to uid 65534 with setpriv; needs root to start it)', () => {
  it('privileged options fail with EPERM, unprivileged ones still work', () => {
    const r = spawnSync(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', process.execPath, 'test/fixtures/unprivileged.mjs'],
      { cwd: `${import.meta.dirname}/..`, encoding: 'utf8', timeout: 30_000 },
    )
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual({ uid: 65534, setMark: 'EPERM', setIPTransparent: 'EPERM', setPriority7: 'EPERM', setPriority3: 'ok' })
  })
})
