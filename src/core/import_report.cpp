// Caret excerpts for import messages.
#include "core/import_report.h"

#include <algorithm>

#include "core/text.h"

namespace learnable {

std::string caret_excerpt(std::string_view source, SourceLocation where) {
  if (where.line <= 0) return "";
  size_t start = 0;
  for (int line = 1; line < where.line; ++line) {
    size_t next = source.find('\n', start);
    if (next == std::string_view::npos) return "";
    start = next + 1;
  }
  size_t end = source.find('\n', start);
  std::string_view text = source.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  // Split into characters so the caret lands under the right one.
  std::vector<std::string_view> chars;
  for (size_t i = 0; i < text.size();) {
    size_t n = 1;
    while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) ++n;
    chars.push_back(text.substr(i, n));
    i += n;
  }
  size_t caret = where.column > 0 ? static_cast<size_t>(where.column - 1) : 0;
  size_t from = 0, to = chars.size();
  const size_t width = 100;
  if (chars.size() > width) {
    from = caret > width / 2 ? caret - width / 2 : 0;
    to = std::min(chars.size(), from + width);
  }
  std::string line = from > 0 ? "..." : "";
  for (size_t i = from; i < to; ++i) line += chars[i] == "\t" ? " " : std::string(chars[i]);
  if (to < chars.size()) line += "...";
  size_t pad = (from > 0 ? 3 : 0) + (caret >= from ? caret - from : 0);
  return cat({line, "\n", std::string(pad, ' '), "^"});
}

}  // namespace learnable
