// The binding and the constants JS compares against, in one place.
import native from '@sock/native'

export { native }
export const C = native.constants
export const scratch = native.scratch
