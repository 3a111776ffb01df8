export { toDuplex, SockDuplex, type DuplexOptions, type StreamConn, type UnixAddressInfo } from './duplex.js'
export { serveWithNode, toNetSocket, adoptNodeSocket, adoptNodeServer, dupFd } from './handoff.js'
export { DgramSocket, createSocket, type DgramMessage, type DgramSendCallback } from './dgram-socket.js'
export { fromRinfo, toRinfo, fromAddressInfo, parseSockaddr, toSocketAddress, type RemoteInfo } from './address.js'
