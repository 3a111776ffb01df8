import { AF_UNIX, L, readFamily, writeFamily } from './layout.js'
import { InvalidAddressError } from './errors.js'
import { checkKernelLength, copyBytes } from './bytes-arg.js'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * A Unix socket address in a kernel `struct sockaddr_un`.
 *
 * - a filesystem path: up to `sun_path` (108) UTF-8 bytes; the length counts a trailing NUL when it fits
 * - `'@name'`: the Linux abstract namespace, stored with a leading NUL; the length is exact (no trailing NUL)
 * - `''`: autobind (bind picks an abstract name) or an unnamed peer
 *
 * A path that does not fit throws ERR_SOCK_INVALID_ADDRESS: never truncated.
 */
export class SockaddrUnix {
  /** `AF_UNIX` */
  static readonly domain = AF_UNIX
  /** `AF_UNIX`, as on the class. */
  readonly domain = AF_UNIX
  /** The kernel bytes (`struct sockaddr_un`): what the native layer receives. */
  readonly raw: Uint8Array
  #length: number = L.sun_path

  constructor(path = '') {
    this.raw = new Uint8Array(L.sockaddr_un)
    this.path = path
  }

  /** The address length in bytes: offsetof(sun_path) plus the path. */
  get length(): number {
    return this.#length
  }

  /** The path, '@name' for an abstract name, '' for unnamed. */
  get path(): string {
    const n = this.#length - L.sun_path
    if (n <= 0) return ''
    const p = this.raw.subarray(L.sun_path, L.sun_path + n)
    if (p[0] === 0) return '@' + decoder.decode(p.subarray(1))
    const nul = p.indexOf(0)
    return decoder.decode(nul === -1 ? p : p.subarray(0, nul))
  }

  /** Sets the path: a filesystem path, '@name' (abstract) or '' (unnamed); one that does not fit `sun_path` is `ERR_SOCK_INVALID_ADDRESS`. */
  set path(path: string) {
    if (typeof path !== 'string') throw new InvalidAddressError('a unix address is a path string')
    const abstract = path.startsWith('@')
    const bytes = encoder.encode(abstract ? path.slice(1) : path)
    const room = L.sun_path_size - (abstract ? 1 : 0)
    if (bytes.length > room)
      throw new InvalidAddressError(`unix socket path is ${bytes.length} bytes; at most ${room} fit in sun_path${abstract ? " after '@'" : ''}`)
    if (!abstract && bytes.includes(0)) throw new InvalidAddressError('unix socket path contains a NUL byte')
    this.raw.fill(0)
    writeFamily(this.raw, AF_UNIX, L.sockaddr_un)
    if (abstract) {
      this.raw.set(bytes, L.sun_path + 1)
      this.#length = L.sun_path + 1 + bytes.length
    } else {
      this.raw.set(bytes, L.sun_path)
      this.#length = L.sun_path + bytes.length + (bytes.length > 0 && bytes.length < L.sun_path_size ? 1 : 0)
    }
  }

  /** `'unix'`. */
  get family(): 'unix' {
    return 'unix'
  }

  /** True for an abstract-namespace name ('@name'). */
  isAbstract(): boolean {
    return this.#length > L.sun_path && this.raw[L.sun_path] === 0
  }

  /** True for the unnamed address ('' : autobind, or an unbound peer). */
  isUnnamed(): boolean {
    return this.#length <= L.sun_path
  }

  /** Copies kernel bytes of an AF_UNIX address and its length into this object (no allocation). */
  copyFrom(bytes: Uint8Array, length: number): this {
    checkKernelLength(bytes, length, 'copyFrom')
    if (bytes.length < 2 || readFamily(bytes) !== AF_UNIX) throw new InvalidAddressError('not an AF_UNIX sockaddr')
    const n = Math.min(length, L.sockaddr_un, bytes.length)
    this.raw.fill(0)
    copyBytes(this.raw, bytes, n)
    this.setKernelLength(length)
    return this
  }

  /** Records the kernel's length after it wrote `raw` (clamped: a 108-byte path comes back as 111). */
  setKernelLength(length: number): void {
    checkKernelLength(this.raw, length, 'setKernelLength')
    if (length > L.sa_family_offset + L.sa_family_size && readFamily(this.raw) !== AF_UNIX)
      throw new InvalidAddressError('the kernel returned a non-AF_UNIX address')
    writeFamily(this.raw, AF_UNIX, L.sockaddr_un)
    this.#length = Math.max(L.sun_path, Math.min(length, L.sockaddr_un))
  }

  /** A copy with its own bytes. */
  clone(): SockaddrUnix {
    return new SockaddrUnix().copyFrom(this.raw, this.#length)
  }

  /** Whether `other` is a SockaddrUnix with the same path (or abstract name). */
  equals(other: unknown): boolean {
    return other instanceof SockaddrUnix && other.path === this.path
  }

  /** Node's shape for a unix address: `{ path }`. */
  toAddressInfo(): {
    /** The path, '@name' for an abstract name, '' for unnamed. */
    path: string
  } {
    return { path: this.path }
  }

  /** The path, '@name' for an abstract name, '' for unnamed. */
  toString(): string {
    return this.path
  }
}
