import { UDPSocket } from './udp-socket.js'

/**
 * A UDP socket in use: bound by `listenUDP*` or connected by `dialUDP*`.
 * `recvFrom(buf, from)` / `sendTo(buf, to)` with caller-owned addresses and
 * `recvMessages` / `sendMessages` with a preallocated table allocate nothing.
 */
export class UDPConn extends UDPSocket {}
