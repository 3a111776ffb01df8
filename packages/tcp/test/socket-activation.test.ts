import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { listenTCP4, dialTCP4 } from '@sock/tcp'

describe('systemd socket activation', () => {
  it('a child started with LISTEN_FDS adopts fd 3 with listenFds() and TCPListener.adopt()', async () => {
    const ln = listenTCP4({ address: '127.0.0.1', port: 0 })
    const port = ln.address().port
    // as systemd does: LISTEN_PID is the pid of the process that execs the service
    const child = spawn('sh', ['-c', `LISTEN_PID=$$ LISTEN_FDS=1 LISTEN_FDNAMES=web exec "${process.execPath}" test/fixtures/socket-activated.mjs`], {
      cwd: `${import.meta.dirname}/..`,
      stdio: ['ignore', 'inherit', 'inherit', ln.fd],
    })
    ln.close() // the child has its own copy of the listening socket
    const conn = dialTCP4(null, { address: '127.0.0.1', port })
    const buf = Buffer.alloc(64)
    const n = await conn.readAsync(buf)
    expect(buf.toString('utf8', 0, n)).toBe('web fd=3 env-cleared=true')
    conn.close()
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
  })
})
