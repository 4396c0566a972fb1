#include "consistency/row_diff.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace jaga::consistency {
namespace {

// A (key..., digest) list as row_digests_sql returns it.
db::ResultSet rows(const std::vector<std::vector<std::string>>& values) {
  db::ResultSet r;
  for (const auto& v : values) {
    db::Row row;
    for (const auto& s : v) row.emplace_back(s);
    r.rows.push_back(std::move(row));
  }
  return r;
}

RowDifference keyed(DiffKind kind, KeyValue key, int64_t primary, int64_t backup) {
  return {kind, std::move(key), "", primary, backup};
}

// Catch prints a failed comparison of differences this way.
std::string describe(const std::vector<RowDifference>& diffs) {
  std::string out;
  for (const auto& d : diffs) {
    out += std::string(diff_kind_name(d.kind)) + " [";
    for (const auto& k : d.key) out += "'" + k + "' ";
    out += "] " + d.row_digest + " " + std::to_string(d.primary_count) + "/" +
           std::to_string(d.backup_count) + "\n";
  }
  return out;
}

void check_same(const std::vector<RowDifference>& actual,
                const std::vector<RowDifference>& expected) {
  INFO("actual:\n" << describe(actual) << "expected:\n" << describe(expected));
  REQUIRE(actual.size() == expected.size());
  for (size_t i = 0; i < actual.size(); ++i) CHECK(actual[i] == expected[i]);
}

// ---- keyed -------------------------------------------------------------------------------------

TEST_CASE("identical keyed lists have no differences", "[row_diff]") {
  const auto list = rows({{"3322010101900001", "11"}, {"3322010101900002", "22"}});
  CHECK(diff_keyed(list, list, 1).empty());
}

TEST_CASE("two empty keyed lists have no differences", "[row_diff]") {
  CHECK(diff_keyed(rows({}), rows({}), 1).empty());
}

TEST_CASE("the order rows arrive in does not matter", "[row_diff]") {
  CHECK(diff_keyed(rows({{"a", "1"}, {"b", "2"}}), rows({{"b", "2"}, {"a", "1"}}), 1).empty());
}

TEST_CASE("a key only on the primary is missing on the backup", "[row_diff]") {
  check_same(diff_keyed(rows({{"a", "1"}, {"b", "2"}}), rows({{"a", "1"}}), 1),
             {keyed(DiffKind::kMissingOnBackup, {"b"}, 1, 0)});
}

TEST_CASE("a key only on the backup is extra on the backup", "[row_diff]") {
  check_same(diff_keyed(rows({{"a", "1"}}), rows({{"a", "1"}, {"c", "3"}}), 1),
             {keyed(DiffKind::kExtraOnBackup, {"c"}, 0, 1)});
}

TEST_CASE("a key with another digest is different", "[row_diff]") {
  check_same(diff_keyed(rows({{"a", "1"}}), rows({{"a", "9"}}), 1),
             {keyed(DiffKind::kDifferent, {"a"}, 1, 1)});
}

TEST_CASE("an empty backup makes every primary row missing", "[row_diff]") {
  check_same(diff_keyed(rows({{"b", "2"}, {"a", "1"}}), rows({}), 1),
             {keyed(DiffKind::kMissingOnBackup, {"a"}, 1, 0),
              keyed(DiffKind::kMissingOnBackup, {"b"}, 1, 0)});
}

TEST_CASE("missing, extra and different rows are all found, sorted by key", "[row_diff]") {
  const auto primary = rows({{"e", "5"}, {"a", "1"}, {"c", "3"}, {"d", "4"}, {"b", "2"}});
  const auto backup = rows({{"f", "6"}, {"d", "40"}, {"a", "1"}, {"b", "20"}, {"e", "5"}});
  check_same(
      diff_keyed(primary, backup, 1),
      {keyed(DiffKind::kDifferent, {"b"}, 1, 1), keyed(DiffKind::kMissingOnBackup, {"c"}, 1, 0),
       keyed(DiffKind::kDifferent, {"d"}, 1, 1), keyed(DiffKind::kExtraOnBackup, {"f"}, 0, 1)});
}

TEST_CASE("keys differing only in letter case are different keys", "[row_diff]") {
  check_same(diff_keyed(rows({{"abc", "1"}}), rows({{"ABC", "1"}}), 1),
             {keyed(DiffKind::kExtraOnBackup, {"ABC"}, 0, 1),
              keyed(DiffKind::kMissingOnBackup, {"abc"}, 1, 0)});
}

TEST_CASE("keys differing only in a trailing space are different keys", "[row_diff]") {
  check_same(diff_keyed(rows({{"abc", "1"}}), rows({{"abc ", "1"}}), 1),
             {keyed(DiffKind::kMissingOnBackup, {"abc"}, 1, 0),
              keyed(DiffKind::kExtraOnBackup, {"abc "}, 0, 1)});
}

TEST_CASE("keys with bytes that are not text are compared byte for byte", "[row_diff]") {
  const std::string k1("\x00\xff", 2), k2("\x00\xfe", 2);
  check_same(diff_keyed(rows({{k1, "1"}}), rows({{k1, "1"}, {k2, "1"}}), 1),
             {keyed(DiffKind::kExtraOnBackup, {k2}, 0, 1)});
}

TEST_CASE("composite keys are matched on every column", "[row_diff]") {
  const auto primary = rows({{"KK1", "N1", "1"}, {"KK1", "N2", "2"}, {"KK2", "N1", "3"}});
  const auto backup = rows({{"KK1", "N1", "1"}, {"KK1", "N2", "9"}, {"KK2", "N2", "3"}});
  check_same(diff_keyed(primary, backup, 2),
             {keyed(DiffKind::kDifferent, {"KK1", "N2"}, 1, 1),
              keyed(DiffKind::kMissingOnBackup, {"KK2", "N1"}, 1, 0),
              keyed(DiffKind::kExtraOnBackup, {"KK2", "N2"}, 0, 1)});
}

TEST_CASE("composite keys whose parts concatenate equally are different keys", "[row_diff]") {
  check_same(diff_keyed(rows({{"ab", "c", "1"}}), rows({{"a", "bc", "1"}}), 2),
             {keyed(DiffKind::kExtraOnBackup, {"a", "bc"}, 0, 1),
              keyed(DiffKind::kMissingOnBackup, {"ab", "c"}, 1, 0)});
}

TEST_CASE("composite keys that differ only in where a length-like prefix ends are different",
          "[row_diff]") {
  // Under a "length:value" encoding these two keys could meet if lengths were not delimited.
  check_same(diff_keyed(rows({{"1:a", "b", "1"}}), rows({{"1", "a1:b", "1"}}), 2),
             {keyed(DiffKind::kExtraOnBackup, {"1", "a1:b"}, 0, 1),
              keyed(DiffKind::kMissingOnBackup, {"1:a", "b"}, 1, 0)});
}

// ---- keyless -----------------------------------------------------------------------------------

TEST_CASE("identical digest multisets have no differences", "[row_diff]") {
  const auto list = rows({{"255", "2"}, {"1", "1"}});
  CHECK(diff_keyless(list, list).empty());
}

TEST_CASE("a duplicate row missing on the backup is one difference with both counts",
          "[row_diff]") {
  check_same(diff_keyless(rows({{"255", "2"}, {"7", "1"}}), rows({{"7", "1"}, {"255", "1"}})),
             {{DiffKind::kMissingOnBackup, {}, "255", 2, 1}});
}

TEST_CASE("a duplicate row extra on the backup is one difference with both counts", "[row_diff]") {
  check_same(diff_keyless(rows({{"255", "1"}}), rows({{"255", "3"}})),
             {{DiffKind::kExtraOnBackup, {}, "255", 1, 3}});
}

TEST_CASE("a changed keyless row is one row missing and one extra", "[row_diff]") {
  const auto diffs = diff_keyless(rows({{"16", "1"}}), rows({{"17", "1"}}));
  check_same(diffs, {{DiffKind::kMissingOnBackup, {}, "16", 1, 0},
                     {DiffKind::kExtraOnBackup, {}, "17", 0, 1}});
}

TEST_CASE("a keyless row is named by its digest exactly as the server printed it", "[row_diff]") {
  const auto diffs = diff_keyless(rows({{"0123456789abcdef0123456789abcdef", "1"}}), rows({}));
  REQUIRE(diffs.size() == 1);
  CHECK(diffs[0].row_digest == "0123456789abcdef0123456789abcdef");
  CHECK(diffs[0].key.empty());
}

// ---- same_row ----------------------------------------------------------------------------------

TEST_CASE("same_row is about the row, whatever the kind or counts", "[row_diff]") {
  const RowDifference base{DiffKind::kDifferent, {"a", "b"}, "", 1, 1};
  RowDifference other = base;
  other.kind = DiffKind::kMissingOnBackup;
  other.backup_count = 0;
  CHECK(same_row(base, other));
  CHECK(row_identity(base) == row_identity(other));
  other = base;
  other.key = {"a", "c"};
  CHECK_FALSE(same_row(base, other));
  CHECK(row_identity(RowDifference{DiffKind::kDifferent, {"ab", ""}, "", 1, 1}) !=
        row_identity(RowDifference{DiffKind::kDifferent, {"a", "b"}, "", 1, 1}));
  const RowDifference keyless{DiffKind::kExtraOnBackup, {}, "00ff", 0, 1};
  CHECK_FALSE(same_row(keyless, RowDifference{DiffKind::kExtraOnBackup, {}, "00fe", 0, 1}));
}

TEST_CASE("diff kinds have the names the evidence uses", "[row_diff]") {
  CHECK(std::string(diff_kind_name(DiffKind::kMissingOnBackup)) == "missing_on_backup");
  CHECK(std::string(diff_kind_name(DiffKind::kExtraOnBackup)) == "extra_on_backup");
  CHECK(std::string(diff_kind_name(DiffKind::kDifferent)) == "different");
}

}  // namespace
}  // namespace jaga::consistency
