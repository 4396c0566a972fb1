#include "privacy/key_mask.h"

#include <algorithm>

namespace jaga::privacy {

std::string mask_value(std::string_view value) {
  // Where each character starts: a UTF-8 continuation byte belongs to the character before it,
  // so a kept end never splits a character.
  std::vector<size_t> starts;
  for (size_t i = 0; i < value.size(); ++i) {
    if (i == 0 || (static_cast<unsigned char>(value[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  const size_t n = starts.size();
  if (n == 0) return "*";
  const size_t keep = std::min<size_t>(4, n / 4);
  if (keep == 0) return std::string(n, '*');
  std::string out(value.substr(0, starts[keep]));
  out.append(n - 2 * keep, '*');
  out.append(value.substr(starts[n - keep]));
  return out;
}

std::string format_key(const std::vector<std::string>& key, bool reveal) {
  std::string out;
  for (const auto& part : key) {
    if (!out.empty()) out += ", ";
    out += reveal ? part : mask_value(part);
  }
  return key.size() == 1 ? out : "(" + out + ")";
}

std::string mask_digit_runs(std::string_view text) {
  constexpr size_t kPersonalDigits = 10;
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
    if (j == i) {
      out += text[i++];
      continue;
    }
    const std::string_view run = text.substr(i, j - i);
    out += run.size() >= kPersonalDigits ? mask_value(run) : std::string(run);
    i = j;
  }
  return out;
}

}  // namespace jaga::privacy
