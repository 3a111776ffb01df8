export { SCTPSocket, openSCTP, type SCTPSendInfo } from './sctp-socket.js'
export type { SCTPInitMsg, SCTPStatus, SCTPPathStatus, SCTPSndInfo } from '@sock/opts'
export { SCTPConn } from './sctp-conn.js'
export { SCTPListener } from './sctp-listener.js'
export { SCTPMultiConn } from './sctp-multi-conn.js'
export { SCTPRecvInfo } from './sctp-recv-info.js'
export {
  listenSCTP,
  listenSCTP4,
  listenSCTP6,
  dialSCTP,
  dialSCTP4,
  dialSCTP6,
  SCTPDialer,
  listenSCTPMulti,
  openSCTPMulti,
  type SCTPNetwork,
  type SCTPOptions,
} from './listen-dial.js'
export {
  parseNotification,
  EVENT_TYPES,
  type SCTPNotification,
  type AssocChange,
  type PeerAddrChange,
  type ShutdownEvent,
  type SendFailed,
  type OtherNotification,
  type SCTPEventName,
} from './notification.js'
export { S as constants } from './native.js'
