// The shapes an address argument and a shutdown direction may take.
import type { AddressLike, Sockaddr } from '@sock/addr'

/** An address argument: a Sockaddr (used as is), Node's `{ address, port }` / `{ path }`, or 'host:port'. */
export type AddressInput = Sockaddr | AddressLike | UnixPathLike | string

/** Node's shape of a Unix socket address. */
export interface UnixPathLike {
  /** The path, '@name' for an abstract name. */
  path: string
}

/** What `shutdown()` stops: 'read' (SHUT_RD), 'write' (SHUT_WR, sends FIN) or 'both' (SHUT_RDWR). */
export type ShutdownHow = 'read' | 'write' | 'both'
