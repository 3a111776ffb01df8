/** Thrown for an address that cannot be used: bad syntax, a host name (sock does no DNS), a path that does not fit, a wrong family. */
export class InvalidAddressError extends TypeError {
  /** `ERR_SOCK_INVALID_ADDRESS` */
  readonly code = 'ERR_SOCK_INVALID_ADDRESS'
  constructor(message: string) {
    super(message)
    this.name = 'InvalidAddressError'
  }
}

/** Thrown for a port number outside 0..65535 or not an integer. */
export class InvalidPortError extends RangeError {
  /** `ERR_SOCK_INVALID_PORT` */
  readonly code = 'ERR_SOCK_INVALID_PORT'
  constructor(port: unknown) {
    super(`port must be an integer from 0 to 65535, got ${describeValue(port)}`)
    this.name = 'InvalidPortError'
  }
}

/** A port argument: a number 0..65535 (else `ERR_SOCK_INVALID_PORT`); anything but a number is `ERR_INVALID_ARG_TYPE`. */
export function checkPort(port: unknown): number {
  if (typeof port !== 'number') throw invalidArgType(`port must be a number, got ${describeValue(port)}`)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidPortError(port)
  return port
}

/**
 * A value as an error message shows it: strings quoted (the string '8080' is
 * not the number 8080), others by type; never throws (a Symbol, or an object
 * whose toString throws, still formats).
 */
export function describeValue(x: unknown): string {
  switch (typeof x) {
    case 'string':
      return `the string '${x.length > 40 ? `${x.slice(0, 40)}...` : x}'`
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(x)
    case 'symbol':
      return x.toString()
    case 'undefined':
      return 'undefined'
    case 'function':
      return 'a function'
    default:
      return x === null ? 'null' : `an object (${Object.prototype.toString.call(x).slice(8, -1)})`
  }
}

/** A message as given, or any other value described (making the error must never throw). */
const text = (message: unknown): string => (typeof message === 'string' ? message : describeValue(message))

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
  return withCode(new TypeError(text(message)), 'ERR_INVALID_ARG_TYPE')
}

/** A TypeError for an argument of the right type that is not one of the accepted values: `ERR_INVALID_ARG_VALUE`. */
export function invalidArgValue(message: string): CodedError<TypeError> {
  return withCode(new TypeError(text(message)), 'ERR_INVALID_ARG_VALUE')
}

/** A RangeError for a number, length or size outside what is accepted: `ERR_OUT_OF_RANGE` (as the native layer). */
export function outOfRange(message: string): CodedError<RangeError> {
  return withCode(new RangeError(text(message)), 'ERR_OUT_OF_RANGE')
}
