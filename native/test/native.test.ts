import { describe, expect, it } from 'vitest'
import { openSync, closeSync } from 'node:fs'
import native, { constants as C, scratch, layout, Handle } from '../index.js'

function pair(type = C.SOCK_STREAM): [number, number] {
  expect(native.socketpair(C.AF_UNIX, type, 0)).toBe(0)
  return [scratch[0], scratch[1]]
}

describe('argument checks run before any syscall', () => {
  it('rejects non-numbers and bad fds with TypeError / RangeError codes', () => {
    expect(() => native.recv('3' as never, new Uint8Array(1), 0, 1, 0)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }))
    expect(() => native.recv(-1, new Uint8Array(1), 0, 1, 0)).toThrow(RangeError)
    expect(() => native.recv(1.5, new Uint8Array(1), 0, 1, 0)).toThrow(RangeError)
    expect(() => native.recv(NaN, new Uint8Array(1), 0, 1, 0)).toThrow(RangeError)
    expect(() => native.close(undefined as never)).toThrow(TypeError)
  })

  it('accepts only Uint8Array views', () => {
    const [a, b] = pair()
    try {
      expect(() => native.recv(a, new Float64Array(4) as never, 0, 1, 0)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }))
      expect(() => native.recv(a, new ArrayBuffer(4) as never, 0, 1, 0)).toThrow(TypeError)
      expect(() => native.send(a, [1, 2] as never, 0, 1, 0)).toThrow(TypeError)
      expect(() => native.sendmsg(a, [new Uint8Array(1), 'x'] as never, null, 0, null, 0)).toThrow(TypeError)
    } finally {
      native.close(a)
      native.close(b)
    }
  })

  it('checks every (buffer, offset, length) against the real size, views included', () => {
    const [a, b] = pair()
    try {
      const whole = new Uint8Array(64)
      const view = whole.subarray(8, 16) // 8 bytes
      expect(() => native.recv(a, view, 0, 9, 0)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
      expect(() => native.recv(a, view, 8, 1, 0)).toThrow(RangeError)
      expect(() => native.send(a, view, 9, 0, 0)).toThrow(RangeError)
      expect(() => native.bind(a, new Uint8Array(4), 16)).toThrow(RangeError)
      expect(() => native.setsockopt(a, C.SOL_SOCKET, C.SO_RCVBUF, new Uint8Array(2), 4)).toThrow(RangeError)
      // a valid range on a view writes only inside the view
      expect(native.send(b, Uint8Array.of(1, 2, 3), 0, 3, 0)).toBe(3)
      expect(native.recv(a, view, 5, 3, 0)).toBe(3)
      expect([...whole.subarray(13, 16)]).toEqual([1, 2, 3])
      expect(whole.subarray(0, 13).every((x) => x === 0)).toBe(true)
    } finally {
      native.close(a)
      native.close(b)
    }
  })
})

