// A UDP round trip through an installed @sock/udp: `node udp.cjs import|require`.
async function main(how) {
  const { listenUDP4 } = how === 'import' ? await import('@sock/udp') : require('@sock/udp')
  const a = listenUDP4({ address: '127.0.0.1', port: 0 })
  const b = listenUDP4({ address: '127.0.0.1', port: 0 })
  await a.sendToAsync(Buffer.from('ping'), b.address())
  const buf = Buffer.alloc(16)
  const n = await b.recvFromAsync(buf)
  a.close()
  b.close()
  if (buf.toString('latin1', 0, n) !== 'ping') throw new Error(`udp: got ${buf.toString('latin1', 0, n)}`)
  console.log(`udp round trip ok (${how}, node ${process.version}, ${process.arch})`)
}
main(process.argv[2])
