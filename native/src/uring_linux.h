// The Ring @sock/uring uses (an ObjectWrap over UringQueues): its state, and
// what its two files share. uring_linux.cc drives it from the event loop (the
// ring fd's readiness, reaping, batches to JS, teardown); uring_requests_linux.cc
// has the requests JS makes (multishot accept and recv, sends, cancel, close).
#pragma once

#include <uv.h>

#include <cstdint>
#include <map>
#include <vector>

#include "common.h"
#include "uring_queues_linux.h"

namespace sock {

namespace uring {

// What a request is, in the top byte of its user_data (the rest: a JS token,
// or for a send the address of its SendOp; user-space pointers leave the top
// byte zero on x86-64 and arm64).
enum Kind : uint64_t {
  kAccept = 1,
  kRecv = 2,
  kSend = 3,
  kCancel = 4,
  kRecvMsg = 5,
  kConnect = 6,
  kShutdown = 7,
  kClose = 8
};
constexpr int kKindShift = 56;
constexpr uint64_t kPayloadMask = (uint64_t{1} << kKindShift) - 1;

constexpr int kRecordFields = 4;  // token, result, kind << 8 | truncated << 1 | more, arena offset (-1: none)
// A received datagram in the arena (kRecvMsg): [u32 name length][the sender, sockaddr_in6 room, to 32]
// [u32 control length][u32 msg_flags][control: the bytes the request asked room for][payload]
constexpr size_t kDatagramHead = 40;
constexpr unsigned kMaxRecvControl = 4096;
// Tokens index tables (connects, recvmsg control lengths): JS hands out small dense ones.
constexpr int64_t kMaxToken = (1 << 24) - 1;
constexpr unsigned kMaxEntries = 32768;
constexpr unsigned kMaxBuffers = 32768;  // a buffer id is 16 bits
constexpr unsigned kMaxBufferSize = 1 << 20;

// One send's bytes, copied at the call: sends on one fd go one at a time, in order.
// A zero-copy send's bytes stay the kernel's until its notification (IORING_CQE_F_NOTIF).
struct SendOp {
  SendOp* next;
  uint32_t token;
  uint32_t seq;  // which send of the ring this is (cancelSend finds it by this)
  int fd;
  bool orphan;      // its fd was cancelled: the completion only frees it
  bool stop;        // cancelled by cancelSend: a short send is not continued
  bool released;    // done, freed at its last notification
  uint16_t notifs;  // zero-copy notifications still owed
  uint32_t len, done;
  uint8_t data[1];
};

// A connect's address, kept until its completion (user_data points here).
struct ConnectOp {
  uint32_t token;
  uint8_t addr[128];  // sockaddr_storage room
};

struct SendQueue {
  SendOp* head = nullptr;  // in flight when `busy`
  SendOp* tail = nullptr;
  bool busy = false;
};

// uv handles outlive their Ring until uv_close's callback (see CloseTracker).
struct PollBox {
  uv_poll_t poll;
  Ring* owner;
  CloseTracker* tracker;
};
struct PrepareBox {
  uv_prepare_t prepare;
  Ring* owner;
  CloseTracker* tracker;
};

template <typename Box>
void OnBoxClosed(uv_handle_t* h) {
  auto* box = reinterpret_cast<Box*>(h);
  CloseTracker* tracker = box->tracker;
  delete box;
  tracker->closing--;
  FinishCleanupIfIdle(tracker);
}

}  // namespace uring

class Ring : public Napi::ObjectWrap<Ring> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Ring",
                       {InstanceMethod<&Ring::AcceptMultishot>("acceptMultishot"),
                        InstanceMethod<&Ring::RecvMultishot>("recvMultishot"), InstanceMethod<&Ring::Send>("send"),
                        InstanceMethod<&Ring::CancelSend>("cancelSend"), InstanceMethod<&Ring::CancelFd>("cancelFd"),
                        InstanceMethod<&Ring::CancelRequest>("cancelRequest"),
                        InstanceMethod<&Ring::RecvMsgMultishot>("recvMsgMultishot"),
                        InstanceMethod<&Ring::Connect>("connect"), InstanceMethod<&Ring::Shutdown>("shutdown"),
                        InstanceMethod<&Ring::CloseFd>("closeFd"), InstanceMethod<&Ring::SetRef>("setRef"),
                        InstanceMethod<&Ring::Close>("close"), InstanceMethod<&Ring::Stats>("stats")});
  }

  // new Ring(entries, bufferCount, bufferSize, table: Int32Array, arena: Uint8Array, callback(count),
  //          zeroCopyMin: bytes from which a send goes as IORING_OP_SEND_ZC, 0 for never)
  explicit Ring(const Napi::CallbackInfo& info);
  ~Ring() override;

  // Cancels every request, waits until none is in flight, then frees the
  // rings and buffers. No napi call (runs from finalizers and env teardown).
  void Teardown();
  void Forget();
  void Unlink();
  Ring* next_ = nullptr;
  Ring* prev_ = nullptr;

 private:
  // An SQE (null when the SQ ring stays full); the first one of a turn starts
  // the uv_prepare_t that submits them before the loop sleeps.
  io_uring_sqe* Sqe();

  // Submits what is queued (and runs the task work that posts completions). 0 or -errno.
  int Flush();
  static void OnPrepare(uv_prepare_t* p);

  // The ring fd is readable: completions are waiting.
  static void OnPoll(uv_poll_t* p, int status, int events);

  // Whether the JS table and arena are still the memory registered (a view
  // handed to a callback can have its buffer transferred or detached).
  bool JsMemoryIntact();

  // Drains the CQ ring. With `deliver`, completions go to JS in batches; the
  // teardown drain only frees and counts.
  void Reap(bool deliver);
  static bool IsRecvData(const io_uring_cqe* cqe);
  void Record(uint32_t token, int32_t res, uint64_t kind, bool more, int32_t offset, bool truncated = false);
  // A datagram of a multishot recvmsg: sender and payload into the arena, the buffer back to the kernel.
  void CompleteRecvMsg(const io_uring_cqe* cqe, bool deliver);
  void Complete(const io_uring_cqe* cqe, bool deliver);

  // A send finished (or failed): report it, then start the fd's next one.
  void SendDone(uring::SendOp* op, int32_t res, bool deliver);
  bool SubmitSend(uring::SendOp* op);
  // A send is over: freed, or at its last zero-copy notification.
  static void ReleaseSend(uring::SendOp* op);
  // A send's completion, or a zero-copy send's notification.
  void CompleteSend(const io_uring_cqe* cqe, bool deliver);

  // One JS call for the records so far; false if JS memory went away.
  bool Deliver();
  void CallJs(int n);

  // The loop stays alive while requests are in flight (unless unref'd), and
  // the JS object stays reachable while the kernel may still report to it.
  void UpdateRef();
  bool Usable(napi_env env);
  // The common start of a request on (fd, token) (see uring_requests_linux.cc), and its end.
  io_uring_sqe* TokenRequest(const Napi::CallbackInfo& info, uint64_t kind, Napi::Value* busy);
  Napi::Value Submitted(napi_env env);

  static void ThrowClosed(napi_env env) { napi_throw_error(env, "ERR_SOCK_CLOSED", "the ring is closed"); }

  // acceptMultishot(fd, token) -> 0 or -errno: one accept request that posts
  // a completion per connection (IORING_ACCEPT_MULTISHOT; non-blocking,
  // close-on-exec fds).
  Napi::Value AcceptMultishot(const Napi::CallbackInfo& info);

  // recvMultishot(fd, token) -> 0 or -errno: one recv request that posts a
  // completion per read into a provided buffer (IORING_RECV_MULTISHOT).
  Napi::Value RecvMultishot(const Napi::CallbackInfo& info);

  // send(fd, bytes, token) -> the send's sequence number (>= 0) or -errno:
  // copies the bytes; an fd's sends go one at a time in call order (each
  // completes fully: MSG_WAITALL), as IORING_OP_SEND_ZC from zeroCopyMin bytes.
  Napi::Value Send(const Napi::CallbackInfo& info);
  // cancelSend(fd, seq) -> how many sends were dropped (never submitted, none
  // will complete: that one if it was queued, and every one after it), or
  // -ENOENT when it is no longer queued. The one in flight is cancelled
  // (IORING_OP_ASYNC_CANCEL by its user_data) and completes as usual.
  Napi::Value CancelSend(const Napi::CallbackInfo& info);

  // cancelFd(fd) -> the number of queued sends dropped (the fd's last ones,
  // never submitted: no completion will report them), or -errno. Cancels every request on the fd
  // (IORING_ASYNC_CANCEL_FD | ALL), submitted now, so the caller may close(2)
  // the fd right after.
  Napi::Value CancelFd(const Napi::CallbackInfo& info);

  // recvMsgMultishot(fd, token, controlLength = 0) -> 0 or -errno: one recvmsg request that
  // posts a completion per datagram, with its sender and up to controlLength bytes of
  // ancillary data (IORING_RECV_MULTISHOT; IPv4/IPv6).
  Napi::Value RecvMsgMultishot(const Napi::CallbackInfo& info);
  // connect(fd, sockaddr, length, token) -> 0 or -errno: IORING_OP_CONNECT (the address is copied).
  Napi::Value Connect(const Napi::CallbackInfo& info);
  // closeFd(fd, id) -> 0 or -errno: IORING_OP_CLOSE of an fd the caller gave up (completes as kind 8, token id).
  Napi::Value CloseFd(const Napi::CallbackInfo& info);
  // shutdown(fd, token, how) -> 0 or -errno: IORING_OP_SHUTDOWN (SHUT_RD, SHUT_WR or SHUT_RDWR).
  Napi::Value Shutdown(const Napi::CallbackInfo& info);
  // cancelRequest(kind, token) -> 0 or -errno: cancels one request (1 accept,
  // 2 recv, 5 recvmsg, 6 connect) by its user_data; it ends with ECANCELED.
  Napi::Value CancelRequest(const Napi::CallbackInfo& info);

  // setRef(bool): whether requests in flight keep the event loop alive.
  Napi::Value SetRef(const Napi::CallbackInfo& info);

  // close(): cancels everything, waits until nothing is in flight, frees the
  // ring. Idempotent; from inside a completion callback it happens once the
  // batch returns.
  Napi::Value Close(const Napi::CallbackInfo& info);

  // stats() -> [requests in flight, sends queued, SQEs not yet submitted,
  //            zero-copy notifications, of which the kernel copied, zeroCopyMin in use (0: off)]
  Napi::Value Stats(const Napi::CallbackInfo& info);
  UringQueues q_;
  // What multishot recvmsgs ask for, by control length (read by the kernel at submission: kept until teardown).
  std::map<uint32_t, msghdr> recvmsg_hdrs_;
  std::vector<uint16_t> recvmsg_control_;  // by token: the control length its multishot recvmsg asked for
  unsigned buf_size_ = 0;
  std::vector<uring::SendQueue> sends_;      // by fd
  std::vector<uring::ConnectOp*> connects_;  // by token: the connect in flight (its user_data points at it)
  unsigned inflight_ = 0;                    // requests submitted or queued in the SQ ring, final completion not reaped
  unsigned queued_ = 0;                      // sends waiting behind their fd's current one
  uint32_t send_seq_ = 0;                    // the next send's sequence number (31 bits)
  uint32_t zc_min_ = 0;                      // sends of at least this many bytes go zero-copy (0: none)
  bool zc_report_ = false;                   // IORING_SEND_ZC_REPORT_USAGE (Linux 6.2)
  unsigned zc_owed_ = 0;                     // zero-copy notifications still owed (part of inflight_)
  double zc_notifs_ = 0, zc_copied_ = 0;     // zero-copy notifications reaped, and how many said "copied"

  int32_t* table_ = nullptr;
  size_t table_records_ = 0, records_ = 0;
  uint8_t* arena_ = nullptr;
  size_t arena_len_ = 0, arena_used_ = 0;
  Napi::Reference<Napi::Value> table_ref_, arena_ref_;
  Napi::FunctionReference callback_;
  uring::PollBox* poll_ = nullptr;
  uring::PrepareBox* prepare_ = nullptr;
  InstanceData* data_ = nullptr;
  bool ref_ = true, strong_ = false, torn_down_ = false, draining_ = false;
  bool close_requested_ = false, broken_ = false, deliver_broken_once_ = true;
  int in_dispatch_ = 0;
};

}  // namespace sock
