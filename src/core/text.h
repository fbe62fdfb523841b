// Building the text users read (formulas, steps, messages, JSON) without a temporary per `+`.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>

namespace learnable {

// A piece of a sentence: text, or an integer written in digits as std::to_string writes it.
// Text is built as a list of pieces, cat({"Weights: ", inputs, " × ", units}), so each string is
// made once: a chain of `+` makes a temporary per step, and in WebAssembly every temporary also
// costs code to destroy it when an exception unwinds past it.
template <class T>
constexpr bool is_count = std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char>;

class Piece {
 public:
  Piece(const char* text) : text_(text) {}
  Piece(std::string_view text) : text_(text) {}
  Piece(const std::string& text) : text_(text) {}
  template <class Char, std::enable_if_t<std::is_same_v<Char, char>, int> = 0>
  Piece(Char c) : number_(static_cast<unsigned char>(c)), kind_(Kind::Char) {}
  template <class Int, std::enable_if_t<is_count<Int>, int> = 0>
  Piece(Int n) : number_(static_cast<int64_t>(n)), kind_(Kind::Number) {}
  Piece(bool) = delete;

  void append_to(std::string& out) const;
  size_t size_bound() const { return kind_ == Kind::Text ? text_.size() : 20; }

 private:
  enum class Kind : uint8_t { Text, Number, Char };
  std::string_view text_;
  int64_t number_ = 0;
  Kind kind_ = Kind::Text;
};

std::string cat(std::initializer_list<Piece> pieces);

// A fraction as a percentage in the fewest digits: 0.5 -> "50%", 0.125 -> "12.5%".
std::string percent_text(double fraction);

// Source text on one line: each run of spaces, tabs and line breaks becomes one space, and none
// is kept at either end ("Dense(\n    10)" -> "Dense( 10)").
std::string one_line(std::string_view text);

}  // namespace learnable
