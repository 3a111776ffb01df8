// Handle: the one native owner of a socket's fd and of its lazily created
// uv_poll_t. JS keeps the FIFO queues of waiters; this file only arms libuv
// for the directions that have waiters and reports readiness to one callback.
//
// Readiness may stay armed while nobody waits (JS disarms lazily, so a socket
// read in a loop costs no epoll_ctl per operation). Lifetimes follow the
// waiters, not the arming: while JS has a waiting operation the Handle's JS
// object is strongly referenced and the poll handle keeps the loop alive
// (unless unref'd); otherwise the object is weak, the poll handle is unref'd,
// and a dropped socket is finalized even while armed. The callback is held
// strongly all along: it is meant to be one function for many handles (it is
// given the ready Handle's object), capturing none of them.
// Teardown is always: stop the poll handle, uv_close it, then close(fd).
#include <unistd.h>
#include <uv.h>

#include "common.h"
#include "syscall.h"

namespace sock {

// A uv_poll_t with a back pointer to its owner (cleared at teardown) and the
// tracker that environment teardown waits on.
struct PollBox {
  uv_poll_t poll;
  Handle* owner;
  CloseTracker* tracker;
};

void FinishCleanupIfIdle(CloseTracker* tracker) {
  if (tracker->closing != 0) return;
  if (tracker->hook && !tracker->hook_done) {
    tracker->hook_done = true;
    napi_remove_async_cleanup_hook(tracker->hook);
  }
  if (tracker->hook_done && !tracker->data) delete tracker;
}

static void OnClosed(uv_handle_t* h) {
  auto* box = reinterpret_cast<PollBox*>(h);
  CloseTracker* tracker = box->tracker;
  delete box;
  tracker->closing--;
  FinishCleanupIfIdle(tracker);
}

class Handle : public Napi::ObjectWrap<Handle> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Handle",
                       {InstanceMethod<&Handle::Watch>("watch"), InstanceMethod<&Handle::Close>("close"),
                        InstanceMethod<&Handle::Detach>("detach"), InstanceMethod<&Handle::SetRef>("setRef"),
                        InstanceMethod<&Handle::NewPromise>("promise"), InstanceMethod<&Handle::Settle>("settle"),
                        InstanceMethod<&Handle::RecvSettle>("recv")});
  }

  // new Handle(fd, callback(handle, ready))
  explicit Handle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Handle>(info) {
    int fd;
    if (!ArgFd(info, 0, &fd)) return;
    if (!info[1].IsFunction()) {
      ThrowType(info.Env(), "callback must be a function");
      return;
    }
    fd_ = fd;
    callback_ = Napi::Persistent(info[1].As<Napi::Function>());
    data_ = Data(info.Env());
    next_ = data_->handles;
    if (next_) next_->prev_ = this;
    data_->handles = this;
  }

  // The instance behind a method call's `this` (V8 has checked it is a Handle),
  // or nullptr once close() or detach() freed it: the method then does nothing
  // and returns undefined. Hides ObjectWrap::Unwrap, which would throw.
  static Handle* Unwrap(Napi::Object wrapper) {
    void* instance = nullptr;
    if (napi_unwrap(wrapper.Env(), wrapper, &instance) != napi_ok) return nullptr;
    return static_cast<Handle*>(instance);
  }

  ~Handle() override {
    Teardown(true);
    Unlink();
  }

  // Takes this handle out of its environment's list of live handles.
  void Unlink() {
    if (!data_) return;
    if (prev_)
      prev_->next_ = next_;
    else
      data_->handles = next_;
    if (next_) next_->prev_ = prev_;
    prev_ = next_ = nullptr;
  }

  // Releases the fd and the poll handle without any napi call (safe from a
  // finalizer and from the environment cleanup hook). Returns close(2)'s result.
  int Teardown(bool close_fd) {
    if (poll_) {
      uv_poll_stop(&poll_->poll);
      poll_->owner = nullptr;
      poll_->tracker->closing++;
      uv_close(reinterpret_cast<uv_handle_t*>(&poll_->poll), OnClosed);
      poll_ = nullptr;
    }
    int r = 0;
    if (fd_ >= 0 && close_fd) {
      r = ::close(fd_);
      r = r == -1 && errno != EINTR ? -errno : 0;  // never retried: the fd is gone on Linux
    }
    fd_ = -1;
    return r;
  }

  void Forget() {
    prev_ = next_ = nullptr;
    data_ = nullptr;
  }

  friend void CloseAllHandles(InstanceData* data);

 private:
  // Ends this Handle after close() or detach(): napi_remove_wrap drops the GC
  // finalizer (a connection's lifetime then costs no finalizer queue, weak
  // callback or deferred free), and the Handle is deleted now. JS rejects its
  // waiters before it closes; a slot promise still pending (only a misuse of
  // the Handle leaves one) is rejected with ERR_SOCK_CLOSED rather than
  // leaked. Nothing may touch `this` after.
  void Free(const Napi::CallbackInfo& info) {
    for (napi_deferred& d : deferred_) {
      if (!d) continue;
      Napi::Error e = Napi::Error::New(info.Env(), "socket closed");
      e.Set("code", Napi::String::New(info.Env(), "ERR_SOCK_CLOSED"));
      napi_reject_deferred(info.Env(), d, e.Value());
      d = nullptr;
    }
    callback_.Reset();
    if (napi_remove_wrap(info.Env(), info.This(), nullptr) != napi_ok) return;  // then the finalizer frees it
    delete this;
  }

  // Operations wait while armed and JS says some do (watch()'s `waiting`) or
  // a slot's promise is pending: a reused read or accept needs no watch() call
  // to start or stop waiting, its promise() and settle() say it.
  void UpdateWaiting() {
    static_assert(kPromiseSlots == 2);
    SetWaiting(events_ != 0 && (js_waiting_ || deferred_[0] || deferred_[1]));
  }

  // Strong and loop-holding while operations wait, weak and unref'd otherwise.
  void SetWaiting(bool waiting) {
    if (waiting == waiting_) return;
    waiting_ = waiting;
    if (waiting)
      Ref();
    else
      Unref();
    UpdateLoopRef();
  }

  void UpdateLoopRef() {
    if (!poll_) return;
    auto* h = reinterpret_cast<uv_handle_t*>(&poll_->poll);
    if (ref_ && waiting_)
      uv_ref(h);
    else
      uv_unref(h);
  }

  // watch(events, waiting = events != 0) -> 0 or -errno. events: UV_READABLE |
  // UV_WRITABLE | UV_DISCONNECT (uv_poll_start; 0: uv_poll_stop), changed only
  // when it differs from the armed set. waiting: whether JS has operations
  // waiting besides the slots' (they keep the socket reachable and the loop alive).
  Napi::Value Watch(const Napi::CallbackInfo& info) {
    int events;
    if (!ArgInt32(info, 0, &events, "events must be an integer")) return Napi::Value();
    if (events & ~(UV_READABLE | UV_WRITABLE | UV_DISCONNECT | UV_PRIORITIZED)) {
      ThrowRange(info.Env(), "events must be a mask of UV_READABLE, UV_WRITABLE, UV_DISCONNECT");
      return Napi::Value();
    }
    bool waiting = info.Length() > 1 && !info[1].IsUndefined() ? info[1].ToBoolean().Value() : events != 0;
    if (fd_ < 0) return Int(info.Env(), -EBADF);
    js_waiting_ = waiting;
    if (events == events_) {
      UpdateWaiting();
      return Int(info.Env(), 0);
    }
    if (!poll_) {
      if (events == 0) return Int(info.Env(), 0);
      if (data_ && data_->no_uv_poll) return Int(info.Env(), -ENOTSUP);  // see InstanceData
      uv_loop_t* loop = nullptr;
      napi_get_uv_event_loop(info.Env(), &loop);
      if (!data_) return Int(info.Env(), -EBADF);  // the environment is shutting down
      auto* box = new PollBox{};
      int r = uv_poll_init(loop, &box->poll, fd_);
      if (r < 0) {  // e.g. UV_EEXIST: another libuv handle already polls this fd
        delete box;
        return Int(info.Env(), r);
      }
      box->owner = this;
      box->tracker = data_->tracker;
      poll_ = box;
    }
    int r = events ? uv_poll_start(&poll_->poll, events, OnPoll) : uv_poll_stop(&poll_->poll);
    if (r < 0) return Int(info.Env(), r);
    events_ = events;
    UpdateWaiting();
    UpdateLoopRef();  // a new poll handle starts ref'd
    return Int(info.Env(), 0);
  }

  // close() -> 0 or -errno from close(2). The Handle is freed: its JS object
  // is unwrapped (later calls on it do nothing and return undefined, see
  // Unwrap), so the GC has no finalizer to run.
  Napi::Value Close(const Napi::CallbackInfo& info) {
    events_ = 0;
    js_waiting_ = false;
    SetWaiting(false);
    Napi::Value r = Int(info.Env(), Teardown(true));
    Free(info);
    return r;
  }

  // detach() -> the fd, now owned by the caller. Frees the Handle as close() does.
  Napi::Value Detach(const Napi::CallbackInfo& info) {
    Napi::Value fd = Int(info.Env(), fd_);
    events_ = 0;
    js_waiting_ = false;
    SetWaiting(false);
    Teardown(false);
    Free(info);
    return fd;
  }

  // promise(slot) -> a pending promise the addon made (napi_create_promise: no
  // settle functions on the JS heap), settled by settle(slot, ...). Slot 0..1;
  // a slot holds one promise at a time (ERR_INVALID_STATE while one is pending).
  Napi::Value NewPromise(const Napi::CallbackInfo& info) {
    int64_t slot;
    if (!ArgInt(info, 0, 0, kPromiseSlots - 1, &slot, "slot must be 0 or 1")) return {};
    if (deferred_[slot]) {
      Napi::Error e = Napi::Error::New(info.Env(), "a promise of this slot is pending");
      e.Set("code", Napi::String::New(info.Env(), "ERR_INVALID_STATE"));
      e.ThrowAsJavaScriptException();
      return {};
    }
    napi_value promise;
    if (napi_create_promise(info.Env(), &deferred_[slot], &promise) != napi_ok) return {};
    UpdateWaiting();
    return Napi::Value(info.Env(), promise);
  }

  // settle(slot, value, rejected): resolves (or rejects) the slot's promise; nothing if none is pending.
  Napi::Value Settle(const Napi::CallbackInfo& info) {
    int64_t slot;
    if (!ArgInt(info, 0, 0, kPromiseSlots - 1, &slot, "slot must be 0 or 1")) return {};
    napi_deferred d = deferred_[slot];
    deferred_[slot] = nullptr;
    UpdateWaiting();
    if (d) {
      if (info[2].ToBoolean().Value())
        napi_reject_deferred(info.Env(), d, info[1]);
      else
        napi_resolve_deferred(info.Env(), d, info[1]);
    }
    return info.Env().Undefined();
  }

  // recv(slot, buf, offset, length) -> bytes or -errno: recv(2) on the
  // Handle's fd with MSG_DONTWAIT that, when it returns bytes or end of
  // stream, resolves the slot's promise with the count in the same call — a
  // waiting read completes in one crossing, not a recv and a settle. Errors
  // and would-block settle nothing (JS decides).
  Napi::Value RecvSettle(const Napi::CallbackInfo& info) {
    int64_t slot;
    uint8_t* p;
    size_t n;
    if (!ArgInt(info, 0, 0, kPromiseSlots - 1, &slot, "slot must be 0 or 1") || !ArgRange(info, 1, &p, &n)) return {};
    if (fd_ < 0) return Int(info.Env(), -EBADF);
    long r = Retry([&] { return ::recv(fd_, p, n, kRecvFlags); });
    Napi::Value count = Int(info.Env(), r);
    if (r < 0) return count;
    napi_deferred d = deferred_[slot];
    deferred_[slot] = nullptr;
    UpdateWaiting();
    if (d) napi_resolve_deferred(info.Env(), d, count);
    return count;
  }

  // setRef(bool): whether an armed handle keeps the event loop alive.
  Napi::Value SetRef(const Napi::CallbackInfo& info) {
    ref_ = info[0].ToBoolean().Value();
    UpdateLoopRef();
    return info.Env().Undefined();
  }

  // Calls the callback with (this Handle's object, ready): ready is the
  // UV_* events, or a negative status (libuv reports EPOLLERR as UV_EBADF and
  // stops the handle), which means "do the syscalls now, then re-arm": JS
  // tries both directions.
  static void OnPoll(uv_poll_t* p, int status, int events) {
    Handle* self = reinterpret_cast<PollBox*>(p)->owner;
    if (!self) return;
    Napi::Env env = self->Env();
    Napi::HandleScope scope(env);
    if (status < 0) {
      self->events_ = 0;  // libuv already stopped the handle
      self->SetWaiting(false);
    }
    Napi::Object wrapper = self->Value();
    if (wrapper.IsEmpty()) {
      // armed while idle and its JS object already collected: nobody will
      // read, so stop the level-triggered events until the finalizer tears it down
      if (self->events_ != 0) uv_poll_stop(p);
      self->events_ = 0;
      return;
    }
    // The global object is the receiver (the callback is given the Handle
    // as an argument): the cheapest creation context for napi_make_callback.
    napi_value recv, argv[2] = {wrapper}, result;
    napi_get_global(env, &recv);
    napi_create_int32(env, status < 0 ? status : events, &argv[1]);
    napi_status st = napi_make_callback(env, nullptr, recv, self->callback_.Value(), 2, argv, &result);
    if (st == napi_pending_exception) {
      napi_value err;
      napi_get_and_clear_last_exception(env, &err);
      napi_fatal_exception(env, err);  // to process 'uncaughtException', as Node does
    }
    // `self` may be closed now: nothing below may touch it.
  }

  static constexpr int kPromiseSlots = 2;
  napi_deferred deferred_[kPromiseSlots] = {};  // see promise(): freed when settled
  int fd_ = -1;
  PollBox* poll_ = nullptr;
  int events_ = 0;
  bool ref_ = true;
  bool waiting_ = false;     // strong and loop-holding (see UpdateWaiting)
  bool js_waiting_ = false;  // watch()'s `waiting`
  InstanceData* data_ = nullptr;
  Handle *prev_ = nullptr, *next_ = nullptr;  // InstanceData::handles
  Napi::FunctionReference callback_;
};

void CloseAllHandles(InstanceData* data) {
  for (Handle* h = data->handles; h;) {
    Handle* next = h->next_;
    h->Teardown(true);
    h->Forget();
    h = next;
  }
  data->handles = nullptr;
}

void InitPoller(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = Handle::Define(env);
  exports.Set("Handle", ctor);
}

}  // namespace sock
