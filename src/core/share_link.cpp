// Version 1: base64url (no padding) of the model document (model_json.h).
#include "core/share_link.h"

#include <cstdint>

#include "core/model_json.h"
#include "core/text.h"

namespace learnable {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 4 / 3 + 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i + 1 == bytes.size()) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
  } else if (i + 2 == bytes.size()) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
  }
  return out;
}

int digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-' || c == '+') return 62;
  if (c == '_' || c == '/') return 63;
  return -1;
}

bool unbase64url(std::string_view text, std::string& out) {
  uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    if (c == '=') break;
    int d = digit(c);
    if (d < 0) return false;
    bits = (bits << 6) | static_cast<uint32_t>(d);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return true;
}

ImportResult link_error(std::string message) {
  ImportResult r;
  r.errors.push_back({{}, std::move(message), "", ""});
  return r;
}

}  // namespace

std::string encode_share_fragment(const Model& model) { return cat({"m=1.", base64url(model_to_json(model))}); }

ImportResult decode_share_fragment(std::string_view fragment) {
  if (!fragment.empty() && fragment[0] == '#') fragment.remove_prefix(1);
  if (fragment.size() > 4 * 1024 * 1024) return link_error("this link is too long to be a model (over 4 MB)");
  if (fragment.rfind("m=", 0) != 0) return link_error("this link does not hold a model (it should start with #m=)");
  fragment.remove_prefix(2);
  size_t dot = fragment.find('.');
  if (dot == std::string_view::npos) return link_error("this model link has no version");
  std::string_view version = fragment.substr(0, dot);
  if (version != "1")
    return link_error(cat({"this model link is version ", version.substr(0, 8),
                           ", which this Learnable does not know; it may come from a newer one"}));
  std::string json;
  if (!unbase64url(fragment.substr(dot + 1), json)) return link_error("this model link is damaged (it is not valid base64url)");
  ImportResult r = model_from_json(json);
  for (ImportMessage& e : r.errors) e.message = cat({"in the link's model: ", e.message});
  return r;
}

}  // namespace learnable
