// What @sock/sctp shares with these options: the SCTP struct codecs and field checks.
// Exported as '@sock/opts/internal' for sock's own packages; not part of the public,
// versioned API: names may change in any release.
export { writeSndInfo, readSndInfo, u16, u32, assocIdOf, checkObject } from './sctp-structs.js'
