/**
 * @sock/native — the typed contract of every native call.
 *
 * Every syscall wrapper returns `n >= 0` or `-errno` and never throws for an
 * errno; it throws `TypeError`/`RangeError` (code `ERR_INVALID_ARG_TYPE` /
 * `ERR_OUT_OF_RANGE`) only for arguments of the wrong type or out of bounds.
 * Calls with several results put the extra ones in `scratch`.
 */

/** Per-environment results area: slot meanings are documented per call. */
export declare const scratch: Int32Array

/** Constants from the system headers (AF_*, SOCK_*, SO_*, E*, POLL*, UV_*...). */
export declare const constants: Readonly<Record<string, number>>

/** Struct sizes and field offsets from the system headers, in bytes. */
export declare const layout: Readonly<Record<string, number>> & Readonly<{
  sockaddr_storage: number
  sa_family_offset: number
  sa_family_size: number
  sa_len: number
  sockaddr_in: number
  sin_port: number
  sin_addr: number
  sockaddr_in6: number
  sin6_port: number
  sin6_flowinfo: number
  sin6_addr: number
  sin6_scope_id: number
  sockaddr_un: number
  sun_path: number
  sun_path_size: number
  linger: number
  l_onoff: number
  l_linger: number
  int: number
  scratch_slots: number
  cmsghdr: number
  cmsg_align: number
  cmsg_len: number
  cmsg_len_size: number
  cmsg_level: number
  cmsg_type: number
  cmsg_data: number
  ucred: number
  ucred_pid: number
  ucred_uid: number
  ucred_gid: number
}>

/** One native owner of an fd and its lazily created `uv_poll_t`. */
export declare class Handle {
  /** Takes ownership of `fd`; `callback(status, events)` reports readiness (status < 0: EPOLLERR, try both directions). */
  constructor(fd: number, callback: (status: number, events: number) => void)
  /** Arms libuv for `UV_READABLE | UV_WRITABLE | UV_DISCONNECT`; 0 stops. Returns 0 or a negative libuv/errno code. */
  watch(events: number): number
  /** Stops and closes the poll handle, then close(2). Idempotent. Returns 0 or -errno. */
  close(): number
  /** Stops the poll handle and gives up the fd (returned; -1 if already released). */
  detach(): number
  /** Whether an armed handle keeps the event loop alive. */
  setRef(ref: boolean): void
}

export interface Binding {
  scratch: Int32Array
  constants: Readonly<Record<string, number>>
  layout: typeof layout
  Handle: typeof Handle
  /** socket(2) with SOCK_NONBLOCK | SOCK_CLOEXEC -> fd */
  socket(domain: number, type: number, protocol: number): number
  /** socketpair(2) -> 0; fds in scratch[0], scratch[1] */
  socketpair(domain: number, type: number, protocol: number): number
  /** bind(2) -> 0 */
  bind(fd: number, addr: Uint8Array, addrLength: number): number
  /** connect(2) -> 0 or -EINPROGRESS */
  connect(fd: number, addr: Uint8Array, addrLength: number): number
  /** listen(2) -> 0 */
  listen(fd: number, backlog: number): number
  /** accept4(2) non-blocking, close-on-exec -> fd; peer address length in scratch[0]; retries ECONNABORTED/EPROTO */
  accept(fd: number, addrOut: Uint8Array | null): number
  /** shutdown(2) -> 0 */
  shutdown(fd: number, how: number): number
  /** close(2) -> 0 (never retried) */
  close(fd: number): number
  /** getsockname(2) -> the kernel's address length */
  getsockname(fd: number, addrOut: Uint8Array): number
  /** getpeername(2) -> the kernel's address length */
  getpeername(fd: number, addrOut: Uint8Array): number
  /** fcntl(2) with F_GETFL, F_SETFL, F_GETFD, F_SETFD or F_DUPFD_CLOEXEC */
  fcntl(fd: number, cmd: number, arg: number): number
  /** recv(2) | MSG_DONTWAIT -> bytes */
  recv(fd: number, buf: Uint8Array, offset: number, length: number, flags: number): number
  /** send(2) | MSG_DONTWAIT | MSG_NOSIGNAL -> bytes */
  send(fd: number, buf: Uint8Array, offset: number, length: number, flags: number): number
  /** recvfrom(2) -> bytes; sender address length in scratch[0] */
  recvfrom(fd: number, buf: Uint8Array, offset: number, length: number, flags: number, addrOut: Uint8Array | null): number
  /** sendto(2) -> bytes */
  sendto(fd: number, buf: Uint8Array, offset: number, length: number, addr: Uint8Array, addrLength: number): number
  /** recvmsg(2) -> bytes; scratch[0] name length, scratch[1] control length, scratch[2] msg_flags */
  recvmsg(fd: number, buffers: Uint8Array | readonly Uint8Array[], name: Uint8Array | null, control: Uint8Array | null, flags: number): number
  /** sendmsg(2) -> bytes */
  sendmsg(fd: number, buffers: Uint8Array | readonly Uint8Array[], name: Uint8Array | null, nameLength: number, control: Uint8Array | null, flags: number): number
  /** poll(2) on one fd -> revents, 0 on timeout; timeoutMs < 0 waits forever */
  poll(fd: number, events: number, timeoutMs: number): number
  /** getsockopt(2) -> option length */
  getsockopt(fd: number, level: number, name: number, out: Uint8Array): number
  /** setsockopt(2) -> 0 */
  setsockopt(fd: number, level: number, name: number, value: Uint8Array, length: number): number
  /** getsockopt(2) of an int -> 0; value in scratch[0] */
  getsockoptInt(fd: number, level: number, name: number): number
  /** setsockopt(2) of an int -> 0 */
  setsockoptInt(fd: number, level: number, name: number, value: number): number
  /** A registered message table for recvmmsg/sendmmsg: equal slots of data, names and control, 4 int32 meta fields per message. */
  MmsgTable: new (data: Uint8Array, names: Uint8Array, control: Uint8Array | null, meta: Int32Array) => object
  /** recvmmsg(2) into a table: meta gets (bytes, name length, control length, msg_flags) per message -> count */
  recvmmsg(fd: number, table: object, count: number): number
  /** sendmmsg(2) from a table: meta gives (bytes, name length, control length) per message -> count sent */
  sendmmsg(fd: number, table: object, count: number): number
  /** SCTP constants and struct layouts from <linux/sctp.h> */
  sctp: { constants: Readonly<Record<string, number>>; layout: Readonly<Record<string, number>> }
  /** if_nametoindex(3) -> index, 0 if unknown */
  ifNameToIndex(name: string): number
  /** if_indextoname(3) -> name or null */
  ifIndexToName(index: number): string | null
}

declare const binding: Binding
export default binding
