import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'

const packages = ['@sock/native', '@sock/addr', '@sock/core', '@sock/tcp', '@sock/udp', '@sock/unix', '@sock/opts', '@sock/raw', '@sock/sctp', '@sock/net-compat']

describe('packaging', () => {
  it.each(packages)('%s loads with import and with require()', (name) => {
    const esm = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import('${name}'); console.log(Object.keys(m).length)`], {
      cwd: import.meta.dirname,
      encoding: 'utf8',
    })
    expect(esm.stderr).toBe('')
    expect(Number(esm.stdout)).toBeGreaterThan(0)
    const cjs = spawnSync(process.execPath, ['--no-warnings', '-e', `const m = require('${name}'); console.log(Object.keys(m).length)`], {
      cwd: import.meta.dirname,
      encoding: 'utf8',
    })
    expect(cjs.stderr).toBe('')
    expect(Number(cjs.stdout)).toBeGreaterThan(0)
  })

  it('one copy of each class whichever way it is loaded', () => {
    const r = spawnSync(
      process.execPath,
      ['--no-warnings', '--input-type=module', '-e', `
        import { createRequire } from 'node:module'
        import * as esm from '@sock/core'
        const cjs = createRequire(import.meta.url)('@sock/core')
        console.log(esm.NetSocket === cjs.NetSocket)`],
      { cwd: import.meta.dirname, encoding: 'utf8' },
    )
    expect(r.stdout.trim()).toBe('true')
  })
})
