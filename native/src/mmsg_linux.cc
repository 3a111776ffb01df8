// recvmmsg(2) / sendmmsg(2) over a caller-owned message table. The table is
// registered once (new MmsgTable(data, names, control, meta, segments)): one
// data arena split into equal slots, one name arena, an optional control arena,
// an Int32Array of four fields per message (length, name length, control
// length, msg_flags), and optionally an Int32Array of scatter/gather segments
// per message ([count, offset0, length0, offset1, length1, ...]: iovecs anywhere
// in the data arena; count 0 is the message's own slot). The native side keeps
// the arenas referenced and its mmsghdr and iovec arrays prebuilt, so a call is
// one type-tag check, one unwrap and one syscall, and allocates nothing on the
// JS heap.
#include <sys/socket.h>

#include <memory>

#include "common.h"
#include "syscall.h"

namespace sock {

namespace {

constexpr int kMaxMessages = 1024;  // UIO_MAXIOV
constexpr int kMetaFields = 4;      // length, name length, control length, flags
constexpr int kMaxSegments = 64;    // iovecs per message
constexpr napi_type_tag kTableTag = {0x736f636b6d6d7367ULL, 0x7461626c65763031ULL};

class MmsgTable : public Napi::ObjectWrap<MmsgTable> {
 public:
  static Napi::Function Define(Napi::Env env) { return DefineClass(env, "MmsgTable", {}); }

  // new MmsgTable(data: Uint8Array, names: Uint8Array, control: Uint8Array | null, meta: Int32Array,
  //               segments?: Int32Array | null)
  explicit MmsgTable(const Napi::CallbackInfo& info) : Napi::ObjectWrap<MmsgTable>(info) {
    napi_env env = info.Env();
    size_t data_len, names_len, control_len;
    if (!ArgBytes(info, 0, &data_, &data_len, "data must be a Uint8Array") ||
        !ArgBytes(info, 1, &names_, &names_len, "names must be a Uint8Array") ||
        !ArgOptBytes(info, 2, &control_, &control_len, "control must be a Uint8Array or null"))
      return;
    size_t meta_len = 0, segs_len = 0;
    if (!ArgInt32Array(env, info[3], &meta_, &meta_len)) {
      ThrowType(env, "meta must be an Int32Array");
      return;
    }
    size_t slots = meta_len / kMetaFields;
    if (slots == 0 || slots > kMaxMessages || meta_len % kMetaFields != 0) {
      ThrowRange(env, "meta must hold 4 fields for each of 1 to 1024 messages");
      return;
    }
    if (data_len % slots || names_len % slots || (control_ && control_len % slots)) {
      ThrowRange(env, "arenas must split into equal slots");
      return;
    }
    if (info.Length() > 4 && !info[4].IsNull() && !info[4].IsUndefined()) {
      if (!ArgInt32Array(env, info[4], &segs_, &segs_len)) {
        ThrowType(env, "segments must be an Int32Array or null");
        return;
      }
      size_t per = segs_len / slots;  // 1 + 2 * segments per message
      if (segs_len % slots || per < 3 || per % 2 == 0 || (per - 1) / 2 > kMaxSegments) {
        ThrowRange(env, "segments must hold 1 + 2k fields for each message, k from 1 to 64");
        return;
      }
      seg_fields_ = per;
    }
    count_ = static_cast<int>(slots);
    data_len_ = data_len;
    data_slot_ = data_len / slots;
    name_slot_ = names_len / slots;
    control_slot_ = control_ ? control_len / slots : 0;
    for (int i = 0; i < 5; i++)  // pin the arenas (control and segments may be null)
      if ((i != 2 || control_) && (i != 4 || segs_)) refs_[i] = Napi::Persistent(info[i]);
    const size_t iov_per = seg_fields_ ? (seg_fields_ - 1) / 2 : 1;
    h_.reset(new mmsghdr[slots]());
    v_.reset(new iovec[slots * iov_per]());
    for (int i = 0; i < count_; i++) {
      msghdr& m = h_[i].msg_hdr;
      m = msghdr{};
      m.msg_iov = &v_[i * iov_per];
    }
    napi_type_tag_object(env, info.This(), &kTableTag);
  }

