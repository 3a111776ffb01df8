// Argument helpers shared by every native file. Without C++ exceptions a bad
// argument must be caught before any syscall runs: each helper returns false
// after throwing a TypeError/RangeError with a stable code, and the caller
// returns an empty value at once.
#pragma once

#include <napi.h>

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace sock {

class Handle;
class Ring;
struct InstanceData;

// Counts uv_close() calls whose callbacks have not run yet. Environment
// teardown waits for it to reach zero (an async cleanup hook), because the
// addon's code is unloaded afterwards and a close callback must not outlive
// it. The runtime may run the cleanup hook and free the instance data in
// either order (Node runs the hook first, Deno frees the data first), so the
// tracker is the hook's argument and outlives both: it is deleted once the
// hook is done, the data is freed and no close is pending
// (FinishCleanupIfIdle).
struct CloseTracker {
  int closing = 0;
  InstanceData* data = nullptr;                   // null once napi freed it
  napi_async_cleanup_hook_handle hook = nullptr;  // set once teardown started
  bool hook_done = false;                         // the hook was removed
};

// Per-environment state (napi_set_instance_data): the scratch area where calls
// with several results put the extra ones, and every live Handle so that an
// environment cleanup hook can close them when a worker thread exits. The
// handles form an intrusive list (no container: the addon needs nothing of
// libstdc++ newer than GCC 8's, see native/scripts/check-symbols.mjs).
struct InstanceData {
  int32_t* scratch = nullptr;                    // kScratchSlots int32 values, shared with JS (scratch.cc)
  struct ScratchBlock* scratch_block = nullptr;  // the native memory behind it
  napi_ref scratch_ref = nullptr;                // or V8's, where external buffers are refused
  Handle* handles = nullptr;                     // head of the live handles (Handle::prev_/next_)
  Ring* rings = nullptr;                         // head of the live io_uring rings (uring_linux.cc)
  CloseTracker* tracker = nullptr;
  bool no_uv_poll = false;     // the runtime lacks libuv's uv_poll (Bun): no waiting on the loop
  bool no_uv_prepare = false;  // it lacks uv_prepare (Bun, Deno): no io_uring ring
};

constexpr size_t kScratchSlots = 16;

inline InstanceData* Data(napi_env env) {
  void* d = nullptr;
  napi_get_instance_data(env, &d);
  return static_cast<InstanceData*>(d);
}

inline bool ThrowType(napi_env env, const char* msg) {
  napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", msg);
  return false;
}

inline bool ThrowRange(napi_env env, const char* msg) {
  napi_throw_range_error(env, "ERR_OUT_OF_RANGE", msg);
  return false;
}

// An integer in [min, max]; doubles with a fraction, NaN and non-numbers fail.
inline bool ArgInt(const Napi::CallbackInfo& info, size_t i, int64_t min, int64_t max, int64_t* out, const char* what) {
  napi_env env = info.Env();
  napi_value v = info[i];
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok) return ThrowType(env, what);
  if (!(d == std::trunc(d)) || d < static_cast<double>(min) || d > static_cast<double>(max))
    return ThrowRange(env, what);
  *out = static_cast<int64_t>(d);
  return true;
}

inline bool ArgInt32(const Napi::CallbackInfo& info, size_t i, int* out, const char* what) {
  int64_t v;
  if (!ArgInt(info, i, INT32_MIN, INT32_MAX, &v, what)) return false;
  *out = static_cast<int>(v);
  return true;
}

inline bool ArgFd(const Napi::CallbackInfo& info, size_t i, int* out) {
  int64_t v;
  if (!ArgInt(info, i, 0, INT32_MAX, &v, "fd must be an integer >= 0")) return false;
  *out = static_cast<int>(v);
  return true;
}

// A Uint8Array (Buffer included), without copying.
inline bool ArgBytes(const Napi::CallbackInfo& info, size_t i, uint8_t** data, size_t* length, const char* what) {
  napi_env env = info.Env();
  napi_value v = info[i];
  // napi_get_typedarray_info fails (napi_invalid_arg, no exception) for anything else
  napi_typedarray_type type;
  void* p = nullptr;
  if (napi_get_typedarray_info(env, v, &type, length, &p, nullptr, nullptr) != napi_ok || type != napi_uint8_array)
    return ThrowType(env, what);
  *data = static_cast<uint8_t*>(p);
  return true;
}

// Like ArgBytes, but null/undefined gives (nullptr, 0).
inline bool ArgOptBytes(const Napi::CallbackInfo& info, size_t i, uint8_t** data, size_t* length, const char* what) {
  napi_valuetype t;
  if (napi_typeof(info.Env(), info[i], &t) != napi_ok) return ThrowType(info.Env(), what);
  if (t == napi_null || t == napi_undefined) {
    *data = nullptr;
    *length = 0;
    return true;
  }
  return ArgBytes(info, i, data, length, what);
}

// (buffer, offset, length) checked against the buffer's real size. Lengths are
// capped at INT32_MAX so that a result always fits a small integer.
inline bool ArgRange(const Napi::CallbackInfo& info, size_t i, uint8_t** data, size_t* length) {
  uint8_t* base;
  size_t size;
  if (!ArgBytes(info, i, &base, &size, "buffer must be a Uint8Array")) return false;
  int64_t off, len;
  if (!ArgInt(info, i + 1, 0, INT32_MAX, &off, "offset must be an integer >= 0")) return false;
  if (!ArgInt(info, i + 2, 0, INT32_MAX, &len, "length must be an integer >= 0")) return false;
  if (static_cast<size_t>(off) > size || static_cast<size_t>(len) > size - static_cast<size_t>(off))
    return ThrowRange(info.Env(), "offset + length exceeds the buffer");
  *data = base + off;
  *length = static_cast<size_t>(len);
  return true;
}

inline Napi::Value Int(napi_env env, int64_t n) {
  napi_value v;
  if (n >= INT32_MIN && n <= INT32_MAX)
    napi_create_int32(env, static_cast<int32_t>(n), &v);
  else
    napi_create_int64(env, n, &v);
  return Napi::Value(env, v);
}

// Registration helpers, one per native file.
void InitConstants(Napi::Env env, Napi::Object exports);
void InitSocket(Napi::Env env, Napi::Object exports);
void InitIo(Napi::Env env, Napi::Object exports);
void InitSockopt(Napi::Env env, Napi::Object exports);
void InitPoller(Napi::Env env, Napi::Object exports);
void InitNetif(Napi::Env env, Napi::Object exports);
void InitMmsg(Napi::Env env, Napi::Object exports);
void InitSctp(Napi::Env env, Napi::Object exports);
void InitEpoll(Napi::Env env, Napi::Object exports);
void InitUring(Napi::Env env, Napi::Object exports);
void InitScratch(Napi::Env env, Napi::Object exports, InstanceData* data);
void FreeScratch(napi_env env, InstanceData* data);
void CloseAllHandles(InstanceData* data);
void CloseAllRings(InstanceData* data);  // uring_linux.cc; nothing elsewhere
void FinishCleanupIfIdle(CloseTracker* tracker);

inline void SetFn(Napi::Env env, Napi::Object exports, const char* name, Napi::Value (*fn)(const Napi::CallbackInfo&)) {
  exports.Set(name, Napi::Function::New(env, fn, name));
}

}  // namespace sock
