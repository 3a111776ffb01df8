import native from '@sock/native'

export { native }
/** SCTP constants from <linux/sctp.h>. */
export const S = native.sctp.constants
/** SCTP struct layouts from <linux/sctp.h>. */
export const SL = native.sctp.layout
