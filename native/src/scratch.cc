// The scratch area: kScratchSlots int32 values where calls with several results
// put the extra ones. Its memory is native, shared with JS through external
// ArrayBuffers (one per view), and freed only when the environment and every
// view are gone: a view that JS detaches or transfers can never leave native
// code writing freed memory, and each package reads its own private view, so
// detaching the public `scratch` cannot blind them either.
#include <atomic>

#include "common.h"

namespace sock {

struct ScratchBlock {
  std::atomic<int> refs{1};  // the environment's, plus one per view
  int32_t slots[kScratchSlots] = {};
};

static void Release(ScratchBlock* block) {
  if (--block->refs == 0) delete block;
}

// A new Int32Array over the block, or over V8 memory where a runtime refuses
// external buffers (then there is one view, and detaching it is not covered).
static napi_value NewView(napi_env env, InstanceData* data) {
  ScratchBlock* block = data->scratch_block;
  napi_value ab = nullptr, view = nullptr;
  if (block) {
    block->refs++;
    napi_finalize done = [](napi_env, void*, void* hint) { Release(static_cast<ScratchBlock*>(hint)); };
    if (napi_create_external_arraybuffer(env, block->slots, sizeof(block->slots), done, block, &ab) != napi_ok) {
      block->refs--;
      return nullptr;
    }
  } else {
    napi_get_reference_value(env, data->scratch_ref, &ab);
  }
  napi_create_typedarray(env, napi_int32_array, kScratchSlots, ab, 0, &view);
  return view;
}

// scratchView() -> a new private Int32Array over the scratch area.
static Napi::Value ScratchView(const Napi::CallbackInfo& info) {
  return Napi::Value(info.Env(), NewView(info.Env(), Data(info.Env())));
}

void InitScratch(Napi::Env env, Napi::Object exports, InstanceData* data) {
  data->scratch_block = new ScratchBlock();
  data->scratch = data->scratch_block->slots;
  napi_value view = NewView(env, data);
  if (!view) {  // no external buffers here: one V8-owned area, referenced for the environment's life
    Release(data->scratch_block);
    data->scratch_block = nullptr;
    void* mem = nullptr;
    napi_value ab;
    napi_create_arraybuffer(env, kScratchSlots * sizeof(int32_t), &mem, &ab);
    napi_create_reference(env, ab, 1, &data->scratch_ref);
    data->scratch = static_cast<int32_t*>(mem);
    view = NewView(env, data);
  }
  exports.Set("scratch", Napi::Value(env, view));
  SetFn(env, exports, "scratchView", ScratchView);
}

void FreeScratch(napi_env env, InstanceData* data) {
  if (data->scratch_block) Release(data->scratch_block);
  if (data->scratch_ref) napi_delete_reference(env, data->scratch_ref);
  data->scratch_block = nullptr;
  data->scratch_ref = nullptr;
  data->scratch = nullptr;
}

}  // namespace sock
