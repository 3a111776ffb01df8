// The timing side of tcp-pingpong.mjs: prints one JSON line of results.
import net from 'node:net'
import { PerformanceObserver } from 'node:perf_hooks'
import { dialTCP4 } from '@sock/tcp'
import { WOULD_BLOCK } from '@sock/core'

const [mode, portText, secondsText] = process.argv.slice(2)
const port = Number(portText)
const seconds = Number(secondsText)
let gcs = 0
new PerformanceObserver((l) => (gcs += l.getEntries().length)).observe({ entryTypes: ['gc'] })
const settle = () => new Promise((r) => setTimeout(r, 30))
const msg = Buffer.alloc(64, 0x61)
const buf = Buffer.alloc(64)

async function measure(roundTrip) {
  // warm up, then time, then a separate GC-free window for heap bytes
  const warmEnd = performance.now() + 500
  while (performance.now() < warmEnd) await roundTrip(100)
  const t0 = performance.now()
  let n = 0
  while (performance.now() - t0 < seconds * 1000) n += await roundTrip(1000)
  const rate = n / ((performance.now() - t0) / 1000)
  await settle()
  const g0 = gcs
  const h0 = process.memoryUsage().heapUsed
  const count = await roundTrip(5_000)
  const h1 = process.memoryUsage().heapUsed
  await settle()
  return { roundTripsPerSec: rate, heapBytesPerRoundTrip: gcs === g0 ? Math.max(0, (h1 - h0) / count) : null }
}

let result
if (mode === 'node-net') {
  const s = net.connect(port, '127.0.0.1')
  s.setNoDelay(true)
  await new Promise((r) => s.once('connect', r))
  let resolveBatch = null
  let left = 0
  let pending = 0
  s.on('data', (d) => {
    pending += d.length
    while (pending >= 64) {
      pending -= 64
      if (--left === 0) resolveBatch()
      else s.write(msg)
    }
  })
  result = await measure(
    (count) =>
      new Promise((resolve) => {
        left = count
        resolveBatch = () => resolve(count)
        s.write(msg)
      }),
  )
  s.destroy()
} else {
  const conn = dialTCP4(null, { address: '127.0.0.1', port })
  conn.setNoDelay(true)
  await conn.waitWritable()
  if (mode === 'sock-deadline') {
    conn.setReadDeadline(Date.now() + 3_600_000) // read() waits in poll(2)
    result = await measure(async (count) => {
      for (let i = 0; i < count; i++) {
        conn.write(msg)
        let got = 0
        while (got < 64) got += conn.read(buf, got, 64 - got)
      }
      return count
    })
  } else if (mode === 'sock-sync') {
    result = await measure(async (count) => {
      for (let i = 0; i < count; i++) {
        conn.write(msg)
        let got = 0
        while (got < 64) {
          const n = conn.read(buf, got, 64 - got)
          if (n !== WOULD_BLOCK) got += n
        }
      }
      return count
    })
  } else {
    result = await measure(async (count) => {
      for (let i = 0; i < count; i++) {
        await conn.writeAsync(msg)
        let got = 0
        while (got < 64) got += await conn.readAsync(got === 0 ? buf : buf.subarray(got))
      }
      return count
    })
  }
  conn.close()
}
console.log(JSON.stringify(result))
process.exit(0)
