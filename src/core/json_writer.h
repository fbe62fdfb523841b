// A minimal JSON writer for the summary schema: strings escaped per RFC 8259, integers exact.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace learnable {

std::string json_quote(std::string_view text);

}  // namespace learnable
