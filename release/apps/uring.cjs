// An io_uring echo round trip through installed @sock/uring and @sock/tcp:
// `node uring.cjs import|require [may-be-unavailable]`. With the third argument, a host
// without io_uring (qemu-user has none) passes if new Ring() names why, and the
// readiness fallback works.
async function main(how, mayBeUnavailable) {
  const load = (name) => (how === 'import' ? import(name) : Promise.resolve(require(name)))
  const { Ring } = await load('@sock/uring')
  const { listenTCP4, dialTCP4 } = await load('@sock/tcp')
  const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
  let ring
  try {
    ring = new Ring({ entries: 64, buffers: { count: 16, size: 1024 } })
  } catch (err) {
    if (!mayBeUnavailable || err.code !== 'ERR_SOCK_URING_UNAVAILABLE' || !/io_uring is unavailable: .+/.test(err.message)) throw err
    const client = dialTCP4(null, ln.address())
    const server = await ln.acceptAsync() // the readiness fallback
    for (const s of [client, server, ln]) s.close()
    console.log(`uring unavailable, named (${err.message.split(':')[1].trim()}); readiness fallback ok (${how}, node ${process.version}, ${process.arch})`)
    return
  }
  ring.acceptMultishot(ln, (conn) =>
    ring.recvMultishot(
      conn,
      (view) => ring.send(conn, view),
      () => conn.close(),
    ),
  )
  const client = dialTCP4(null, ln.address())
  await client.writeAsync(Buffer.from('ping'))
  const buf = Buffer.alloc(16)
  const n = await client.readAsync(buf)
  for (const s of [client, ln]) s.close()
  ring.close()
  if (buf.toString('latin1', 0, n) !== 'ping') throw new Error(`uring: got ${buf.toString('latin1', 0, n)}`)
  console.log(`uring echo round trip ok (${how}, node ${process.version}, ${process.arch})`)
}
main(process.argv[2], process.argv[3] === 'may-be-unavailable').catch((err) => {
  console.error(err)
  process.exit(1)
})
