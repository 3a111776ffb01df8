// Waiting on the event loop through an installed @sock/tcp: `<runtime> wait.cjs waits|unsupported`.
// An accept with nothing queued waits on the loop (libuv's uv_poll). A runtime without uv_poll
// (Bun 1.x) must reject it with ENOTSUP, never abort the process.
async function main(expected) {
  const { listenTCP4, dialTCP4 } = require('@sock/tcp')
  const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
  const pending = ln.acceptAsync() // nothing queued yet: waits
  const client = dialTCP4(null, ln.address())
  let got
  try {
    ;(await pending).close()
    got = 'waits'
  } catch (err) {
    got = err.code === 'ENOTSUP' ? 'unsupported' : `${err.code}: ${err.message}`
  }
  for (const s of [client, ln]) s.close()
  if (got !== expected) throw new Error(`wait: expected ${expected}, got ${got}`)
  console.log(`wait: ${got}`)
}
main(process.argv[2])
