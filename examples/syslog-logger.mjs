// A syslog client over a unix datagram socket (RFC 3164 framing, as /dev/log takes it).
//
//   SYSLOG_SOCKET=/dev/log node syslog-logger.mjs "message" ...
import os from 'node:os'
import { UnixConn } from '@sock/unix'

const FACILITY_USER = 1
const SEVERITY = { emerg: 0, alert: 1, crit: 2, err: 3, warning: 4, notice: 5, info: 6, debug: 7 }

export class SyslogLogger {
  #sock = UnixConn.openUnix('unixgram')
  #tag

  /** Connects a datagram socket to the log socket (default /dev/log). */
  constructor(path = '/dev/log', tag = 'sock-example') {
    this.#tag = tag
    this.#sock.connect(path)
  }

  /** One datagram per message: `<PRI>Mmm dd hh:mm:ss host tag[pid]: message`. */
  log(severity, message) {
    const pri = FACILITY_USER * 8 + SEVERITY[severity]
    const d = new Date()
    const stamp = d.toString().slice(4, 10).replace(/ 0/, '  ') + ' ' + d.toTimeString().slice(0, 8)
    const line = `<${pri}>${stamp} ${os.hostname()} ${this.#tag}[${process.pid}]: ${message}`
    return this.#sock.writeAsync(Buffer.from(line))
  }

  close() {
    this.#sock.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const logger = new SyslogLogger(process.env.SYSLOG_SOCKET ?? '/dev/log')
  for (const m of process.argv.slice(2)) await logger.log('info', m)
  logger.close()
  console.log(`logged ${process.argv.length - 2} messages`)
}
