// Messages from reading a model's text: where (line and column, 1-based), what, and an excerpt
// of the line with a caret under the spot, so every importer reports problems the same way.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"

namespace learnable {

struct ImportMessage {
  SourceLocation where;
  std::string message;
  std::string excerpt;  // "  conv = Conv2D(32, (3, 3)\n              ^"
  std::string layer;    // the layer it concerns, when there is one
};

struct ImportResult {
  Model model;
  std::vector<ImportMessage> errors;
  std::vector<ImportMessage> warnings;
  std::vector<std::string> undefined_names;  // names the caller can supply (IMG_SIZE)
  std::string source;  // the text that was read, so later errors (a layer's) get excerpts too
};

// The line at `where` with a caret under its column (long lines are cut around the caret).
std::string caret_excerpt(std::string_view source, SourceLocation where);

}  // namespace learnable
