// Measures JS heap bytes per operation soundly: a young generation large enough
// that no GC runs inside a window (checked with a 'gc' PerformanceObserver),
// warm-up until the optimizing compiler is done, and the slope of heap growth
// between two window sizes, so one-off JIT allocations do not count.
// Run with: node --max-semi-space-size=128 --expose-gc
import { PerformanceObserver } from 'node:perf_hooks'

let gcs = 0
const obs = new PerformanceObserver((list) => (gcs += list.getEntries().length))
obs.observe({ entryTypes: ['gc'] })

const settle = () => new Promise((r) => setTimeout(r, 30)) // gc entries are delivered asynchronously

// Each measurement gets loops of its own (new functions, so new feedback): a
// loop shared by every op measured in a process turns polymorphic and is
// deoptimised and recompiled inside later windows, which counts as allocation.
const AsyncFunction = (async () => {}).constructor
const newLoop = () => new Function('op', 'n', 'for (let i = 0; i < n; i++) op()')
const newAsyncLoop = () => new AsyncFunction('op', 'n', 'for (let i = 0; i < n; i++) await op()')

async function window(loop, op, n) {
  globalThis.gc()
  await settle()
  const g0 = gcs
  const h0 = process.memoryUsage().heapUsed
  const pending = loop(op, n) // undefined for a sync loop: nothing is awaited inside the window
  if (pending !== undefined) await pending
  const h1 = process.memoryUsage().heapUsed
  await settle()
  return { bytes: h1 - h0, gcFree: gcs === g0 }
}

/** Bytes of JS heap per call of `op`, from the slope between `small` and `large` windows. */
export function heapSlope(op, options) {
  return slope(op, false, options)
}

/**
 * Like heapSlope for an `op` that returns a promise, awaited each time. The
 * await itself allocates (compare against a baseline op); windows are smaller
 * because each call may take a turn of the event loop.
 */
export function heapSlopeAsync(op, { warmup = 20_000, small = 5_000, large = 25_000, tries = 10 } = {}) {
  return slope(op, true, { warmup, small, large, tries })
}

async function slope(op, awaitEach, { warmup = 20_000, small = 5_000, large = 25_000, tries = 10 } = {}) {
  const loop = awaitEach ? newAsyncLoop() : newLoop()
  await loop(op, warmup)
  // One-off JIT work (a late optimisation, a deopt and re-optimisation) lands in
  // some windows but not others; an allocation per operation lands in all of
  // them. So skip the first clean pair and keep the smallest slope of the next three.
  let clean = 0
  let best = null
  for (let t = 0; t < tries && clean < 4; t++) {
    const a = await window(loop, op, small)
    const b = await window(loop, op, large)
    if (!a.gcFree || !b.gcFree || ++clean === 1) continue
    const slope = (b.bytes - a.bytes) / (large - small)
    if (best === null || slope < best.bytesPerOp) best = { bytesPerOp: slope, small: a.bytes, large: b.bytes, largeBytesPerOp: b.bytes / large }
  }
  if (best) return best
  throw new Error('a GC ran inside every measurement window: raise --max-semi-space-size')
}
