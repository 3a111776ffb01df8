// Handle: the one native owner of a socket's fd and of its lazily created
// uv_poll_t. JS keeps the FIFO queues of waiters; this file only arms libuv
// for the directions that have waiters and reports readiness to one callback.
//
// Lifetimes: while armed (events != 0) the Handle's JS object and its callback
// are strongly referenced, so a socket with a pending async operation cannot
// be collected; otherwise both are weak and a dropped socket is finalized.
// Teardown is always: stop the poll handle, uv_close it, then close(fd).
#include <unistd.h>
#include <uv.h>

#include "common.h"

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
                        InstanceMethod<&Handle::Detach>("detach"), InstanceMethod<&Handle::SetRef>("setRef")});
  }

  // new Handle(fd, callback(status, events))
  explicit Handle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Handle>(info) {
    int fd;
    if (!ArgFd(info, 0, &fd)) return;
    if (!info[1].IsFunction()) {
      ThrowType(info.Env(), "callback must be a function");
      return;
    }
    fd_ = fd;
    callback_ = Napi::Weak(info[1].As<Napi::Function>());
    data_ = Data(info.Env());
    next_ = data_->handles;
    if (next_) next_->prev_ = this;
    data_->handles = this;
  }

  ~Handle() override {
    Teardown(true);
    Unlink();
  }

  // Takes this handle out of its environment's list of live handles.
  void Unlink() {
    if (!data_) return;
    if (prev_) prev_->next_ = next_;
    else data_->handles = next_;
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
  // Strong while armed, weak while idle.
  void SetArmed(bool armed) {
    if (armed == armed_) return;
    armed_ = armed;
    if (armed) {
      Ref();
      callback_.Ref();
    } else {
      Unref();
      callback_.Unref();
    }
  }

  // watch(events) -> 0 or -errno; events: UV_READABLE | UV_WRITABLE | UV_DISCONNECT, 0 stops.
  Napi::Value Watch(const Napi::CallbackInfo& info) {
    int events;
    if (!ArgInt32(info, 0, &events, "events must be an integer")) return Napi::Value();
    if (events & ~(UV_READABLE | UV_WRITABLE | UV_DISCONNECT | UV_PRIORITIZED)) {
      ThrowRange(info.Env(), "events must be a mask of UV_READABLE, UV_WRITABLE, UV_DISCONNECT");
      return Napi::Value();
    }
    if (fd_ < 0) return Int(info.Env(), -EBADF);
    if (events == events_) return Int(info.Env(), 0);
    if (!poll_) {
      if (events == 0) return Int(info.Env(), 0);
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
      if (!ref_) uv_unref(reinterpret_cast<uv_handle_t*>(&poll_->poll));
    }
    int r = events ? uv_poll_start(&poll_->poll, events, OnPoll) : uv_poll_stop(&poll_->poll);
    if (r < 0) return Int(info.Env(), r);
    events_ = events;
    SetArmed(events != 0);
    return Int(info.Env(), 0);
  }

  // close() -> 0 or -errno from close(2); later calls return 0.
  Napi::Value Close(const Napi::CallbackInfo& info) {
    events_ = 0;
    SetArmed(false);
    return Int(info.Env(), Teardown(true));
  }

  // detach() -> the fd, now owned by the caller (-1 if already closed).
  Napi::Value Detach(const Napi::CallbackInfo& info) {
    int fd = fd_;
    events_ = 0;
    SetArmed(false);
    Teardown(false);
    return Int(info.Env(), fd);
  }

  // setRef(bool): whether an armed handle keeps the event loop alive.
  Napi::Value SetRef(const Napi::CallbackInfo& info) {
    ref_ = info[0].ToBoolean().Value();
    if (poll_) {
      if (ref_)
        uv_ref(reinterpret_cast<uv_handle_t*>(&poll_->poll));
      else
        uv_unref(reinterpret_cast<uv_handle_t*>(&poll_->poll));
    }
    return info.Env().Undefined();
  }

  // A negative status (libuv reports EPOLLERR as UV_EBADF and stops the
  // handle) means "do the syscalls now, then re-arm": JS tries both directions.
  static void OnPoll(uv_poll_t* p, int status, int events) {
    Handle* self = reinterpret_cast<PollBox*>(p)->owner;
    if (!self) return;
    Napi::Env env = self->Env();
    Napi::HandleScope scope(env);
    Napi::Function cb = self->callback_.Value();
    if (status < 0) {
      self->events_ = 0;  // libuv already stopped the handle
      self->SetArmed(false);
    }
    if (cb.IsEmpty()) return;
    napi_value argv[2];
    napi_create_int32(env, status, &argv[0]);
    napi_create_int32(env, events, &argv[1]);
    napi_value result;
    napi_status st = napi_make_callback(env, nullptr, self->Value(), cb, 2, argv, &result);
    if (st == napi_pending_exception) {
      napi_value err;
      napi_get_and_clear_last_exception(env, &err);
      napi_fatal_exception(env, err);  // to process 'uncaughtException', as Node does
    }
    // `self` may be closed now: nothing below may touch it.
  }

  int fd_ = -1;
  PollBox* poll_ = nullptr;
  int events_ = 0;
  bool ref_ = true;
  bool armed_ = false;
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
