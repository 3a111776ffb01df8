// if_nametoindex(3) / if_indextoname(3), for IPv6 zone IDs ('fe80::1%lo').
// Not on any hot path: they take and return strings.
#include <net/if.h>

#include "common.h"

namespace sock {

namespace {

// ifNameToIndex(name) -> index, or 0 when no such interface exists
Napi::Value NameToIndex(const Napi::CallbackInfo& info) {
  if (!info[0].IsString()) return ThrowType(info.Env(), "name must be a string"), Napi::Value();
  std::string name = info[0].As<Napi::String>().Utf8Value();
  return Int(info.Env(), if_nametoindex(name.c_str()));
}

// ifIndexToName(index) -> name, or null when no such interface exists
Napi::Value IndexToName(const Napi::CallbackInfo& info) {
  int64_t index;
  if (!ArgInt(info, 0, 0, UINT32_MAX, &index, "index must be an unsigned 32-bit integer")) return Napi::Value();
  char buf[IF_NAMESIZE];
  if (!if_indextoname(static_cast<unsigned>(index), buf)) return info.Env().Null();
  return Napi::String::New(info.Env(), buf);
}

}  // namespace

void InitNetif(Napi::Env env, Napi::Object exports) {
  SetFn(env, exports, "ifNameToIndex", NameToIndex);
  SetFn(env, exports, "ifIndexToName", IndexToName);
}

}  // namespace sock
