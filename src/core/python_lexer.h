// Tokens of the Python subset that Keras snippets use: names, numbers, strings (both quote
// styles, triple quotes, the curly quotes blogs paste in), operators, brackets and line ends.
// Comments, blank lines and line continuations disappear here; columns count characters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"

namespace learnable {

enum class TokenKind { Name, Int, Float, String, Op, Newline, End, Error };

struct Token {
  TokenKind kind = TokenKind::End;
  std::string text;    // the name, the operator, the decoded string, or the error message
  int64_t integer = 0;
  double number = 0.0;
  bool overflow = false;     // an integer literal too large for 64 bits
  SourceLocation where;
  int indent = 0;            // the column of the first token on this token's line
  bool line_start = false;   // first token of a physical line
  size_t offset = 0;         // byte offsets into the source, for verbatim excerpts
  size_t end = 0;
};

struct LexResult {
  std::vector<Token> tokens;  // always ends with an End token
  std::vector<std::pair<SourceLocation, std::string>> warnings;
};

LexResult lex_python(std::string_view source);

}  // namespace learnable
