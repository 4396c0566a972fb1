#include "privacy/key_mask.h"

namespace jaga::privacy {

std::string mask_value(std::string_view value) {
  const size_t n = value.size();
  if (n <= 3) return std::string(n == 0 ? 1 : n, '*');
  const size_t keep = n >= 8 ? 4 : 1;
  std::string out(value.substr(0, keep));
  out.append(n - 2 * keep, '*');
  out.append(value.substr(n - keep));
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

}  // namespace jaga::privacy
