import { expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import net from 'node:net'

it('the Poll echo server serves node:net clients until --connections are done, then exits', async () => {
  const server = spawn(process.execPath, ['poll-echo.mjs', '--port=0', '--connections=20'], {
    cwd: `${import.meta.dirname}/..`,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  server.stderr.on('data', (d) => (stderr += d))
  const [line] = (await once(server.stdout, 'data')) as [Buffer]
  const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(String(line))![1])
  const exited = once(server, 'exit')
  const echoes = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const c = net.connect(port, '127.0.0.1')
      const msg = Buffer.alloc(100_000, i) // more than one read on the server
      const chunks: Buffer[] = []
      c.on('data', (d) => chunks.push(d))
      c.end(msg)
      await once(c, 'end')
      c.destroy()
      return Buffer.concat(chunks).equals(msg)
    }),
  )
  expect(echoes.every(Boolean)).toBe(true)
  const [code] = await exited
  expect(stderr).toBe('')
  expect(code).toBe(0)
})