describe('syscalls return n or -errno, never throw for an errno', () => {
  it('EBADF, ENOTSOCK, EAGAIN', () => {
    expect(native.recv(1_000_000, new Uint8Array(1), 0, 1, 0)).toBe(-C.EBADF)
    const file = openSync('/dev/null', 'r')
    try {
      expect(native.recv(file, new Uint8Array(1), 0, 1, 0)).toBe(-C.ENOTSOCK)
    } finally {
      closeSync(file)
    }
    const [a, b] = pair()
    expect(native.recv(a, new Uint8Array(1), 0, 1, 0)).toBe(-C.EAGAIN)
    native.close(a)
    native.close(b)
  })

  it('creates sockets non-blocking and close-on-exec', () => {
    const fd = native.socket(C.AF_INET, C.SOCK_STREAM, 0)
    expect(fd).toBeGreaterThan(2)
    expect(native.fcntl(fd, C.F_GETFL, 0) & C.O_NONBLOCK).toBe(C.O_NONBLOCK)
    expect(native.fcntl(fd, C.F_GETFD, 0) & C.FD_CLOEXEC).toBe(C.FD_CLOEXEC)
    expect(native.close(fd)).toBe(0)
    expect(native.close(fd)).toBe(-C.EBADF)
  })

  it('readv/writev through recvmsg/sendmsg, and msg_flags in scratch', () => {
    const [a, b] = pair(C.SOCK_DGRAM)
    try {
      expect(native.sendmsg(a, [Uint8Array.of(1, 2), Uint8Array.of(3, 4, 5)], null, 0, null, 0)).toBe(5)
      const x = new Uint8Array(2)
      const y = new Uint8Array(2)
      expect(native.recvmsg(b, [x, y], null, null, 0)).toBe(4)
      expect(scratch[2] & C.MSG_TRUNC).toBe(C.MSG_TRUNC)
      expect([...x, ...y]).toEqual([1, 2, 3, 4])
    } finally {
      native.close(a)
      native.close(b)
    }
  })

  it('int socket options through scratch', () => {
    const fd = native.socket(C.AF_INET, C.SOCK_STREAM, 0)
    expect(native.setsockoptInt(fd, C.IPPROTO_TCP, C.TCP_NODELAY, 1)).toBe(0)
    expect(native.getsockoptInt(fd, C.IPPROTO_TCP, C.TCP_NODELAY)).toBe(0)
    expect(scratch[0]).toBe(1)
    expect(native.getsockoptInt(fd, C.SOL_SOCKET, C.SO_TYPE)).toBe(0)
    expect(scratch[0]).toBe(C.SOCK_STREAM)
    native.close(fd)
  })

  it('poll waits for the timeout and reports readiness', () => {
    const [a, b] = pair()
    try {
      const t0 = performance.now()
      expect(native.poll(a, C.POLLIN, 30)).toBe(0)
      expect(performance.now() - t0).toBeGreaterThanOrEqual(29)
      expect(native.poll(a, C.POLLOUT, 0) & C.POLLOUT).toBe(C.POLLOUT)
      native.send(b, Uint8Array.of(1), 0, 1, 0)
      expect(native.poll(a, C.POLLIN, -1) & C.POLLIN).toBe(C.POLLIN)
    } finally {
      native.close(a)
      native.close(b)
    }
  })

  it('exports layouts from the headers', () => {
    expect(layout.sockaddr_in).toBe(16)
    expect(layout.sockaddr_in6).toBe(28)
    expect(layout.sun_path_size).toBe(108)
    expect(scratch).toBeInstanceOf(Int32Array)
  })
})

describe('Handle', () => {
  it('reports readiness, closes idempotently, detaches', async () => {
    const [a, b] = pair()
    const events: number[] = []
    let wake!: () => void
    const woke = new Promise<void>((r) => (wake = r))
    const h = new Handle(a, (handle, ready) => {
      expect(handle).toBe(h) // the callback is given the ready Handle
      events.push(ready)
      h.watch(0)
      wake()
    })
    expect(h.watch(C.UV_READABLE)).toBe(0)
    native.send(b, Uint8Array.of(7), 0, 1, 0)
    await woke
    expect(events[0] & C.UV_READABLE).toBe(C.UV_READABLE)
    expect(h.close()).toBe(0)
    expect(native.fcntl(a, C.F_GETFD, 0)).toBe(-C.EBADF) // the fd is closed
    // close() freed the Handle (no finalizer left for the GC): later calls do nothing
    expect(h.close()).toBeUndefined()
    expect(h.watch(C.UV_READABLE)).toBeUndefined()
    expect(h.detach()).toBeUndefined()

    const h2 = new Handle(b, () => {})
    expect(h2.detach()).toBe(b)
    expect(h2.detach()).toBeUndefined()
    expect(h2.close()).toBeUndefined()
    expect(native.fcntl(b, C.F_GETFD, 0)).toBeGreaterThanOrEqual(0) // still open: ours now
    native.close(b)
  })

  it('recv reads from its fd and resolves the slot with the count in the same call', async () => {
    const [a, b] = pair()
    const h = new Handle(a, () => {})
    const buf = new Uint8Array(8)
    const p = h.promise<number>(0)
    expect(h.recv(0, buf, 0, 8)).toBe(-C.EAGAIN) // nothing yet: the promise stays pending
    native.send(b, Uint8Array.of(1, 2, 3), 0, 3, 0)
    expect(h.recv(0, buf, 2, 4)).toBe(3)
    expect(await p).toBe(3)
    expect([...buf.subarray(2, 5)]).toEqual([1, 2, 3])
    expect(() => h.recv(0, buf, 6, 4)).toThrow(RangeError) // past the end: refused before recv(2)
    expect(() => h.recv(2, buf, 0, 1)).toThrow(RangeError)
    native.close(b)
    const eof = h.promise<number>(1)
    expect(h.recv(1, buf, 0, 8)).toBe(0) // end of stream resolves too
    expect(await eof).toBe(0)
    h.close()
  })

  it('rejects a promise still pending when it is closed', async () => {
    const [a, b] = pair()
    const h = new Handle(a, () => {})
    const p = h.promise(0)
    expect(h.close()).toBe(0)
    await expect(p).rejects.toMatchObject({ code: 'ERR_SOCK_CLOSED' })
    expect(() => Handle.prototype.watch.call({}, 0)).toThrow(TypeError) // not a Handle: V8 refuses the receiver
    native.close(b)
  })

  it('refuses a bad fd and a non-function callback', () => {
    expect(() => new Handle(-1, () => {})).toThrow(RangeError)
    expect(() => new Handle(5, 'x' as never)).toThrow(TypeError)
  })
})

