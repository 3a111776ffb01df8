// sd_notify(3) in a few lines: tell systemd (or whatever listens on
// $NOTIFY_SOCKET: a path, or '@name' in the abstract namespace) that we are ready.
//
//   NOTIFY_SOCKET=/run/app/notify node sd-notify.mjs [STATE...]
import { UnixConn } from '@sock/unix'

/** Sends one datagram of newline-separated assignments; false when not run under a notify socket. */
export function sdNotify(state) {
  const path = process.env.NOTIFY_SOCKET
  if (!path) return false
  const sock = UnixConn.openUnix('unixgram')
  try {
    sock.sendTo(Buffer.from(state), path) // a datagram socket never blocks here: it is sent or it fails
  } finally {
    sock.close()
  }
  return true
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const states = process.argv.slice(2)
  const sent = sdNotify((states.length ? states : ['READY=1', `MAINPID=${process.pid}`, 'STATUS=serving']).join('\n'))
  console.log(sent ? 'notified' : 'NOTIFY_SOCKET is not set')
}
