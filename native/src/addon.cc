// Module entry: per-environment state, the scratch area and the cleanup hook
// that closes every handle when the environment (e.g. a worker thread) exits.
#include "common.h"

namespace sock {

static void Cleanup(void* arg) { CloseAllHandles(static_cast<InstanceData*>(arg)); }

static void FreeData(napi_env env, void* arg, void*) {
  auto* data = static_cast<InstanceData*>(arg);
  napi_remove_env_cleanup_hook(env, Cleanup, data);
  CloseAllHandles(data);
  if (data->scratch_ref) napi_delete_reference(env, data->scratch_ref);
  delete data;
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new InstanceData();
  napi_set_instance_data(env, data, FreeData, nullptr);
  napi_add_env_cleanup_hook(env, Cleanup, data);

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
  return exports;
}

}  // namespace sock

static Napi::Object InitSock(Napi::Env env, Napi::Object exports) { return sock::Init(env, exports); }

NODE_API_MODULE(sock, InitSock)
