import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import * as o from '@sock/opts'
import { listenTCP4, dialTCP4 } from '@sock/tcp'
import { runFixture } from '../../../test-support/run-fixture.js'
import { hasCommand } from '../../../test-support/prerequisites.js'

const hasSs = hasCommand('ss', '-V')

async function established() {
  const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
  const c = dialTCP4(null, ln.address())
  const s = await ln.acceptAsync()
  await c.writeAsync(Buffer.alloc(100_000, 1))
  const buf = Buffer.alloc(65536)
  let n = 0
  while (n < 100_000) n += await s.readAsync(buf)
  // the last ACKs: wait (bounded) until nothing is in flight, not for a fixed time
  for (let i = 0; i < 2000 && o.getTCPInfo(c).unacked !== 0; i++) await new Promise((r) => setTimeout(r, 5))
  return { ln, c, s, close: () => [c, s, ln].forEach((x) => x.close()) }
}

describe('getTCPInfo', () => {
  it('reads struct tcp_info: state, sizes, counters, bitfields and the length the kernel returned', async () => {
    const p = await established()
    const info = o.getTCPInfo(p.c)
    expect(info.length).toBeGreaterThanOrEqual(232)
    expect(info.state).toBe(o.TCP_ESTABLISHED)
    expect(info.sndMss).toBeGreaterThan(1000)
    expect(info.sndCwnd).toBeGreaterThan(0)
    expect(info.bytesAcked).toBe(100_001) // 100000 bytes + the SYN
    expect(info.bytesSent).toBeGreaterThanOrEqual(100_000)
    expect(info.rtt).toBeGreaterThan(0)
    expect(info.maxPacingRate).toBe(Infinity) // ~0: unlimited
    expect(info.sndWscale).toBeGreaterThan(0)
    expect(info.rcvWscale).toBeGreaterThan(0)
    expect(info.has('totalRtoTime')).toBe(info.length >= 248)
    // Linux 6.18 appends the AccECN counters (280 bytes in all): decoded when present, 0 otherwise
    expect(info.has('receivedCeBytes')).toBe(info.length >= 276)
    for (const f of [
      'receivedCe',
      'deliveredE1Bytes',
      'deliveredE0Bytes',
      'deliveredCeBytes',
      'receivedE1Bytes',
      'receivedE0Bytes',
      'receivedCeBytes',
    ] as const) {
      expect(Number.isInteger(info[f]) && info[f] >= 0).toBe(true)
      if (!info.has(f)) expect(info[f]).toBe(0)
    }
    expect(info.receivedE0Bytes + info.receivedE1Bytes + info.receivedCeBytes).toBeLessThanOrEqual(info.bytesReceived)
    const ls = o.getTCPInfo(p.ln)
    expect(ls.state).toBe(o.TCP_LISTEN)
    p.close()
  })

  it('reuses `into`: polling allocates nothing', () => {
    const m = runFixture<{ bytesPerOp: number }>(`${import.meta.dirname}/..`, 'test/fixtures/alloc-tcp-info.mjs')
    expect(typeof m.bytesPerOp).toBe('number') // a fixture that measured nothing fails here
    expect(m.bytesPerOp).toBeLessThan(0.5)
  })

  it.skipIf(!hasSs)("agrees with iproute2's ss -tin for the same connection", async () => {
    const p = await established()
    const info = o.getTCPInfo(p.c)
    const r = spawnSync('ss', ['-tinH', 'state', 'established', `( sport = :${p.c.localPort} and dport = :${p.c.remotePort} )`], {
      encoding: 'utf8',
      timeout: 30_000,
    })
    const text = r.stdout.replace(/\s+/g, ' ')
    const num = (re: RegExp) => Number(re.exec(text)?.[1])
    expect(text).toContain(`127.0.0.1:${p.c.localPort}`)
    expect(num(/ mss:(\d+)/)).toBe(info.sndMss)
    expect(num(/ cwnd:(\d+)/)).toBe(info.sndCwnd)
    expect(num(/ bytes_acked:(\d+)/)).toBe(info.bytesAcked)
    // the window-scale bit and shifts, as ss prints them ('wscale:snd,rcv')
    const wscale = / wscale:(\d+),(\d+)/.exec(text)
    expect(info.hasWindowScale()).toBe(wscale !== null)
    if (wscale) expect([info.sndWscale, info.rcvWscale]).toEqual([Number(wscale[1]), Number(wscale[2])])
    // the other option bits against what this host negotiates on loopback (both ends are Linux with its sysctls)
    const sysctl = (name: string) => Number(readFileSync(`/proc/sys/net/ipv4/${name}`, 'utf8')) !== 0
    expect(info.hasTimestamps()).toBe(sysctl('tcp_timestamps'))
    expect(info.hasSACK()).toBe(sysctl('tcp_sack'))
    expect(info.hasECN()).toBe(Number(readFileSync('/proc/sys/net/ipv4/tcp_ecn', 'utf8')) === 1)
    expect(info.hasSYNData()).toBe(false)
    expect(info.hasUsecTimestamps()).toBe(text.includes('usec_ts')) // only on routes with 'features tcp_usec_ts'
    expect(info.caState).toBe(o.TCP_CA_OPEN) // an idle loopback connection lost nothing
    const rttMs = num(/ rtt:([\d.]+)\//)
    expect(Math.abs(rttMs - info.rtt / 1000)).toBeLessThan(1) // ss prints ms; tcp_info has µs
    p.close()
  })
})

describe('the field table and the decoder', () => {
  it('agree on every field: a value written at a field table offset decodes into that field', async () => {
    const { FIELDS, TCPInfo } = await import('../src/tcp-info.js')
    const { decode } = await import('../src/tcp-info-decode.js')
    const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
    const seen = new Set<string>()
    for (const [name, offset, kind] of FIELDS) {
      const t = new TCPInfo()
      const v = t.view
      const value = { u8: 0xa5, u16: 0xa55a, u32: 0x5a5aa5a5, u64: 0x1234_5678_9abc }[kind]
      if (kind === 'u8') v.setUint8(offset, value)
      else if (kind === 'u16') v.setUint16(offset, value, le)
      else if (kind === 'u32') v.setUint32(offset, value, le)
      else v.setBigUint64(offset, BigInt(value), le)
      decode(t, v, o.TCP_INFO_KNOWN_SIZE)
      expect(t[name], name).toBe(value)
      // nothing else picked the bytes up
      for (const [other] of FIELDS) if (other !== name) expect(t[other], `${other} (writing ${name})`).toBe(0)
      seen.add(name)
    }
    // the table runs to the end of what is decoded
    const [lastName, lastOffset, lastKind] = FIELDS[FIELDS.length - 1]
    expect(lastOffset + { u8: 1, u16: 2, u32: 4, u64: 8 }[lastKind]).toBe(o.TCP_INFO_KNOWN_SIZE)
    expect(seen.has(lastName)).toBe(true)
  })
})
