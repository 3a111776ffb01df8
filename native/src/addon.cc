// Module entry: per-environment state, the scratch area and the cleanup hook
// that closes every handle when the environment (e.g. a worker thread) exits.
#include "common.h"

namespace sock {

// Environment teardown (a worker exiting, or the process): close every handle
// and fd, then tell Node we are done once every uv_close callback has run.
static void Cleanup(napi_async_cleanup_hook_handle hook, void* arg) {
  auto* data = static_cast<InstanceData*>(arg);
  CloseTracker* tracker = data->tracker;
  tracker->hook = hook;
  CloseAllHandles(data);
  FinishCleanupIfIdle(tracker);
}

static void FreeData(napi_env env, void* arg, void*) {
  auto* data = static_cast<InstanceData*>(arg);
  CloseAllHandles(data);
  if (data->scratch_ref) napi_delete_reference(env, data->scratch_ref);
  delete data;
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new InstanceData();
  data->tracker = new CloseTracker();
  napi_set_instance_data(env, data, FreeData, nullptr);
  napi_add_async_cleanup_hook(env, Cleanup, data, nullptr);

  void* mem = nullptr;
  napi_value ab, scratch;
  napi_create_arraybuffer(env, kScratchSlots * sizeof(int32_t), &mem, &ab);
  napi_create_typedarray(env, napi_int32_array, kScratchSlots, ab, 0, &scratch);
  napi_create_reference(env, ab, 1, &data->scratch_ref);
  data->scratch = static_cast<int32_t*>(mem);
  exports.Set("scratch", Napi::Value(env, scratch));

  InitConstants(env, exports);
  InitSocket(env, exports);
  InitIo(env, exports);
  InitSockopt(env, exports);
  InitPoller(env, exports);
  InitNetif(env, exports);
  InitMmsg(env, exports);
  InitSctp(env, exports);
  return exports;
}

}  // namespace sock

static Napi::Object InitSock(Napi::Env env, Napi::Object exports) { return sock::Init(env, exports); }

NODE_API_MODULE(sock, InitSock)
