/** Thrown for an address that cannot be used: bad syntax, a host name (sock does no DNS), a path that does not fit, a wrong family. */
export class InvalidAddressError extends TypeError {
  readonly code = 'ERR_SOCK_INVALID_ADDRESS'
  constructor(message: string) {
    super(message)
    this.name = 'InvalidAddressError'
  }
}

/** Thrown for a port outside 0..65535 or not an integer. */
export class InvalidPortError extends RangeError {
  readonly code = 'ERR_SOCK_INVALID_PORT'
  constructor(port: unknown) {
    super(`port must be an integer from 0 to 65535, got ${String(port)}`)
    this.name = 'InvalidPortError'
  }
}

export function checkPort(port: unknown): number {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidPortError(port)
  return port
}
