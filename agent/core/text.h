// Small text helpers the parsers of configuration values and server output share.
#pragma once

#include <cctype>
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

}  // namespace jaga
