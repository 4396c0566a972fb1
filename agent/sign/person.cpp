#include "sign/person.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace jaga::sign {
namespace {

constexpr size_t kNipDigits = 18;

// Lower case, single spaces, no spaces at either end: "  Budi  SANTOSO " -> "budi santoso".
std::string folded(std::string_view name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isspace(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(std::tolower(c));
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

bool same_person(const Person& a, const Person& b) {
  if (!a.nip.empty() && !b.nip.empty()) return a.nip == b.nip;
  return folded(a.name) == folded(b.name);
}

std::string describe(const Person& person) {
  if (person.nip.empty()) return person.name;
  return fmt::format("{} (NIP {})", person.name, person.nip);
}

Result<void> check_nip(std::string_view nip) {
  if (nip.size() == kNipDigits &&
      std::all_of(nip.begin(), nip.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
    return Ok();
  }
  return Error{
      fmt::format("a NIP has {} digits (e.g. 198001012005011001), got \"{}\"", kNipDigits, nip)};
}

}  // namespace jaga::sign
