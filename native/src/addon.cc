// Module entry: per-environment state, the scratch area and the cleanup hook
// that closes every handle when the environment (e.g. a worker thread) exits.
#include "common.h"

namespace sock {

// Every ring first (their cancelled requests must drain while the sockets'
// fds are still open), then every socket.
static void CloseAll(InstanceData* data) {
#ifdef SOCK_LINUX
  CloseAllRings(data);
#endif
  CloseAllHandles(data);
}

// Environment teardown (a worker exiting, or the process): close every handle
// and fd, then tell Node we are done once every uv_close callback has run.
// The instance data may already be gone (see CloseTracker).
static void Cleanup(napi_async_cleanup_hook_handle hook, void* arg) {
  auto* tracker = static_cast<CloseTracker*>(arg);
  tracker->hook = hook;
  if (tracker->data) CloseAll(tracker->data);
  FinishCleanupIfIdle(tracker);
}

// The same for a runtime whose async cleanup hooks cannot be removed safely:
// Deno's hook runner frees the hook's handle after the hook returns, and its
// napi_remove_async_cleanup_hook frees it too (a double free at exit). There
// a synchronous hook closes everything; Deno needs no wait for uv_close.
static void SyncCleanup(void* arg) {
  auto* tracker = static_cast<CloseTracker*>(arg);
  tracker->hook_done = true;
  if (tracker->data) CloseAll(tracker->data);
  FinishCleanupIfIdle(tracker);
}

// Whether the global object has `name` ("Deno", "Bun"): the runtimes whose N-API differs.
static bool GlobalHas(napi_env env, const char* name) {
  napi_value global;
  bool has = false;
  return napi_get_global(env, &global) == napi_ok && napi_has_named_property(env, global, name, &has) == napi_ok && has;
}

// napi frees the instance data: close what is left, and tell the tracker.
static void FreeData(napi_env env, void* arg, void*) {
  auto* data = static_cast<InstanceData*>(arg);
  CloseAll(data);
  FreeScratch(env, data);
  CloseTracker* tracker = data->tracker;
  tracker->data = nullptr;
  delete data;
  FinishCleanupIfIdle(tracker);
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new InstanceData();
  data->tracker = new CloseTracker();
  data->tracker->data = data;
  napi_set_instance_data(env, data, FreeData, nullptr);
  // Bun 1.x aborts the process on uv_poll_init and uv_prepare_init (oven-sh/bun#18546), Deno 2.x
  // lacks uv_prepare_init (a symbol lookup error kills it): there, waiting on the loop reports
  // ENOTSUP (Handle::Watch) and a ring ERR_SOCK_URING_UNAVAILABLE instead
  bool bun = GlobalHas(env, "Bun"), deno = GlobalHas(env, "Deno");
  data->no_uv_poll = bun;
  data->no_uv_prepare = bun || deno;
  if (deno)
    napi_add_env_cleanup_hook(env, SyncCleanup, data->tracker);
  else
    napi_add_async_cleanup_hook(env, Cleanup, data->tracker, nullptr);

  InitScratch(env, exports, data);

  InitConstants(env, exports);
  InitSocket(env, exports);
  InitIo(env, exports);
  InitSockopt(env, exports);
  InitPoller(env, exports);
  InitNetif(env, exports);
#ifdef SOCK_LINUX  // the *_linux.cc files: recvmmsg/sendmmsg, SCTP, epoll
  InitMmsg(env, exports);
  InitSctp(env, exports);
  InitEpoll(env, exports);
  InitUring(env, exports);
#endif
  return exports;
}

}  // namespace sock

static Napi::Object InitSock(Napi::Env env, Napi::Object exports) { return sock::Init(env, exports); }

NODE_API_MODULE(sock, InitSock)
