// libFuzzer target for the model document reader (autosave, summarizeModel) and the share-link
// decoder (URL fragments anyone can send), then the calculator and summary on what they read.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/calculator.h"
#include "core/model_json.h"
#include "core/share_link.h"
#include "core/summary.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  learnable::ImportResult doc = learnable::model_from_json(text);
  learnable::Calculator calc(doc.model);
  (void)learnable::summary_json(calc, doc);
  // What was read must write back and read again to the same document.
  std::string again = learnable::model_to_json(doc.model);
  learnable::ImportResult reread = learnable::model_from_json(again);
  if (learnable::model_to_json(reread.model) != again) __builtin_trap();
  learnable::ImportResult link = learnable::decode_share_fragment(text);
  learnable::Calculator linked(link.model);
  (void)learnable::encode_share_fragment(link.model);
  return 0;
}
