// The binding and the constants JS compares against, in one place.
import native from '@sock/native'

export { native }
/** The constants of this system (AF_*, SO_*, E*, ...), from the C headers: `constants` in the public API. */
export const C = native.constants
export const scratch = native.scratch
