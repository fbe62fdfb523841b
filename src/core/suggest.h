// "Did you mean ...?" for misspelt layer types and argument names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace learnable {

// The closest candidate (case-insensitive edit distance at most 2, or equal ignoring case),
// or an empty string.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace learnable