describe('MmsgTable (recvmmsg / sendmmsg)', () => {
  it('checks the arenas once, then only the table and the count per call', () => {
    const [a, b] = pair(C.SOCK_DGRAM)
    try {
      expect(() => new native.MmsgTable(new Uint8Array(10), new Uint8Array(28 * 3), null, new Int32Array(12))).toThrow(
        expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }), // 10 bytes do not split into 3 slots
      )
      expect(() => new native.MmsgTable(new Uint8Array(12), new Uint8Array(84), null, new Float64Array(12) as never)).toThrow(TypeError)
      const meta = new Int32Array(8)
      const data = new Uint8Array(2 * 16)
      const table = new native.MmsgTable(data, new Uint8Array(2 * 110), null, meta)
      expect(() => native.recvmmsg(a, {}, 1)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' })) // not a table
      const other = new Handle(b, () => {}) // owns b from here on
      expect(() => native.recvmmsg(a, other as never, 1)).toThrow(TypeError) // another wrapped object
      expect(() => native.recvmmsg(a, table, 3)).toThrow(RangeError)
      meta[0] = 17 // longer than the 16-byte slot
      expect(() => native.sendmmsg(a, table, 1)).toThrow(RangeError)
      data.set([1, 2, 3], 0)
      meta[0] = 3
      meta[1] = 0 // connected (a socketpair): no address
      meta[2] = 0
      expect(native.sendmmsg(a, table, 1)).toBe(1)
      expect(native.recvmmsg(b, table, 2)).toBe(1)
      expect(meta[0]).toBe(3)
      other.close()
    } finally {
      native.close(a)
    }
  })
})

describe('generated.d.ts', () => {
  it('names exactly the constants and layout entries the built addon exports (scripts/gen-types.mjs --check)', async () => {
    const { spawnSync } = await import('node:child_process')
    const r = spawnSync(process.execPath, ['scripts/gen-types.mjs', '--check'], { cwd: `${import.meta.dirname}/..`, encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })

  it('lays out SCTP structs per struct: two fields of one name do not share a key', () => {
    expect(native.sctp.layout.sctp_getaddrs.assoc_id).toBe(0)
    expect(native.sctp.layout.sctp_assoc_value.assoc_id).toBe(0)
    expect(native.sctp.layout.sctp_sndinfo.size).toBeGreaterThan(native.sctp.layout.sctp_sndinfo.snd_assoc_id)
    expect(Object.keys(native.sctp.layout.sctp_status)).toContain('sstat_primary')
  })
})
