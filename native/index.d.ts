/**
 * @sock/native — the typed contract of every native call.
 *
 * Every syscall wrapper returns `n >= 0` or `-errno` and never throws for an
 * errno; it throws `TypeError`/`RangeError` (code `ERR_INVALID_ARG_TYPE` /
 * `ERR_OUT_OF_RANGE`) only for arguments of the wrong type or out of bounds.
 * Calls with several results put the extra ones in `scratch`.
 */
import type { ConstantName, LayoutKey, SCTPConstantName, SCTPLayout } from './generated.js'

export type { ConstantName, LayoutKey, SCTPConstantName, SCTPLayout }

/** Per-environment results area: slot meanings are documented per call. */
export declare const scratch: Int32Array

/** Constants from the system headers (AF_*, SOCK_*, SO_*, E*, POLL*, UV_*...). */
export declare const constants: Readonly<Record<ConstantName, number>>

/** Struct sizes and field offsets from the system headers, in bytes. */
export declare const layout: Readonly<Record<LayoutKey, number>> &
  Readonly<{
    /** sizeof(struct sockaddr_storage): room for any address. */
    sockaddr_storage: number
    /** offsetof(sa_family) in every sockaddr. */
    sa_family_offset: number
    /** sizeof(sa_family_t). */
    sa_family_size: number
    /** 1 where sockaddrs start with a length byte (BSD, darwin), 0 on Linux. */
    sa_len: number
    /** sizeof(struct sockaddr_in). */
    sockaddr_in: number
    /** offsetof(struct sockaddr_in, sin_port) (network byte order). */
    sin_port: number
    /** offsetof(struct sockaddr_in, sin_addr). */
    sin_addr: number
    /** sizeof(struct sockaddr_in6). */
    sockaddr_in6: number
    /** offsetof(struct sockaddr_in6, sin6_port) (network byte order). */
    sin6_port: number
    /** offsetof(struct sockaddr_in6, sin6_flowinfo). */
    sin6_flowinfo: number
    /** offsetof(struct sockaddr_in6, sin6_addr). */
    sin6_addr: number
    /** offsetof(struct sockaddr_in6, sin6_scope_id). */
    sin6_scope_id: number
    /** sizeof(struct sockaddr_un). */
    sockaddr_un: number
    /** offsetof(struct sockaddr_un, sun_path). */
    sun_path: number
    /** sizeof(sun_path), the terminating NUL included. */
    sun_path_size: number
    /** sizeof(struct linger) (SO_LINGER). */
    linger: number
    /** offsetof(struct linger, l_onoff). */
    l_onoff: number
    /** offsetof(struct linger, l_linger), in seconds. */
    l_linger: number
    /** sizeof(int). */
    int: number
    /** Int32 slots in `scratch`. */
    scratch_slots: number
    /** sizeof(struct cmsghdr). */
    cmsghdr: number
    /** The alignment CMSG_ALIGN rounds to, in bytes. */
    cmsg_align: number
    /** offsetof(struct cmsghdr, cmsg_len). */
    cmsg_len: number
    /** sizeof(cmsg_len) (size_t on Linux). */
    cmsg_len_size: number
    /** offsetof(struct cmsghdr, cmsg_level). */
    cmsg_level: number
    /** offsetof(struct cmsghdr, cmsg_type). */
    cmsg_type: number
    /** CMSG_DATA offset from the start of a cmsghdr. */
    cmsg_data: number
    /** sizeof(struct ucred) (SO_PEERCRED, SCM_CREDENTIALS). */
    ucred: number
    /** offsetof(struct ucred, pid). */
    ucred_pid: number
    /** offsetof(struct ucred, uid). */
    ucred_uid: number
    /** offsetof(struct ucred, gid). */
    ucred_gid: number
  }>

