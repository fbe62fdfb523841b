// Overflow-checked 64-bit arithmetic for parameter counts and shapes. A count that does not fit
// is reported on its layer as "too large to count exactly", never wrapped.
#pragma once

#include <cstdint>
#include <optional>

namespace learnable {

inline std::optional<int64_t> checked_mul(int64_t a, int64_t b) {
  int64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
  return out;
}

inline std::optional<int64_t> checked_add(int64_t a, int64_t b) {
  int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) return std::nullopt;
  return out;
}

}  // namespace learnable
