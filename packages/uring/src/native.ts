import native from '@sock/native'

export { native }
