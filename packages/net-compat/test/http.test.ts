import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { listenUnix } from '@sock/unix'
import http from 'node:http'
import net from 'node:net'
import { once } from 'node:events'
import { listenTCP4, dialTCP4, TCPDialer } from '@sock/tcp'
import { getTCPDeferAccept, setTCPDeferAccept } from '@sock/opts'
import { serveWithNode, toDuplex, toNetSocket } from '@sock/net-compat'

const lo = { address: '127.0.0.1', port: 0 }

function get(port: number, createConnection?: () => net.Socket): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/hello', agent: false, createConnection }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode!, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

const handler: http.RequestListener = (req, res) => res.end(`you asked for ${req.url}`)

describe('HTTP through each path', () => {
  it('a sock-configured listener (TCP_DEFER_ACCEPT, backlog) served by http.createServer through its fd', async () => {
    const ln = listenTCP4(lo, { backlog: 1024 })
    setTCPDeferAccept(ln, 1)
    const port = ln.address().port
    const server = http.createServer(handler)
    await serveWithNode(ln, server, { backlog: 1024 })
    expect(ln.closed).toBe(true) // detached: the server owns the fd
    expect(getTCPDeferAccept(server)).toBe(1) // Node kept our option
    expect(await get(port)).toEqual({ status: 200, body: 'you asked for /hello' })
    server.close()
    await once(server, 'close')
  })

  it('a bad server is an error before the listener gives up its fd', async () => {
    const ln = listenTCP4(lo)
    await expect(serveWithNode(ln, {} as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' })
    await expect(serveWithNode(ln, http.createServer(), { backlog: -1 })).rejects.toMatchObject({ code: 'ERR_OUT_OF_RANGE' })
    expect(ln.closed).toBe(false) // still ours, so closing it closes the fd (the fd-leak check would see a leak)
    ln.close()
  })

  it('http.request({ createConnection }) over toDuplex(our dial)', async () => {
    const server = http.createServer(handler).listen(0, '127.0.0.1')
    await once(server, 'listening')
    const port = (server.address() as net.AddressInfo).port
    const res = await get(port, () => toDuplex(dialTCP4(null, { address: '127.0.0.1', port })) as unknown as net.Socket)
    expect(res).toEqual({ status: 200, body: 'you asked for /hello' })
    server.close()
    await once(server, 'close')
  })

  it("node:http serves connections we accept, handed in as Duplexes (server.emit('connection'))", async () => {
    const ln = listenTCP4(lo)
    const server = http.createServer(handler)
    const serving = (async () => {
      const conn = await ln.acceptAsync()
      server.emit('connection', toDuplex(conn))
    })()
    const res = await get(ln.address().port)
    await serving
    expect(res).toEqual({ status: 200, body: 'you asked for /hello' })
    server.closeAllConnections()
    ln.close()
  })

  it('a connected sock connection handed to new net.Socket({ fd }) speaks HTTP', async () => {
    const server = http.createServer(handler).listen(0, '127.0.0.1')
    await once(server, 'listening')
    const port = (server.address() as net.AddressInfo).port
    const conn = await new TCPDialer({ timeout: 5000 }).dial4(null, { address: '127.0.0.1', port })
    const sock = toNetSocket(conn)
    expect(conn.closed).toBe(true)
    const res = await get(port, () => sock)
    expect(res.body).toBe('you asked for /hello')
    sock.destroy()
    server.close()
    await once(server, 'close')
  })
})

describe('a Unix listener served by node:http', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sock-http-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const fresh = () => path.join(dir, 'http.sock')
  it('a listener served by node:http: its file is removed when the server closes', async () => {
    const p = fresh()
    const server = await serveWithNode(
      listenUnix('unix', p),
      http.createServer((_, res) => res.end('ok')),
    )
    const body = await new Promise<string>((resolve, reject) => {
      http.get({ socketPath: p, path: '/' }, (res) => res.on('data', (d) => resolve(String(d)))).on('error', reject)
    })
    expect(body).toBe('ok')
    expect(existsSync(p)).toBe(true)
    await new Promise<void>((resolve) => server.close(() => resolve()))
    expect(existsSync(p)).toBe(false)
  })
})
