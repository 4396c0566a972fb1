#include "backup/retention.h"

#include <catch2/catch.hpp>

#include "backup/backup_names.h"

namespace jaga::backup {
namespace {

TimePoint at(int y, unsigned m, unsigned d, int h = 2) {
  return std::chrono::sys_days{std::chrono::year{y} / m / d} + std::chrono::hours(h);
}

std::vector<RetentionItem> daily(TimePoint from, int days) {
  std::vector<RetentionItem> out;
  for (int i = 0; i < days; ++i) {
    const TimePoint t = from + std::chrono::days(i);
    out.push_back({backup_name(t), t});
  }
  return out;
}

TEST_CASE("retention keeps the last days, weeks and months", "[backup][retention]") {
  // 60 daily backups from Monday 2026-09-28 to 2026-11-26.
  auto items = daily(at(2026, 9, 28), 60);
  const auto gone = select_for_deletion(items, RetentionPolicy{7, 4, 3, {}});
  // Kept: 7 days (Nov 20-26); newest of 4 weeks: Thu Nov 26 and Sundays Nov 22 (both kept
  // already), Nov 15, Nov 8;
  // newest of 3 months (Nov 26, Oct 31, Sep 30).
  CHECK(gone.size() == 60 - 7 - 2 - 2);
  auto kept = [&](TimePoint t) {
    return std::find(gone.begin(), gone.end(), backup_name(t)) == gone.end();
  };
  CHECK(kept(at(2026, 11, 26)));
  CHECK(kept(at(2026, 11, 20)));
  CHECK_FALSE(kept(at(2026, 11, 19)));
  CHECK(kept(at(2026, 11, 15)));
  CHECK(kept(at(2026, 11, 8)));
  CHECK_FALSE(kept(at(2026, 11, 1)));
  CHECK(kept(at(2026, 10, 31)));
  CHECK(kept(at(2026, 9, 30)));
  CHECK_FALSE(kept(at(2026, 9, 28)));
}

TEST_CASE("retention keeps the newest of several backups on one day", "[backup][retention]") {
  std::vector<RetentionItem> items = {{"a", at(2026, 11, 26, 1)}, {"b", at(2026, 11, 26, 13)}};
  CHECK(select_for_deletion(items, RetentionPolicy{1, 0, 0, {}}) == std::vector<std::string>{"a"});
}

TEST_CASE("retention never deletes the newest backup", "[backup][retention]") {
  std::vector<RetentionItem> items = {{"old", at(2026, 1, 1)}, {"new", at(2026, 11, 26)}};
  CHECK(select_for_deletion(items, RetentionPolicy{0, 0, 0, {}}) ==
        std::vector<std::string>{"old"});
  CHECK(select_for_deletion({}, RetentionPolicy{}).empty());
}

TEST_CASE("retention counts days in the office's time zone", "[backup][retention]") {
  // 17:30 and 18:30 UTC are the same UTC day but different WIB (+07:00) days.
  std::vector<RetentionItem> items = {{"a", at(2026, 11, 26, 16)}, {"b", at(2026, 11, 26, 18)}};
  CHECK(select_for_deletion(items, RetentionPolicy{2, 0, 0, {}}).size() == 1);
  CHECK(select_for_deletion(items, RetentionPolicy{2, 0, 0, std::chrono::minutes(420)}).empty());
}

TEST_CASE("retention never deletes the backup just verified, even with a later name beside it",
          "[backup][retention]") {
  // "z" has a later start (a clock that went back, or a copied-in backup): the newest by time
  // is kept as before, and so is the one this run verified.
  std::vector<RetentionItem> items = {{"a", at(2026, 11, 26, 2)}, {"z", at(2026, 11, 26, 3)}};
  CHECK(select_for_deletion(items, RetentionPolicy{1, 0, 0, {}}) == std::vector<std::string>{"a"});
  CHECK(select_for_deletion(items, RetentionPolicy{1, 0, 0, {}}, "a").empty());
}

TEST_CASE("backup names carry their start time and partials are recognised", "[backup][names]") {
  const TimePoint t = at(2026, 11, 27, 0) + std::chrono::seconds(30 * 60 + 22);
  CHECK(backup_name(t) == "jaga-20261127T003022Z");
  CHECK(partial_name(t) == ".jaga-20261127T003022Z.partial");
  CHECK(parse_backup_name("jaga-20261127T003022Z") == t);
  CHECK(is_partial_name(partial_name(t)));
  CHECK_FALSE(parse_backup_name("jaga-20261327T003022Z"));
  CHECK_FALSE(parse_backup_name("jaga-2026112xT003022Z"));
  CHECK_FALSE(parse_backup_name(".jaga-20261127T003022Z.partial"));
}

}  // namespace
}  // namespace jaga::backup
