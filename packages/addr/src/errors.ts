/** Thrown for an address that cannot be used: bad syntax, a host name (sock does no DNS), a path that does not fit, a wrong family. */
export class InvalidAddressError extends TypeError {
  /** `ERR_SOCK_INVALID_ADDRESS` */
  readonly code = 'ERR_SOCK_INVALID_ADDRESS'
  constructor(message: string) {
    super(message)
    this.name = 'InvalidAddressError'
  }
}

/** Thrown for a port outside 0..65535 or not an integer. */
export class InvalidPortError extends RangeError {
  /** `ERR_SOCK_INVALID_PORT` */
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

/** An Error carrying a stable `code`, as Node's own argument errors do. */
export type CodedError<E extends Error> = E & {
  /** The stable code: `ERR_INVALID_ARG_TYPE`, `ERR_INVALID_ARG_VALUE`, `ERR_OUT_OF_RANGE`, ... */
  readonly code: string
}

function withCode<E extends Error>(err: E, code: string): CodedError<E> {
  return Object.assign(err, { code })
}

/** A TypeError for an argument of the wrong type: code `ERR_INVALID_ARG_TYPE` (the native layer uses the same). */
export function invalidArgType(message: string): CodedError<TypeError> {
  return withCode(new TypeError(message), 'ERR_INVALID_ARG_TYPE')
}

/** A TypeError for an argument of the right type that is not one of the accepted values: `ERR_INVALID_ARG_VALUE`. */
export function invalidArgValue(message: string): CodedError<TypeError> {
  return withCode(new TypeError(message), 'ERR_INVALID_ARG_VALUE')
}

/** A RangeError for a number, length or size outside what is accepted: `ERR_OUT_OF_RANGE` (as the native layer). */
export function outOfRange(message: string): CodedError<RangeError> {
  return withCode(new RangeError(message), 'ERR_OUT_OF_RANGE')
}
