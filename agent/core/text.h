// Small text helpers the parsers of configuration values and server output share, and the
// encoding of a value into a link.
#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace jaga {

// `text` without leading and trailing whitespace (space, tab, CR, LF, VT, FF).
inline std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// `text` as one path segment or query value of a URL (RFC 3986): letters, digits and "-._~" as
// they are, every other byte as %XX. "LAP/H/20261205" -> "LAP%2FH%2F20261205".
inline std::string url_component(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (std::isalnum(b) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  return out;
}

}  // namespace jaga