  // The arenas belong to JS: one transferred or detached since registration
  // (now 0 bytes, or other memory) or a resizable one shrunk must not be read
  // or written by the kernel. Checked before every syscall (a napi call per
  // arena per batch); false after throwing ERR_INVALID_STATE.
  bool ArenasIntact(napi_env env) {
    const void* base[5] = {data_, names_, control_, meta_, segs_};
    const size_t size[5] = {data_slot_ * count_, name_slot_ * count_, control_slot_ * count_,
                            static_cast<size_t>(count_) * kMetaFields, seg_fields_ * count_};
    for (int i = 0; i < 5; i++) {
      if (refs_[i].IsEmpty()) continue;
      napi_typedarray_type type;
      size_t length = 0;
      void* p = nullptr;
      if (napi_get_typedarray_info(env, refs_[i].Value(), &type, &length, &p, nullptr, nullptr) != napi_ok ||
          p != base[i] || length < size[i]) {
        napi_throw_type_error(env, "ERR_INVALID_STATE",
                              "a buffer of this message table was detached, transferred or shrunk");
        return false;
      }
    }
    return true;
  }

  // Message i's iovecs: its segments (each checked against the data arena; JS
  // may have written anything into the Int32Array), or its whole slot / `length`
  // bytes of it. False after throwing.
  bool PrepareIov(napi_env env, int i, msghdr& m, size_t length) {
    const int32_t* s = segs_ ? segs_ + i * seg_fields_ : nullptr;
    if (!s || s[0] == 0) {
      m.msg_iov[0] = {data_ + i * data_slot_, length};
      m.msg_iovlen = 1;
      return true;
    }
    if (s[0] < 0 || static_cast<size_t>(s[0]) > (seg_fields_ - 1) / 2)
      return ThrowRange(env, "a message's segment count exceeds the table's segments");
    for (int j = 0; j < s[0]; j++) {
      const int32_t off = s[1 + 2 * j], len = s[2 + 2 * j];
      if (off < 0 || len < 0 || static_cast<size_t>(off) + static_cast<size_t>(len) > data_len_)
        return ThrowRange(env, "a segment lies outside the data arena");
      m.msg_iov[j] = {data_ + off, static_cast<size_t>(len)};
    }
    m.msg_iovlen = static_cast<size_t>(s[0]);
    return true;
  }

  // Prepares the first `n` headers for a receive (full slots or segments) or a
  // send (meta's lengths, or segments). False after throwing.
  bool Prepare(napi_env env, int n, bool send) {
    for (int i = 0; i < n; i++) {
      const int32_t* f = meta_ + i * kMetaFields;
      msghdr& m = h_[i].msg_hdr;
      if (send) {
        if (f[0] < 0 || static_cast<size_t>(f[0]) > data_slot_ || f[1] < 0 || static_cast<size_t>(f[1]) > name_slot_ ||
            f[2] < 0 || static_cast<size_t>(f[2]) > control_slot_)
          return ThrowRange(env, "a message's length, name length or control length exceeds its slot");
        if (!PrepareIov(env, i, m, static_cast<size_t>(f[0]))) return false;
        m.msg_name = f[1] ? names_ + i * name_slot_ : nullptr;
        m.msg_namelen = static_cast<socklen_t>(f[1]);
        m.msg_control = f[2] ? control_ + i * control_slot_ : nullptr;
        m.msg_controllen = static_cast<size_t>(f[2]);
      } else {
        if (!PrepareIov(env, i, m, data_slot_)) return false;
        m.msg_name = names_ + i * name_slot_;
        m.msg_namelen = static_cast<socklen_t>(name_slot_);
        m.msg_control = control_ ? control_ + i * control_slot_ : nullptr;
        m.msg_controllen = control_slot_;
      }
      m.msg_flags = 0;
      h_[i].msg_len = 0;
    }
    return true;
  }

  int count_ = 0;
  int32_t* meta_ = nullptr;
  std::unique_ptr<mmsghdr[]> h_;

