export * from './sol-socket.js'
export * from './ipproto-ip.js'
export * from './ipproto-ipv6.js'
export * from './ipproto-tcp.js'
export * from './ipproto-udp.js'
export * from './ipproto-sctp.js'
export * from './multicast.js'
export { getsockopt, setsockopt } from './generic.js'
export { getTCPInfo, TCPInfo, TCP_INFO_KNOWN_SIZE, type TCPInfoFields } from './tcp-info.js'
export {
  TCP_ESTABLISHED,
  TCP_SYN_SENT,
  TCP_SYN_RECV,
  TCP_FIN_WAIT1,
  TCP_FIN_WAIT2,
  TCP_TIME_WAIT,
  TCP_CLOSE,
  TCP_CLOSE_WAIT,
  TCP_LAST_ACK,
  TCP_LISTEN,
  TCP_CLOSING,
  TCPI_OPT_TIMESTAMPS,
  TCPI_OPT_SACK,
  TCPI_OPT_WSCALE,
  TCPI_OPT_ECN,
  TCPI_OPT_ECN_SEEN,
  TCPI_OPT_SYN_DATA,
  TCPI_OPT_USEC_TS,
  TCP_CA_OPEN,
  TCP_CA_DISORDER,
  TCP_CA_CWR,
  TCP_CA_RECOVERY,
  TCP_CA_LOSS,
} from './tcp-states.js'
export { fdOf, type SocketTarget, type NodeHandleOwner } from './target.js'
