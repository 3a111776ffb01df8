// The binding and the constants JS compares against, in one place.
import native from '@sock/native'

export { native }
/** The constants of this system (AF_*, SO_*, E*, ...), from the C headers: `constants` in the public API. */
export const C = native.constants
// a private view of the scratch area: detaching the public `scratch` of @sock/native cannot blind it
export const scratch = native.scratchView()
