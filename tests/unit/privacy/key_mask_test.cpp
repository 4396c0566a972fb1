#include "privacy/key_mask.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace jaga::privacy {
namespace {

// How many characters of `value` its mask shows: the non-'*' characters of the mask.
size_t shown(const std::string& mask) {
  return static_cast<size_t>(
      std::count_if(mask.begin(), mask.end(), [](char c) { return c != '*'; }));
}

// ---- mask_value --------------------------------------------------------------------------------

TEST_CASE("a 16-digit NIK keeps its first and last four digits", "[key_mask]") {
  CHECK(mask_value("3322010101900001") == "3322********0001");
}

TEST_CASE("a 16-digit No. KK keeps its first and last four digits", "[key_mask]") {
  CHECK(mask_value("3322011203150007") == "3322********0007");
}

TEST_CASE("values longer than 16 characters keep four at each end", "[key_mask]") {
  CHECK(mask_value("33220101019000011234") == "3322************1234");
}

TEST_CASE("an 8-character value is not shown in full", "[key_mask]") {
  CHECK(mask_value("33220101") == "33****01");
}

TEST_CASE("12 characters keep three at each end", "[key_mask]") {
  CHECK(mask_value("332201010190") == "332******190");
}

TEST_CASE("short values keep at most their first and last character", "[key_mask]") {
  CHECK(mask_value("1234") == "1**4");
  CHECK(mask_value("1234567") == "1*****7");
}

TEST_CASE("values of up to three characters are hidden entirely", "[key_mask]") {
  CHECK(mask_value("1") == "*");
  CHECK(mask_value("12") == "**");
  CHECK(mask_value("123") == "***");
}

TEST_CASE("an empty value is a single star", "[key_mask]") { CHECK(mask_value("") == "*"); }

TEST_CASE("masks of lengths 0 to 20 keep the length and hide at least half", "[key_mask]") {
  for (size_t n = 0; n <= 20; ++n) {
    std::string value;
    for (size_t i = 0; i < n; ++i) value += static_cast<char>('a' + i);
    const std::string mask = mask_value(value);
    INFO("length " << n << ": " << value << " -> " << mask);
    CHECK(mask.size() == std::max<size_t>(n, 1));
    CHECK(shown(mask) * 2 <= n);
    CHECK(shown(mask) <= 8);
    if (n <= 3) CHECK(shown(mask) == 0);
    // What is shown is the value's own first and last characters, in place.
    const size_t keep = shown(mask) / 2;
    CHECK(mask.substr(0, keep) == value.substr(0, keep));
    CHECK(mask.substr(mask.size() - keep) == value.substr(n - keep));
    CHECK(mask.substr(keep, mask.size() - 2 * keep) == std::string(mask.size() - 2 * keep, '*'));
  }
}

TEST_CASE("a value of several-byte UTF-8 characters is masked by character", "[key_mask]") {
  // "Ñoño Gómez" without the space: 9 characters, 12 bytes.
  CHECK(mask_value("ÑoñoGómez") == "Ño*****ez");
  CHECK(mask_value("ÑÑÑÑ") == "Ñ**Ñ");
  CHECK(mask_value("ÑÑÑ") == "***");
}

TEST_CASE("a value that is not UTF-8 is masked without failing", "[key_mask]") {
  const std::string binary("\xff\xfe\x80\x80\x01\x02\x03\x04", 8);
  const std::string mask = mask_value(binary);
  CHECK(shown(mask) * 2 <= binary.size());
}

// ---- format_key --------------------------------------------------------------------------------

TEST_CASE("a single-column key is shown masked without parentheses", "[key_mask]") {
  CHECK(format_key({"3322010101900001"}, false) == "3322********0001");
}

TEST_CASE("a single-column key is shown in full when revealed", "[key_mask]") {
  CHECK(format_key({"3322010101900001"}, true) == "3322010101900001");
}

TEST_CASE("a composite key masks every part inside parentheses", "[key_mask]") {
  CHECK(format_key({"3322011203150007", "3322010101900001"}, false) ==
        "(3322********0007, 3322********0001)");
}

TEST_CASE("a composite key is shown in full when revealed", "[key_mask]") {
  CHECK(format_key({"3322011203150007", "1"}, true) == "(3322011203150007, 1)");
}

TEST_CASE("a composite key with a short part hides that part entirely", "[key_mask]") {
  CHECK(format_key({"3322011203150007", "1"}, false) == "(3322********0007, *)");
}

TEST_CASE("a key without parts formats as empty parentheses", "[key_mask]") {
  CHECK(format_key({}, false) == "()");
}

}  // namespace
}  // namespace jaga::privacy

namespace jaga::privacy {

TEST_CASE("mask_digit_runs masks a NIK quoted in a server message", "[privacy]") {
  CHECK(mask_digit_runs("Duplicate entry '3322010101900001' for key 'PRIMARY', Error_code: 1062") ==
        "Duplicate entry '3322********0001' for key 'PRIMARY', Error_code: 1062");
}

TEST_CASE("mask_digit_runs leaves short numbers alone", "[privacy]") {
  CHECK(mask_digit_runs("error 2003: port 33061, row 7") == "error 2003: port 33061, row 7");
  CHECK(mask_digit_runs("") == "");
}

}  // namespace jaga::privacy
