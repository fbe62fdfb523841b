// Text pieces: integers are written digit by digit straight into the result.
#include "core/text.h"

#include <cstdio>

namespace learnable {

void Piece::append_to(std::string& out) const {
  if (kind_ == Kind::Text) {
    out.append(text_);
  } else if (kind_ == Kind::Char) {
    out.push_back(static_cast<char>(number_));
  } else {
    // std::to_string's digits, without its temporary.
    char digits[24];
    char* end = digits + sizeof digits;
    char* p = end;
    uint64_t magnitude = number_ < 0 ? 0 - static_cast<uint64_t>(number_) : static_cast<uint64_t>(number_);
    do {
      *--p = static_cast<char>('0' + magnitude % 10);
      magnitude /= 10;
    } while (magnitude);
    if (number_ < 0) *--p = '-';
    out.append(p, static_cast<size_t>(end - p));
  }
}

std::string cat(std::initializer_list<Piece> pieces) {
  size_t size = 0;
  for (const Piece& piece : pieces) size += piece.size_bound();
  std::string out;
  out.reserve(size);
  for (const Piece& piece : pieces) piece.append_to(out);
  return out;
}

std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string percent_text(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", fraction * 100);
  return cat({std::string(buf), "%"});
}

}  // namespace learnable
