// Argument lookup on layers and Keras' snake_case naming rule.
#include "core/model.h"

#include <cctype>

namespace learnable {

std::string_view framework_name(Framework framework) {
  return framework == Framework::PyTorch ? "pytorch" : "keras";
}

std::string_view framework_title(Framework framework) {
  return framework == Framework::PyTorch ? "PyTorch" : "Keras";
}

bool parse_framework(std::string_view name, Framework& out) {
  if (name == "keras") out = Framework::Keras;
  else if (name == "pytorch") out = Framework::PyTorch;
  else return false;
  return true;
}

const Value* Layer::find_arg(std::string_view arg_name) const {
  for (const Argument& a : args)
    if (a.name == arg_name) return &a.value;
  return nullptr;
}

void Layer::set_arg(std::string_view arg_name, Value value) {
  for (Argument& a : args)
    if (a.name == arg_name) {
      a.value = std::move(value);
      return;
    }
  args.push_back({std::string(arg_name), std::move(value), {}});
}

bool Layer::erase_arg(std::string_view arg_name) {
  for (auto it = args.begin(); it != args.end(); ++it)
    if (it->name == arg_name) {
      args.erase(it);
      return true;
    }
  return false;
}

bool Layer::is_frozen(std::string_view weight) const {
  for (const FrozenWeight& f : frozen)
    if (f.name == weight) return true;
  return false;
}

void Layer::freeze(std::string_view weight, SourceLocation at) {
  if (!is_frozen(weight)) frozen.push_back({std::string(weight), at});
}

bool Layer::unfreeze(std::string_view weight) {
  for (auto it = frozen.begin(); it != frozen.end(); ++it)
    if (it->name == weight) {
      frozen.erase(it);
      return true;
    }
  return false;
}

static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_lower_or_digit(char c) { return is_lower(c) || (c >= '0' && c <= '9'); }

std::string keras_snake_case(std::string_view name) {
  // Pass 1: re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
  std::string first;
  size_t i = 0;
  while (i < name.size()) {
    if (i + 2 < name.size() + 1 && i + 1 < name.size() && is_upper(name[i + 1]) &&
        i + 2 < name.size() && is_lower_or_digit(name[i + 2])) {
      first += name[i];
      first += '_';
      size_t j = i + 1;
      first += name[j++];
      while (j < name.size() && is_lower_or_digit(name[j])) first += name[j++];
      i = j;
    } else {
      first += name[i++];
    }
  }
  // Pass 2: re.sub("([a-z])([A-Z])", r"\1_\2", first).lower()
  std::string out;
  for (size_t k = 0; k < first.size(); ++k) {
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(first[k])));
    if (k + 1 < first.size() && is_lower(first[k]) && is_upper(first[k + 1])) out += '_';
  }
  return out;
}

}  // namespace learnable