 private:
  static bool ArgInt32Array(napi_env env, napi_value v, int32_t** data, size_t* length) {
    napi_typedarray_type type;
    void* p = nullptr;
    bool is = false;
    if (napi_is_typedarray(env, v, &is) != napi_ok || !is ||
        napi_get_typedarray_info(env, v, &type, length, &p, nullptr, nullptr) != napi_ok || type != napi_int32_array)
      return false;
    *data = static_cast<int32_t*>(p);
    return true;
  }

  uint8_t *data_ = nullptr, *names_ = nullptr, *control_ = nullptr;
  int32_t* segs_ = nullptr;
  size_t data_len_ = 0, data_slot_ = 0, name_slot_ = 0, control_slot_ = 0, seg_fields_ = 0;
  Napi::Reference<Napi::Value> refs_[5];
  std::unique_ptr<iovec[]> v_;
};

// (fd, table, count) -> the table, or null after throwing
MmsgTable* ArgTable(const Napi::CallbackInfo& info, int* fd, int* count) {
  napi_env env = info.Env();
  bool tagged = false;
  if (!ArgFd(info, 0, fd)) return nullptr;
  napi_valuetype type;
  // napi_check_object_type_tag throws its own (code-less) TypeError for a non-object
  if (napi_typeof(env, info[1], &type) != napi_ok || type != napi_object ||
      napi_check_object_type_tag(env, info[1], &kTableTag, &tagged) != napi_ok || !tagged)
    return ThrowType(env, "table must be a MmsgTable"), nullptr;
  MmsgTable* t = nullptr;
  napi_unwrap(env, info[1], reinterpret_cast<void**>(&t));
  int64_t n;
  if (!t || !ArgInt(info, 2, 0, t->count_, &n, "count must be from 0 to the table's size")) return nullptr;
  if (!t->ArenasIntact(env)) return nullptr;
  *count = static_cast<int>(n);
  return t;
}

// recvmmsg(fd, table, count) -> messages received; per message, meta gets
// bytes, name length, control length, msg_flags.
Napi::Value RecvMmsg(const Napi::CallbackInfo& info) {
  int fd, count;
  MmsgTable* t = ArgTable(info, &fd, &count);
  if (!t) return Napi::Value();
  if (count == 0) return Int(info.Env(), 0);
  if (!t->Prepare(info.Env(), count, false)) return Napi::Value();
  long r = Retry([&] { return ::recvmmsg(fd, t->h_.get(), static_cast<unsigned>(count), kRecvFlags, nullptr); });
  for (long i = 0; i < r; i++) {
    int32_t* f = t->meta_ + i * kMetaFields;
    f[0] = static_cast<int32_t>(t->h_[i].msg_len);
    f[1] = static_cast<int32_t>(t->h_[i].msg_hdr.msg_namelen);
    f[2] = static_cast<int32_t>(t->h_[i].msg_hdr.msg_controllen);
    f[3] = t->h_[i].msg_hdr.msg_flags;
  }
  return Int(info.Env(), r);
}

// sendmmsg(fd, table, count) -> messages sent; meta gives bytes to send, name
// length (0: connected) and control length (0: none) per message, and gets the
// bytes sent back in field 0.
Napi::Value SendMmsg(const Napi::CallbackInfo& info) {
  int fd, count;
  MmsgTable* t = ArgTable(info, &fd, &count);
  if (!t) return Napi::Value();
  if (count == 0) return Int(info.Env(), 0);
  if (!t->Prepare(info.Env(), count, true)) return Napi::Value();
  long r = Retry([&] { return ::sendmmsg(fd, t->h_.get(), static_cast<unsigned>(count), kSendFlags); });
  for (long i = 0; i < r; i++) t->meta_[i * kMetaFields] = static_cast<int32_t>(t->h_[i].msg_len);
  return Int(info.Env(), r);
}

}  // namespace

void InitMmsg(Napi::Env env, Napi::Object exports) {
  exports.Set("MmsgTable", MmsgTable::Define(env));
  SetFn(env, exports, "recvmmsg", RecvMmsg);
  SetFn(env, exports, "sendmmsg", SendMmsg);
}

}  // namespace sock
