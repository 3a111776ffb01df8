// recvmmsg(2) / sendmmsg(2) over a caller-owned message table: one data arena
// split into equal slots, one name arena, an optional control arena, and an
// Int32Array of four fields per message (length, name length, control length,
// msg_flags). The mmsghdr/iovec arrays are per-environment native memory, so a
// call allocates nothing on the JS heap.
#include <sys/socket.h>

#include <vector>

#include "common.h"
#include "syscall.h"

namespace sock {

namespace {

constexpr int kMaxMessages = 1024;  // UIO_MAXIOV
constexpr int kMetaFields = 4;      // length, name length, control length, flags

struct Table {
  uint8_t *data, *names, *control;
  size_t data_slot, name_slot, control_slot;
  int32_t* meta;
  int count;
};

// (fd, data, names, control | null, meta Int32Array, count)
bool ArgTable(const Napi::CallbackInfo& info, int* fd, Table* t) {
  napi_env env = info.Env();
  size_t data_len, names_len, control_len;
  if (!ArgFd(info, 0, fd) || !ArgBytes(info, 1, &t->data, &data_len, "data must be a Uint8Array") ||
      !ArgBytes(info, 2, &t->names, &names_len, "names must be a Uint8Array") ||
      !ArgOptBytes(info, 3, &t->control, &control_len, "control must be a Uint8Array or null"))
    return false;
  napi_typedarray_type type;
  size_t meta_len = 0;
  void* meta = nullptr;
  if (napi_get_typedarray_info(env, info[4], &type, &meta_len, &meta, nullptr, nullptr) != napi_ok ||
      type != napi_int32_array)
    return ThrowType(env, "meta must be an Int32Array");
  size_t slots = meta_len / kMetaFields;
  if (slots == 0 || meta_len % kMetaFields != 0) return ThrowRange(env, "meta must hold 4 fields per message");
  int64_t count;
  if (!ArgInt(info, 5, 0, static_cast<int64_t>(slots < kMaxMessages ? slots : kMaxMessages), &count,
              "count must be from 0 to the table's size (at most 1024)"))
    return false;
  if (data_len % slots || names_len % slots || (t->control && control_len % slots))
    return ThrowRange(env, "arenas must split into equal slots");
  t->meta = static_cast<int32_t*>(meta);
  t->count = static_cast<int>(count);
  t->data_slot = data_len / slots;
  t->name_slot = names_len / slots;
  t->control_slot = t->control ? control_len / slots : 0;
  return true;
}

std::vector<mmsghdr>& Headers(napi_env env) {
  static thread_local std::vector<mmsghdr> h(kMaxMessages);
  return h;
}

std::vector<iovec>& Iovecs(napi_env env) {
  static thread_local std::vector<iovec> v(kMaxMessages);
  return v;
}

// recvmmsg(fd, data, names, control | null, meta, count) -> messages received.
// Per message, meta gets: bytes, name length, control length, msg_flags.
Napi::Value RecvMmsg(const Napi::CallbackInfo& info) {
  int fd;
  Table t;
  if (!ArgTable(info, &fd, &t)) return Napi::Value();
  if (t.count == 0) return Int(info.Env(), 0);
  auto& h = Headers(info.Env());
  auto& v = Iovecs(info.Env());
  for (int i = 0; i < t.count; i++) {
    v[i] = {t.data + i * t.data_slot, t.data_slot};
    msghdr& m = h[i].msg_hdr;
    m = msghdr{};
    m.msg_name = t.names + i * t.name_slot;
    m.msg_namelen = static_cast<socklen_t>(t.name_slot);
    m.msg_iov = &v[i];
    m.msg_iovlen = 1;
    m.msg_control = t.control ? t.control + i * t.control_slot : nullptr;
    m.msg_controllen = t.control_slot;
    h[i].msg_len = 0;
  }
  long r = Retry([&] { return ::recvmmsg(fd, h.data(), static_cast<unsigned>(t.count), MSG_DONTWAIT, nullptr); });
  for (long i = 0; i < r; i++) {
    int32_t* f = t.meta + i * kMetaFields;
    f[0] = static_cast<int32_t>(h[i].msg_len);
    f[1] = static_cast<int32_t>(h[i].msg_hdr.msg_namelen);
    f[2] = static_cast<int32_t>(h[i].msg_hdr.msg_controllen);
    f[3] = h[i].msg_hdr.msg_flags;
  }
  return Int(info.Env(), r);
}

// sendmmsg(fd, data, names, control | null, meta, count) -> messages sent.
// Per message, meta gives: bytes to send, name length (0: connected), control
// length (0: none); it gets back the bytes sent in field 0.
Napi::Value SendMmsg(const Napi::CallbackInfo& info) {
  int fd;
  Table t;
  if (!ArgTable(info, &fd, &t)) return Napi::Value();
  if (t.count == 0) return Int(info.Env(), 0);
  auto& h = Headers(info.Env());
  auto& v = Iovecs(info.Env());
  for (int i = 0; i < t.count; i++) {
    const int32_t* f = t.meta + i * kMetaFields;
    if (f[0] < 0 || static_cast<size_t>(f[0]) > t.data_slot || f[1] < 0 ||
        static_cast<size_t>(f[1]) > t.name_slot || f[2] < 0 || static_cast<size_t>(f[2]) > t.control_slot) {
      ThrowRange(info.Env(), "a message's length, name length or control length exceeds its slot");
      return Napi::Value();
    }
    v[i] = {t.data + i * t.data_slot, static_cast<size_t>(f[0])};
    msghdr& m = h[i].msg_hdr;
    m = msghdr{};
    m.msg_name = f[1] ? t.names + i * t.name_slot : nullptr;
    m.msg_namelen = static_cast<socklen_t>(f[1]);
    m.msg_iov = &v[i];
    m.msg_iovlen = 1;
    m.msg_control = f[2] ? t.control + i * t.control_slot : nullptr;
    m.msg_controllen = static_cast<size_t>(f[2]);
    h[i].msg_len = 0;
  }
  long r = Retry([&] { return ::sendmmsg(fd, h.data(), static_cast<unsigned>(t.count), MSG_DONTWAIT | MSG_NOSIGNAL); });
  for (long i = 0; i < r; i++) t.meta[i * kMetaFields] = static_cast<int32_t>(h[i].msg_len);
  return Int(info.Env(), r);
}

}  // namespace

void InitMmsg(Napi::Env env, Napi::Object exports) {
  SetFn(env, exports, "recvmmsg", RecvMmsg);
  SetFn(env, exports, "sendmmsg", SendMmsg);
}

}  // namespace sock
