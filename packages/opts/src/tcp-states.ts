// The TCP states and negotiated-option bits that TCP_INFO reports (tcp-info.ts).
import { native } from './native.js'

const C = native.constants

// TCP states as in `TCPInfo.state` (the kernel's numbers).
/** TCP_ESTABLISHED ({@link TCPInfo.state}): the connection is open. */
export const TCP_ESTABLISHED = C.TCP_ESTABLISHED
/** TCP_SYN_SENT ({@link TCPInfo.state}): a SYN was sent (connecting). */
export const TCP_SYN_SENT = C.TCP_SYN_SENT
/** TCP_SYN_RECV ({@link TCPInfo.state}): a SYN was received and answered. */
export const TCP_SYN_RECV = C.TCP_SYN_RECV
/** TCP_FIN_WAIT1 ({@link TCPInfo.state}): this end closed; its FIN is not yet acknowledged. */
export const TCP_FIN_WAIT1 = C.TCP_FIN_WAIT1
/** TCP_FIN_WAIT2 ({@link TCPInfo.state}): this end closed and its FIN was acknowledged; waiting for the peer's. */
export const TCP_FIN_WAIT2 = C.TCP_FIN_WAIT2
/** TCP_TIME_WAIT ({@link TCPInfo.state}): both ends closed; waiting out late segments. */
export const TCP_TIME_WAIT = C.TCP_TIME_WAIT
/** TCP_CLOSE ({@link TCPInfo.state}): closed. */
export const TCP_CLOSE = C.TCP_CLOSE
/** TCP_CLOSE_WAIT ({@link TCPInfo.state}): the peer closed; this end has not. */
export const TCP_CLOSE_WAIT = C.TCP_CLOSE_WAIT
/** TCP_LAST_ACK ({@link TCPInfo.state}): both closed, the peer first; waiting for the last ACK. */
export const TCP_LAST_ACK = C.TCP_LAST_ACK
/** TCP_LISTEN ({@link TCPInfo.state}): listening. */
export const TCP_LISTEN = C.TCP_LISTEN
/** TCP_CLOSING ({@link TCPInfo.state}): both ends closed at once; waiting for the ACK. */
export const TCP_CLOSING = C.TCP_CLOSING

/** TCPI_OPT_TIMESTAMPS ({@link TCPInfo.options}): TCP timestamps (RFC 7323) were negotiated. */
export const TCPI_OPT_TIMESTAMPS = 1
/** TCPI_OPT_SACK: selective acknowledgements (RFC 2018) were negotiated. */
export const TCPI_OPT_SACK = 2
/** TCPI_OPT_WSCALE: window scaling (RFC 7323) was negotiated. */
export const TCPI_OPT_WSCALE = 4
/** TCPI_OPT_ECN: ECN was negotiated (RFC 3168). */
export const TCPI_OPT_ECN = 8
/** TCPI_OPT_ECN_SEEN: at least one packet arrived with ECT set. */
export const TCPI_OPT_ECN_SEEN = 16
/** TCPI_OPT_SYN_DATA: the SYN (or SYN-ACK) carried data (TCP Fast Open). */
export const TCPI_OPT_SYN_DATA = 32
/** TCPI_OPT_USEC_TS: timestamps count microseconds (Linux 6.7+). */
export const TCPI_OPT_USEC_TS = 64

/** TCP_CA_Open ({@link TCPInfo.caState}): no loss or reordering suspected. */
export const TCP_CA_OPEN = 0
/** TCP_CA_Disorder: duplicate ACKs or SACKs seen (reordering or loss suspected). */
export const TCP_CA_DISORDER = 1
/** TCP_CA_CWR: the window was reduced after an ECN echo or a local congestion signal. */
export const TCP_CA_CWR = 2
/** TCP_CA_Recovery: fast retransmit in progress. */
export const TCP_CA_RECOVERY = 3
/** TCP_CA_Loss: a retransmission timeout fired (or SACK reneging). */
export const TCP_CA_LOSS = 4
