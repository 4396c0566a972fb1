#include "backup/file_names.h"

#include "core/sha256.h"

namespace jaga::backup {
namespace {

bool kept(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

}  // namespace

std::string encode_file_name(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(name.size());
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (kept(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (out.empty()) return "%";  // MariaDB has no empty names; even so, never an empty file name
  if (out.size() <= kMaxEncodedName) return out;
  // Cut before an escape that would be split, then append the digest of the whole name.
  size_t cut = kMaxEncodedName - 17;
  while (cut > 0 && (out[cut - 1] == '%' || (cut > 1 && out[cut - 2] == '%'))) --cut;
  Sha256 sha;
  sha.update(name);
  return out.substr(0, cut) + "~" + sha.hex().substr(0, 16);
}

bool is_safe_relative_path(std::string_view path) {
  if (path.empty() || path.size() > 4096) return false;
  size_t start = 0;
  for (;;) {
    const size_t slash = path.find('/', start);
    const std::string_view part = path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (part.find('\0') != std::string_view::npos || part.find('\\') != std::string_view::npos) {
      return false;
    }
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

}  // namespace jaga::backup
