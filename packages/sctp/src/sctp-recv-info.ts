import { SockaddrInet4, SockaddrInet6 } from '@sock/addr'
import { CmsgCursor } from '@sock/core'
import { checkInt } from '@sock/core/internal'
import { endianness } from 'node:os'
import { native, S, SL } from './native.js'

const LE = endianness() === 'LE'
const C = native.constants

/**
 * What `recvMsg` received besides the data, decoded into this reusable object
 * (no allocation per receive): SCTP_RCVINFO (stream, ssn, ppid, tsn, context,
 * association id), the sender, MSG_NOTIFICATION and MSG_EOR.
 */
export class SCTPRecvInfo {
  /** Bytes received into the buffer. */
  bytes = 0
  /** msg_flags of the receive (MSG_EOR: the message is complete; MSG_NOTIFICATION). */
  flags = 0
  /** MSG_NOTIFICATION: the data is a notification: decode it with `parseNotification(buf, bytes)`. */
  notification = false
  /** MSG_EOR: the message is complete (false: more of it follows, e.g. a message larger than the buffer). */
  eor = false
  /** True when SCTP_RCVINFO arrived (the fields below are valid). */
  hasRcvInfo = false
  /** The stream id (rcv_sid). */
  stream = 0
  /** The stream sequence number (rcv_ssn). */
  ssn = 0
  /** The payload protocol identifier, as on the wire (network byte order decoded). */
  ppid = 0
  /** The transmission sequence number (rcv_tsn). */
  tsn = 0
  /** The cumulative TSN acknowledged (rcv_cumtsn). */
  cumtsn = 0
  /** The context (rcv_context). */
  context = 0
  /** The association (rcv_assoc_id). */
  assocId = 0
  /** SCTP_UNORDERED etc. */
  rcvFlags = 0
  /** The sender (one-to-many sockets). */
  readonly from: SockaddrInet4 | SockaddrInet6
  /** The raw ancillary data, for anything not decoded here. */
  readonly control = new Uint8Array(128)
  /** Bytes of `control` the kernel filled. */
  controlLength = 0
  readonly #view = new DataView(this.control.buffer)
  readonly #cursor = new CmsgCursor()

  constructor(family: 4 | 6 = 6) {
    this.from = family === 4 ? new SockaddrInet4() : new SockaddrInet6()
  }

  /** Called by recvMsg after the kernel filled `control`. */
  decode(bytes: number, flags: number, controlLength: number): void {
    checkInt(bytes, 0, 0x7fffffff, 'bytes')
    checkInt(flags, -0x80000000, 0x7fffffff, 'flags')
    checkInt(controlLength, 0, this.control.length, 'controlLength')
    this.bytes = bytes
    this.flags = flags
    this.notification = (flags & S.MSG_NOTIFICATION) !== 0
    this.eor = (flags & C.MSG_EOR) !== 0
    this.controlLength = controlLength
    this.hasRcvInfo = false
    const cur = this.#cursor.reset(this.control, controlLength)
    const v = this.#view
    while (cur.next()) {
      if (cur.level !== S.IPPROTO_SCTP || cur.type !== S.SCTP_RCVINFO) continue
      const d = cur.dataOffset
      this.stream = v.getUint16(d + SL.sctp_rcvinfo.rcv_sid, LE)
      this.ssn = v.getUint16(d + SL.sctp_rcvinfo.rcv_ssn, LE)
      this.rcvFlags = v.getUint16(d + SL.sctp_rcvinfo.rcv_flags, LE)
      this.ppid = v.getUint32(d + SL.sctp_rcvinfo.rcv_ppid, false)
      this.tsn = v.getUint32(d + SL.sctp_rcvinfo.rcv_tsn, LE)
      this.cumtsn = v.getUint32(d + SL.sctp_rcvinfo.rcv_cumtsn, LE)
      this.context = v.getUint32(d + SL.sctp_rcvinfo.rcv_context, LE)
      this.assocId = v.getInt32(d + SL.sctp_rcvinfo.rcv_assoc_id, LE)
      this.hasRcvInfo = true
    }
  }
}
