#include "backup/backup_set.h"

#include <catch2/catch.hpp>

#include "backup/table_dumper.h"
#include "checks/backups_check.h"

namespace jaga::backup {
namespace {

using Catch::Contains;

TEST_CASE("a backup much smaller than the recent median is implausible", "[backup][size]") {
  using checks::size_problem;
  CHECK_FALSE(size_problem(100, {}, 0.5));
  CHECK_FALSE(size_problem(100, {100, 110, 90}, 0.5));
  CHECK_FALSE(size_problem(50, {100, 110, 90}, 0.5));
  auto p = size_problem(49, {100, 110, 90}, 0.5);
  REQUIRE(p);
  CHECK_THAT(*p, Contains("has 49 bytes, 49% of the median 100 of the 3 before it (minimum 50%)"));
  // An even count takes the mean of the middle two; one outlier does not move the median.
  CHECK(size_problem(40, {100, 100, 1, 1000}, 0.5));
  CHECK_FALSE(size_problem(60, {100, 100, 1, 1000}, 0.5));
  CHECK_FALSE(size_problem(0, {100}, 0.0));
}

TEST_CASE("a SHA256SUMS file is read as sha256sum writes it", "[backup][checksums]") {
  const std::string a(64, 'a'), b(64, 'b');
  auto sums = parse_checksum_file(a + "  dump.sql.zst\n" + b + " *other file.gz\n\n", "SUMS");
  REQUIRE(sums.ok());
  CHECK(sums->at("dump.sql.zst") == a);
  CHECK(sums->at("other file.gz") == b);
}

TEST_CASE("a malformed SHA256SUMS line is refused with its line number", "[backup][checksums]") {
  auto sums = parse_checksum_file(std::string(64, 'a') + "  ok\nnot a checksum\n", "/b/SUMS");
  REQUIRE_FALSE(sums.ok());
  CHECK_THAT(sums.error().message,
             Contains("/b/SUMS:2: expected \"<64 hex digits>  <file name>\""));
  sums = parse_checksum_file(std::string(63, 'a') + "Z  x\n", "S");
  CHECK_FALSE(sums.ok());
  sums = parse_checksum_file(std::string(64, 'a') + "x\n", "S");
  CHECK_FALSE(sums.ok());
}

TEST_CASE("TSV fields are escaped as LOAD DATA reads them", "[backup][tsv]") {
  std::string out;
  const char value[] = {'a', '\t', 'b', '\n', 'c', '\\', '\0', 'd'};
  append_tsv_field(out, value, sizeof value);
  CHECK(out == "a\\tb\\nc\\\\\\0d");
  out.clear();
  append_tsv_field(out, nullptr, 0);
  CHECK(out == "\\N");
  out.clear();
  append_tsv_field(out, "N", 1);
  CHECK(out == "N");
}

TEST_CASE("TSV escaping finds every special byte at every position of long fields",
          "[backup][tsv]") {
  // The scan reads eight bytes at a time; each special byte at each offset of fields of 1-40
  // bytes, next to bytes that differ from it in one bit, must be escaped as byte by byte.
  auto one_by_one = [](const std::string& v) {
    std::string out;
    for (char c : v) {
      if (c == '\\' || c == '\t' || c == '\n' || c == '\0') {
        out += '\\';
        out += c == '\t' ? 't' : c == '\n' ? 'n' : c == '\0' ? '0' : '\\';
      } else {
        out += c;
      }
    }
    return out;
  };
  for (const char special : {'\\', '\t', '\n', '\0'}) {
    for (size_t length = 1; length <= 40; ++length) {
      for (size_t at = 0; at < length; ++at) {
        std::string v(length, static_cast<char>(special ^ 1));
        v[at] = special;
        std::string out;
        append_tsv_field(out, v.data(), v.size());
        INFO("byte " << int(special) << " at " << at << " of " << length);
        REQUIRE(out == one_by_one(v));
      }
    }
  }
  const std::string high(33, '\xdc');  // bytes with the high bit set need no escape
  std::string out;
  append_tsv_field(out, high.data(), high.size());
  CHECK(out == high);
}

}  // namespace
}  // namespace jaga::backup