/** One native owner of an fd and its lazily created `uv_poll_t`. */
export declare class Handle {
  /**
   * Takes ownership of `fd`; `callback(handle, ready)` reports readiness: `ready` is the UV_* events,
   * or < 0 for EPOLLERR (try both directions). The callback is held strongly for the Handle's life, so
   * it should be one function shared by many handles that finds its socket through `handle` (e.g.
   * `owner`): a closure over the socket would keep it from ever being collected.
   */
  constructor(fd: number, callback: (handle: Handle, ready: number) => void)
  /** Free for the creator's use: what the readiness callback needs to find from the Handle. */
  owner?: unknown
  /**
   * Arms libuv for `UV_READABLE | UV_WRITABLE | UV_DISCONNECT` (uv_poll_start, only when the set
   * changes; 0 stops). `waiting` (default: events != 0) says whether operations other than the
   * slots' wait; a pending slot promise (`promise(slot)`) counts by itself. Only while armed and
   * waiting is the handle kept from collection and does it keep the loop alive; armed but not
   * waiting, it is neither. Returns 0 or a negative libuv/errno code (`-ENOTSUP` on a runtime
   * without libuv's uv_poll, such as Bun).
   */
  watch(events: number, waiting?: boolean): number
  /**
   * Stops and closes the poll handle, then close(2); returns 0 or -errno. The Handle is freed
   * (no finalizer left for the GC): later calls on it do nothing and return undefined.
   */
  close(): number
  /** Stops the poll handle and gives up the fd (returned). Frees the Handle as `close()` does. */
  detach(): number
  /** Whether a handle with waiting operations keeps the event loop alive. */
  setRef(ref: boolean): void
  /** A pending promise made by the addon (no settle functions on the JS heap), for `settle(slot, ...)`; slot 0 or 1, one pending per slot. */
  promise<T>(slot: number): Promise<T>
  /** Resolves (or, with `rejected`, rejects) the slot's pending promise; nothing if none is. */
  settle(slot: number, value: unknown, rejected: boolean): void
  /**
   * recv(2) on the Handle's fd (MSG_DONTWAIT) into `buf[offset, offset + length)`: bytes, 0 at end of
   * stream, or -errno. Bytes or end of stream also resolve the slot's pending promise with the count,
   * in the same call; an error or would-block settles nothing.
   */
  recv(slot: number, buf: Uint8Array, offset: number, length: number): number
}

/** The addon's default export: every native call, and the tables above. */
export interface Binding {
  /** The same as the named export {@link scratch}. */
  scratch: Int32Array
  /** The same as the named export {@link constants}. */
  constants: typeof constants
  /** The same as the named export {@link layout}. */
  layout: typeof layout
  /** The same as the named export {@link Handle}. */
  Handle: typeof Handle
  /**
   * A new private Int32Array over the scratch area (the same memory as `scratch`).
   * The memory is native and outlives every view, so detaching or transferring a
   * view never makes native code write freed memory; a package that reads its
   * own view is not affected by someone detaching the public `scratch`.
   */
  scratchView(): Int32Array
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
  sendmsg(
    fd: number,
    buffers: Uint8Array | readonly Uint8Array[],
    name: Uint8Array | null,
    nameLength: number,
    control: Uint8Array | null,
    flags: number,
  ): number
  /** poll(2) on one fd -> revents, 0 on timeout; timeoutMs < 0 waits forever */
  poll(fd: number, events: number, timeoutMs: number): number
  /** epoll_create1(EPOLL_CLOEXEC) -> a new epoll fd or -errno */
  epollCreate(): number
  /** epoll_ctl(2): op EPOLL_CTL_ADD / MOD / DEL of `fd` with an EPOLL* mask and a uint32 token -> 0 or -errno */
  epollCtl(epfd: number, op: number, fd: number, events: number, token: number): number
  /**
   * epoll_wait(2) -> n ready fds (0: timed out or interrupted) or -errno; `out` receives n
   * (token, events) pairs, at most min(out.length / 2, 1024); timeoutMs < 0 waits forever
   */
  epollWait(epfd: number, out: Uint32Array, timeoutMs: number): number
  /** An io_uring instance (Linux; @sock/uring wraps it). */
  Ring: typeof Ring
  /** getsockopt(2) -> option length */
  getsockopt(fd: number, level: number, name: number, out: Uint8Array): number
  /** setsockopt(2) -> 0 */
  setsockopt(fd: number, level: number, name: number, value: Uint8Array, length: number): number
  /** getsockopt(2) of an int -> 0; value in scratch[0] */
  getsockoptInt(fd: number, level: number, name: number): number
  /** setsockopt(2) of an int -> 0 */
  setsockoptInt(fd: number, level: number, name: number, value: number): number
  /** A registered message table for recvmmsg/sendmmsg. */
  MmsgTable: {
    /**
     * Equal slots of data, names and control (optional), 4 int32 meta fields per message (1 to 1024 messages),
     * and optionally 1 + 2k int32 per message of scatter/gather segments ([count, offset0, length0, ...] in the
     * data arena, k 1..64; count 0: the message's own slot).
     */
    new (data: Uint8Array, names: Uint8Array, control: Uint8Array | null, meta: Int32Array, segments?: Int32Array | null): object
  }
  /** recvmmsg(2) into a table: meta gets (bytes, name length, control length, msg_flags) per message -> count */
  recvmmsg(fd: number, table: object, count: number): number
  /** sendmmsg(2) from a table: meta gives (bytes, name length, control length) per message -> count sent */
  sendmmsg(fd: number, table: object, count: number): number
  /** SCTP constants and struct layouts from <linux/sctp.h> */
  sctp: {
    /** SCTP_* and SCTP-specific MSG_* numbers. */
    constants: Readonly<Record<SCTPConstantName, number>>
    /** Each sctp_* struct as `{ size, <field>: offset }`, in bytes (fields of one name in two structs never share a key). */
    layout: Readonly<SCTPLayout>
  }
  /** if_nametoindex(3) -> index, 0 if unknown */
  ifNameToIndex(name: string): number
  /** if_indextoname(3) -> name or null */
  ifIndexToName(index: number): string | null
}

