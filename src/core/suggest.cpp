// Edit distance for suggestions; candidates lists are short, so a plain DP is enough.
#include "core/suggest.h"

#include <algorithm>
#include <cctype>

namespace learnable {

static char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

static size_t distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.size() > 64) return "";
  std::string best;
  size_t best_distance = 3;
  for (const std::string& c : candidates) {
    size_t d = distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  if (best_distance > 0 && word.size() <= 3 && best_distance > 1) return "";
  return best;
}

}  // namespace learnable
