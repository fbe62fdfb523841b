// A whole model in a URL fragment, so a link is the model: "#m=1.<payload>". Versioned so old
// links keep opening; decoding never trusts its input (it goes through the model reader).
#pragma once

#include <string>
#include <string_view>

#include "core/import_report.h"
#include "core/model.h"

namespace learnable {

// The fragment without '#': "m=1.eyJsZWFybmFibGUiOjEs..."
std::string encode_share_fragment(const Model& model);

// Accepts the fragment with or without '#'. Errors say what is wrong with the link.
ImportResult decode_share_fragment(std::string_view fragment);

}  // namespace learnable
