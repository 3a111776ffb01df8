// getsockopt(2) / setsockopt(2): a byte form for any option and an int form
// for the common case (the value goes through scratch[0], since an option's
// value may itself be negative).
#include <sys/socket.h>

#include "common.h"
#include "syscall.h"

namespace sock {

namespace {

bool ArgOpt(const Napi::CallbackInfo& info, int* fd, int* level, int* name) {
  return ArgFd(info, 0, fd) && ArgInt32(info, 1, level, "level must be an integer") &&
         ArgInt32(info, 2, name, "option name must be an integer");
}

// getsockopt(fd, level, name, out) -> the option's length in bytes
Napi::Value GetSockOpt(const Napi::CallbackInfo& info) {
  int fd, level, name;
  uint8_t* p;
  size_t size;
  if (!ArgOpt(info, &fd, &level, &name) || !ArgBytes(info, 3, &p, &size, "value must be a Uint8Array"))
    return Napi::Value();
  socklen_t len = static_cast<socklen_t>(size);
  long r = Retry([&] { return ::getsockopt(fd, level, name, p, &len); });
  return Int(info.Env(), r == 0 ? static_cast<long>(len) : r);
}

// setsockopt(fd, level, name, bytes, length) -> 0
Napi::Value SetSockOpt(const Napi::CallbackInfo& info) {
  int fd, level, name;
  uint8_t* p;
  size_t size;
  int64_t len;
  if (!ArgOpt(info, &fd, &level, &name) || !ArgBytes(info, 3, &p, &size, "value must be a Uint8Array") ||
      !ArgInt(info, 4, 0, static_cast<int64_t>(size), &len, "length exceeds the value's bytes"))
    return Napi::Value();
  return Int(info.Env(), Retry([&] { return ::setsockopt(fd, level, name, p, static_cast<socklen_t>(len)); }));
}

// getsockoptInt(fd, level, name) -> 0; the int value goes to scratch[0]
Napi::Value GetSockOptInt(const Napi::CallbackInfo& info) {
  int fd, level, name;
  if (!ArgOpt(info, &fd, &level, &name)) return Napi::Value();
  int value = 0;
  socklen_t len = sizeof(value);
  long r = Retry([&] { return ::getsockopt(fd, level, name, &value, &len); });
  Data(info.Env())->scratch[0] = value;
  return Int(info.Env(), r);
}

// setsockoptInt(fd, level, name, value) -> 0
Napi::Value SetSockOptInt(const Napi::CallbackInfo& info) {
  int fd, level, name, value;
  if (!ArgOpt(info, &fd, &level, &name) || !ArgInt32(info, 3, &value, "value must be a 32-bit integer"))
    return Napi::Value();
  return Int(info.Env(), Retry([&] { return ::setsockopt(fd, level, name, &value, sizeof(value)); }));
}

}  // namespace

void InitSockopt(Napi::Env env, Napi::Object exports) {
  SetFn(env, exports, "getsockopt", GetSockOpt);
  SetFn(env, exports, "setsockopt", SetSockOpt);
  SetFn(env, exports, "getsockoptInt", GetSockOptInt);
  SetFn(env, exports, "setsockoptInt", SetSockOptInt);
}

}  // namespace sock
