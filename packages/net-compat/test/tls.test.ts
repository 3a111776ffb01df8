import { describe, expect, it } from 'vitest'
import tls from 'node:tls'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { once } from 'node:events'
import { dialTCP4 } from '@sock/tcp'
import { toDuplex } from '@sock/net-compat'
import { hasCommand } from '../../../test-support/prerequisites.js'

const hasOpenssl = hasCommand('openssl', 'version')

describe.skipIf(!hasOpenssl)('TLS over the Duplex (needs the openssl CLI to make a throwaway certificate)', () => {
  it('tls.connect({ socket: toDuplex(conn) }) completes a handshake and carries data', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sock-tls-'))
    const key = path.join(dir, 'key.pem')
    const cert = path.join(dir, 'cert.pem')
    const r = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    )
    expect(r.status).toBe(0)
    const server = tls.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (s) => s.end(`hello ${s.getProtocol()}`))
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const conn = dialTCP4(null, { address: '127.0.0.1', port: (server.address() as { port: number }).port })
    // TLS does its own half-close (close_notify), so the transport must stay writable after the peer ends
    const secure = tls.connect({ socket: toDuplex(conn, { allowHalfOpen: true }) as never, ca: readFileSync(cert), servername: 'localhost' })
    await once(secure, 'secureConnect')
    expect(secure.authorized).toBe(true)
    let text = ''
    secure.setEncoding('utf8')
    secure.on('data', (d) => (text += d))
    await once(secure, 'end')
    expect(text).toMatch(/^hello TLSv1\.[23]$/)
    secure.destroy()
    await once(secure, 'close')
    server.close()
    await once(server, 'close')
    rmSync(dir, { recursive: true, force: true })
  })
})
