// docs/porting-from-go.md names, for each Go export, what a ported program uses here:
// every name in its "sock" column must exist (an export of a @sock package, a member of
// an exported class or of one of its instances, or a constant), so the page cannot drift.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import * as addr from '@sock/addr'
import * as core from '@sock/core'
import * as netCompat from '@sock/net-compat'
import * as opts from '@sock/opts'
import * as raw from '@sock/raw'
import * as sctp from '@sock/sctp'
import * as tcp from '@sock/tcp'
import * as udp from '@sock/udp'
import * as unix from '@sock/unix'

const doc = readFileSync(path.join(import.meta.dirname, '..', '..', 'docs', 'porting-from-go.md'), 'utf8')
const exportsOf: Record<string, unknown> = Object.assign({}, addr, core, netCompat, opts, raw, sctp, tcp, udp, unix)

/** The names in the middle column of every table row (parenthesised asides are prose, not names). */
function sockNames(): string[] {
  const names: string[] = []
  for (const line of doc.split('\n')) {
    const cells = line.split('|').map((c) => c.trim())
    if (cells.length < 5 || cells[1] === 'Go' || cells[1].startsWith('---')) continue
    const column = cells[2].replace(/\([^)]*\)/g, '')
    for (const m of column.matchAll(/`([^`]+)`/g)) names.push(m[1])
  }
  return names
}

const sockets: (() => object)[] = [() => tcp.TCPConn.open4(), () => udp.UDPSocket.open4(), () => unix.unixConnPair()[0]]
const instances: Record<string, () => object> = { TCPInfo: () => new opts.TCPInfo(), SockaddrInet4: () => new addr.SockaddrInet4() }

/** Whether `Class.member` is a static, a prototype member, or a member of an instance. */
function hasMember(cls: { prototype: object; name: string }, member: string): boolean {
  if (member in cls || member in cls.prototype) return true
  if (instances[cls.name]) return member in instances[cls.name]()
  for (const open of sockets) {
    const s = open()
    try {
      if (s instanceof (cls as unknown as new () => object)) return member in s
    } finally {
      ;(s as { close(): void }).close()
    }
  }
  return false
}

describe('docs/porting-from-go.md', () => {
  const names = sockNames()

  it('names something for every group of Go exports', () => {
    expect(names.length).toBeGreaterThan(80)
  })

  it.each(names)('%s exists', (name) => {
    const [head, member] = name.split('.')
    if (head === 'constants' && member !== undefined) {
      expect({ ...core.constants, ...sctp.constants }).toHaveProperty(member)
      return
    }
    expect(exportsOf, `${head} is not exported by any @sock package`).toHaveProperty(head)
    if (member !== undefined) expect(hasMember(exportsOf[head] as { prototype: object; name: string }, member), `${name}`).toBe(true)
  })
})
