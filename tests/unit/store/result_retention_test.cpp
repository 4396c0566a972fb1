// Issue 18: the store for years. A simulated year of results with large evidence, thinned daily
// as `jaga serve` does with keep_evidence_days = 30: the store stops growing by the evidence, and
// the summary a monthly report is built from is the same for an old month after thinning.
#include "store/result_retention.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "report/aggregator.h"
#include "store/store_space.h"
#include "tests/unit/temp_dir.h"

namespace jaga::store {
namespace {

using std::chrono::hours;
using testing::TempDir;

const TimePoint kYearStart = std::chrono::sys_days(std::chrono::year{2026} / 1 / 1);

std::unique_ptr<EvidenceStore> open_store(const std::string& path) {
  auto store = EvidenceStore::open(path);
  if (!store) FAIL(store.error().message);
  return std::move(*store);
}

// A server result every 6 hours of `day`, each with 16 KiB of evidence; one in eight WARN.
void record_day(EvidenceStore& store, int day) {
  for (int i = 0; i < 4; ++i) {
    CheckResult r;
    r.check = "server";
    const bool warn = (day * 4 + i) % 8 == 0;
    r.add(warn ? Status::kWarn : Status::kOk, FindingKind::kVolumeLow,
          {{"volume", "data"}, {"free_percent", 9.5}}, warn ? "volume data low" : "fine");
    r.summarize("fine");
    r.metrics.push_back({"volume_data_free", 40.0 - (day % 10), "%", 15.0, 5.0, true});
    r.evidence["filler"] = std::string(16 * 1024, 'x');
    r.started = r.finished = kYearStart + hours(24 * day + 6 * i);
    REQUIRE(store.record_run("db-utama", "serve", "db-utama", r).ok());
  }
}

uintmax_t store_bytes(const std::string& path) {
  uintmax_t total = std::filesystem::file_size(path);
  std::error_code ec;
  const auto wal = std::filesystem::file_size(path + "-wal", ec);
  return total + (ec ? 0 : wal);
}

report::Summary january(const EvidenceStore& store) {
  const report::Period month = report::period_containing(
      report::PeriodKind::kMonthly, std::chrono::year{2026} / 1 / 15, UtcOffset(hours(0)));
  auto summary = report::aggregate_period(store, month, {{"server", hours(6)}});
  REQUIRE(summary.ok());
  return std::move(*summary);
}

}  // namespace

TEST_CASE("a simulated year thinned daily stays small and an old month still summarizes alike",
          "[store][retention]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  auto store = open_store(path);
  uintmax_t after_two_months = 0;
  std::optional<report::Summary> before;
  for (int day = 0; day < 365; ++day) {
    record_day(*store, day);
    REQUIRE(thin_results_before(*store, kYearStart + hours(24 * (day + 1 - 30))).ok());
    if (day == 31) before = january(*store);
    if (day == 59) after_two_months = store_bytes(path);
  }
  const uintmax_t after_a_year = store_bytes(path);
  INFO("after 60 days " << after_two_months << " bytes, after 365 days " << after_a_year);
  // Without thinning the year's evidence alone is 365 * 4 * 16 KiB = 23 MiB; thinned, the store
  // holds 30 days of it (2 MiB) plus the WAL (up to 4 MiB before SQLite checkpoints it).
  CHECK(after_a_year < 2 * after_two_months);
  CHECK(after_a_year < 10 * 1024 * 1024);

  const report::Summary after = january(*store);
  REQUIRE(after.counts.size() == 1);
  CHECK(after.results == 31 * 4);
  CHECK(after.results == before->results);
  for (int s = 0; s < 4; ++s) CHECK(after.counts[0].by_status[s] == before->counts[0].by_status[s]);
  REQUIRE(after.volumes.size() == 1);
  CHECK(after.volumes[0].min == before->volumes[0].min);
  CHECK(after.incidents.size() == before->incidents.size());

  // Old results lost their evidence, recent ones kept it.
  HistoryQuery all;
  all.limit = 2000;
  auto rows = store->results(all);
  REQUIRE(rows.ok());
  CHECK(rows->front().evidence.contains("filler"));
  CHECK_FALSE(rows->back().evidence.contains("filler"));
}

TEST_CASE("thinning twice thins nothing the second time", "[store][retention]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  record_day(*store, 0);
  auto first = thin_results_before(*store, kYearStart + hours(24));
  REQUIRE(first.ok());
  CHECK(*first == 4);
  auto second = thin_results_before(*store, kYearStart + hours(24));
  REQUIRE(second.ok());
  CHECK(*second == 0);
}

// A new store is in incremental auto-vacuum mode: what thinning frees goes back to the file
// system, and the file on disk shrinks to the pages still used.
TEST_CASE("a new store gives back the pages that thinning frees", "[store][retention][vacuum]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  auto store = open_store(path);
  for (int day = 0; day < 30; ++day) record_day(*store, day);
  auto before = store_space(*store);
  REQUIRE(before.ok());
  CHECK(before->incremental);
  REQUIRE(thin_results_before(*store, kYearStart + hours(24 * 30)).ok());
  auto given = give_back_free_pages(*store);
  REQUIRE(given.ok());
  auto after = store_space(*store);
  REQUIRE(after.ok());
  INFO("before " << before->file_bytes() << " bytes, after " << after->file_bytes());
  // 120 results of 16 KiB evidence: about 2 MiB freed and given back.
  CHECK(*given > 1024 * 1024);
  CHECK(after->free_pages == 0);
  CHECK(after->file_bytes() < before->file_bytes() / 2);
  CHECK(std::filesystem::file_size(path) == static_cast<uintmax_t>(after->file_bytes()));
  // Nothing more to give back.
  auto again = give_back_free_pages(*store);
  REQUIRE(again.ok());
  CHECK(*again == 0);
}

// A store made by an earlier jaga (auto_vacuum NONE) only reuses its free pages; `jaga store
// compact` converts it once, after which it gives them back like a new one.
TEST_CASE("a store without auto-vacuum is converted by compact_store",
          "[store][retention][vacuum]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  open_store(path).reset();
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "PRAGMA auto_vacuum = NONE; VACUUM;", nullptr, nullptr, nullptr) ==
            SQLITE_OK);
    sqlite3_close(raw);
  }
  auto store = open_store(path);
  for (int day = 0; day < 30; ++day) record_day(*store, day);
  REQUIRE(thin_results_before(*store, kYearStart + hours(24 * 30)).ok());
  auto old = store_space(*store);
  REQUIRE(old.ok());
  CHECK_FALSE(old->incremental);
  CHECK(old->free_pages > 0);
  auto nothing = give_back_free_pages(*store);
  REQUIRE(nothing.ok());
  CHECK(*nothing == 0);
  auto freed = compact_store(*store);
  REQUIRE(freed.ok());
  CHECK(*freed > 1024 * 1024);
  auto now = store_space(*store);
  REQUIRE(now.ok());
  CHECK(now->incremental);
  CHECK(now->free_pages == 0);
  // The results are all still there.
  HistoryQuery all;
  all.limit = 2000;
  auto rows = store->results(all);
  REQUIRE(rows.ok());
  CHECK(rows->size() == 30 * 4);
}

}  // namespace jaga::store
