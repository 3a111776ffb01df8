// A TCP round trip through an installed @sock/tcp: `node tcp.cjs import|require`.
async function main(how) {
  const { listenTCP4, dialTCP4 } = how === 'import' ? await import('@sock/tcp') : require('@sock/tcp')
  const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
  const client = dialTCP4(null, ln.address())
  const server = await ln.acceptAsync()
  await client.writeAsync(Buffer.from('ping'))
  const buf = Buffer.alloc(16)
  const n = await server.readAsync(buf)
  for (const s of [client, server, ln]) s.close()
  if (buf.toString('latin1', 0, n) !== 'ping') throw new Error(`tcp: got ${buf.toString('latin1', 0, n)}`)
  console.log(`tcp round trip ok (${how}, node ${process.version}, ${process.arch})`)
}
main(process.argv[2])