/** Every native call: see {@link Binding}. */
declare const binding: Binding
export default binding

/**
 * An io_uring instance driven by raw syscalls: SQ/CQ rings, a provided-buffer ring (buffer
 * group 0), the ring fd watched by libuv. Completions reach `callback(count)` in batches:
 * `table` holds `count` records of 4 int32 (token, result or -errno, kind << 8 | truncated << 1 |
 * more, offset of received bytes in `arena` or -1), kinds 1 accept, 2 recv, 3 send, 5 recvmsg, 6 connect, 7 shutdown, 8 close (at
 * the offset: a u32 sender length, the sender in 28 bytes, at +32 a u32 control length and a u32 msg_flags, the control room the request asked for at +40, then the payload); `count` -1
 * means `table` or `arena` was detached (nothing more is delivered). The constructor throws
 * an Error with code ERR_SOCK_URING_UNAVAILABLE (and errno, syscall) where io_uring cannot be used.
 */
export declare class Ring {
  /** `zeroCopyMin`: sends of at least this many bytes go as IORING_OP_SEND_ZC (0 or absent: none; ignored without kernel support). */
  constructor(
    entries: number,
    bufferCount: number,
    bufferSize: number,
    table: Int32Array,
    arena: Uint8Array,
    callback: (count: number) => void,
    zeroCopyMin?: number,
  )
  /** Multishot accept4 (SOCK_NONBLOCK | SOCK_CLOEXEC) on a listening fd -> 0 or -errno */
  acceptMultishot(fd: number, token: number): number
  /** Multishot recv into the provided buffers -> 0 or -errno */
  recvMultishot(fd: number, token: number): number
  /** Copies `data` and sends it after the fd's earlier sends (MSG_WAITALL | MSG_NOSIGNAL) -> its sequence number (>= 0) or -errno */
  send(fd: number, data: Uint8Array, token: number): number
  /** Cancels send `seq` of `fd` and drops those queued after it -> how many were dropped (never reported), or -ENOENT if it is no longer queued */
  cancelSend(fd: number, seq: number): number
  /** Cancels every request on the fd, submitted at once -> queued sends dropped (never reported) or -errno */
  cancelFd(fd: number): number
  /** IORING_OP_CONNECT to a kernel sockaddr (copied) -> 0 or -errno; completes as kind 6 */
  connect(fd: number, sockaddr: Uint8Array, length: number, token: number): number
  /** IORING_OP_CLOSE of an fd the caller owns and gives up -> 0 or -errno; completes as kind 8 with token `id` */
  closeFd(fd: number, id: number): number
  /** IORING_OP_SHUTDOWN (SHUT_RD / SHUT_WR / SHUT_RDWR) -> 0 or -errno; completes as kind 7 */
  shutdown(fd: number, token: number, how: number): number
  /** Multishot recvmsg into the provided buffers (IPv4/IPv6 datagrams, with the sender and up to `controlLength` bytes of ancillary data, 0..4096) -> 0 or -errno */
  recvMsgMultishot(fd: number, token: number, controlLength?: number): number
  /** Cancels one request (kind 1 accept, 2 recv, 5 recvmsg, 6 connect) by its token -> 0 or -errno; it ends with ECANCELED */
  cancelRequest(kind: number, token: number): number
  /** Whether requests in flight keep the event loop alive (default true). */
  setRef(ref: boolean): void
  /** Cancels everything, waits until nothing is in flight, frees the ring. Idempotent. */
  close(): void
  /** [requests in flight, sends queued behind others, SQEs not yet submitted, zero-copy notifications, of which copied, zeroCopyMin in use (0: off)] */
  stats(): [number, number, number, number, number, number]
}
