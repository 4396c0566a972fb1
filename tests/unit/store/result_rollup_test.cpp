// Issue 18: the store for years. Roll-ups merge consecutive old results alike into one row, and
// nothing else: not new results, not across hosts, checks, statuses, windows or gaps.
#include "store/result_rollup.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "report/report.h"
#include "report/rollup_rules.h"
#include "store/result_retention.h"
#include "store/sqlite_statement.h"
#include "store/store_space.h"
#include "tests/unit/schedule/times.h"
#include "tests/unit/temp_dir.h"

namespace jaga::store {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::TempDir;

// 1 March 2026 00:00 WIB.
const TimePoint kStart = std::chrono::sys_days(std::chrono::year{2026} / 3 / 1) - hours(7);

RollupRules rules() {
  RollupRules r;
  r.zone = UtcOffset(hours(7));
  r.max_spacing = {{"server", seconds(120)}, {"replication", seconds(120)}};
  r.equal_metrics = {"replication_lag"};
  return r;
}

class Store {
 public:
  Store() {
    auto store = EvidenceStore::open(dir_.file("evidence.db"));
    if (!store) FAIL(store.error().message);
    store_ = std::move(*store);
    auto run = store_->begin_run("db1", "serve", kStart);
    REQUIRE(run.ok());
    run_ = *run;
  }
  EvidenceStore& operator*() { return *store_; }
  EvidenceStore* operator->() { return store_.get(); }

  void add(const std::string& check, const std::string& host, TimePoint at,
           Status status = Status::kOk, double value = 0,
           nlohmann::json personal = nlohmann::json::object()) {
    CheckResult r;
    r.check = check;
    r.started = at;
    r.finished = at + seconds(1);
    r.status = status;
    r.summary = status == Status::kOk ? "fine" : "not fine";
    r.metrics.push_back(
        {check == "replication" ? "replication_lag" : "primary_uptime", value, "s", 60.0, 300.0});
    r.personal = std::move(personal);
    REQUIRE(store_->record(run_, host, r).ok());
  }

  // `n` results of `check` on `host` a minute apart from `from`.
  void minutely(const std::string& check, const std::string& host, TimePoint from, int n) {
    auto transaction = store_->transaction();
    for (int i = 0; i < n; ++i) add(check, host, from + minutes(i), Status::kOk, 1000.0 + i);
    REQUIRE(transaction.commit());
  }

  int64_t count(const std::string& where = "1") {
    auto s = store_->statement("SELECT COUNT(*) FROM results WHERE " + where);
    REQUIRE(s.step() == SQLITE_ROW);
    return s.integer(0);
  }
  int64_t stood_for() {
    auto s = store_->statement("SELECT SUM(repeats) FROM results");
    REQUIRE(s.step() == SQLITE_ROW);
    return s.integer(0);
  }
  RollupCount roll_up(TimePoint cutoff) {
    auto rolled = roll_up_results_before(*store_, cutoff, rules());
    if (!rolled) FAIL(rolled.error().message);
    return *rolled;
  }

 private:
  TempDir dir_;
  std::unique_ptr<EvidenceStore> store_;
  int64_t run_ = 0;
};

}  // namespace

TEST_CASE("a quiet month rolls up to a tenth of its rows, and a second run merges nothing",
          "[store][rollup]") {
  Store store;
  for (int day = 0; day < 30; ++day)
    store.minutely("server", "db1", kStart + hours(24 * day), 1440);
  const RollupCount first = store.roll_up(kStart + hours(24 * 30));
  const int64_t after = store.count();
  INFO("30 days: " << 30 * 1440 << " rows rolled up to " << after);
  CHECK(first.rows_before == 30 * 1440);
  CHECK(after == 30 * 144);  // one row per ten minutes
  CHECK(first.merged == 30 * 1440 - after);
  CHECK(store.stood_for() == 30 * 1440);
  const RollupCount second = store.roll_up(kStart + hours(24 * 30));
  CHECK(second.merged == 0);
  CHECK(store.count() == after);
}

TEST_CASE("a roll-up stands for its results: first start, last start and finish, metric range",
          "[store][rollup]") {
  Store store;
  store.minutely("server", "db1", kStart, 10);
  store.roll_up(kStart + hours(1));
  HistoryQuery all;
  auto rows = store->results(all);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 1);
  const StoredResult& r = rows->front();
  CHECK(r.repeats == 10);
  CHECK(r.started_at == format_utc(kStart));
  CHECK(r.last_started_at == format_utc(kStart + minutes(9)));
  CHECK(r.finished_at == format_utc(kStart + minutes(9) + seconds(1)));
  CHECK(r.metrics[0]["value"] == 1000.0);
  CHECK(r.metrics[0]["min"] == 1000.0);
  CHECK(r.metrics[0]["max"] == 1009.0);
  CHECK(r.metrics[0]["last"] == 1009.0);
  CHECK(to_json(r)["repeats"] == 10);
  // `check --from-store` reads it as the newest result it stands for.
  CHECK(to_check_result(r).started == kStart + minutes(9));
}

TEST_CASE("results newer than the cutoff are never rolled up", "[store][rollup]") {
  Store store;
  store.minutely("server", "db1", kStart, 120);
  // A cutoff inside a window is rounded down to it: 01:05 rolls up to 01:00.
  store.roll_up(kStart + minutes(65));
  CHECK(store.count("started_at < '" + format_utc(kStart + hours(1)) + "'") == 6);
  CHECK(store.count("started_at >= '" + format_utc(kStart + hours(1)) + "'") == 60);
  CHECK(store.count("repeats > 1 AND last_started_at >= '" + format_utc(kStart + hours(1)) + "'") ==
        0);
}

TEST_CASE("results of other hosts, checks or statuses never merge", "[store][rollup]") {
  Store store;
  for (int i = 0; i < 10; ++i) {
    const TimePoint at = kStart + minutes(i);
    store.add("server", i % 2 == 0 ? "db1" : "db2", at);
    store.add("replication", "db1", at, i == 4 ? Status::kWarn : Status::kOk);
    store.add("consistency", "db1", at);  // not a check that rolls up
  }
  store.roll_up(kStart + hours(1));
  CHECK(store.count("check_name = 'server'") == 2);                       // one per host
  CHECK(store.count("check_name = 'replication'") == 3);                  // OK, WARN, OK
  CHECK(store.count("check_name = 'replication' AND repeats = 1") == 1);  // the WARN
  CHECK(store.count("check_name = 'consistency'") == 10);
}

TEST_CASE("results across a window boundary or a gap never merge", "[store][rollup]") {
  Store store;
  // 00:05 to 00:14: two windows.
  for (int i = 5; i < 15; ++i) store.add("server", "db1", kStart + minutes(i));
  // 01:00, 01:01, then a silence of three minutes (over the 120 s a gap allows), 01:04, 01:05.
  for (int i : {60, 61, 64, 65}) store.add("server", "db1", kStart + minutes(i));
  store.roll_up(kStart + hours(2));
  CHECK(store.count() == 4);
  CHECK(store.count("repeats = 5") == 2);
  CHECK(store.count("repeats = 2") == 2);
}

TEST_CASE("a result holding sealed personal evidence is never merged, nor merged into",
          "[store][rollup]") {
  Store store;
  for (int i = 0; i < 10; ++i) {
    store.add("server", "db1", kStart + minutes(i), Status::kOk, 0,
              i == 4 ? nlohmann::json{{"keys", {"3374010101900001"}}} : nlohmann::json::object());
  }
  store.roll_up(kStart + hours(1));
  CHECK(store.count() == 3);
  CHECK(store.count("repeats = 4") == 1);  // 00:00 to 00:03
  CHECK(store.count("repeats = 5") == 1);  // 00:05 to 00:09
  CHECK(store.count("repeats = 1 AND personal <> '{}'") == 1);
  CHECK(store.stood_for() == 10);
}

TEST_CASE("lag rolls up only with equal values under its thresholds", "[store][rollup]") {
  Store store;
  const double lags[] = {0, 0, 0, 0.5, 0.5, 0.75, 75.5, 75.5, 0, 0};
  for (int i = 0; i < 10; ++i) {
    store.add("replication", "db1", kStart + minutes(i), Status::kOk, lags[i]);
  }
  store.roll_up(kStart + hours(1));
  // 0 x3, 0.5 x2, 0.75, 75.5, 75.5 (over WARN: each stays), 0 x2.
  CHECK(store.count() == 6);
  CHECK(store.stood_for() == 10);
}

TEST_CASE("a store of schema version 9 is migrated and its results stand for one each",
          "[store][rollup]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    // The results table as version 9 left it, with one result.
    const char* sql =
        "CREATE TABLE results (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, check_name TEXT "
        "NOT NULL, host TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT NOT NULL, "
        "status INTEGER NOT NULL, summary TEXT NOT NULL, findings TEXT NOT NULL, metrics TEXT "
        "NOT NULL, evidence TEXT NOT NULL, personal TEXT NOT NULL DEFAULT '{}', origin_host "
        "TEXT, origin_result_id INTEGER);"
        "INSERT INTO results VALUES (1, 1, 'server', 'db1', '2026-03-01T00:00:00.000Z', "
        "'2026-03-01T00:00:01.000Z', 0, 'fine', '[]', '[]', '{}', '{}', NULL, NULL);"
        "PRAGMA user_version = 9;";
    REQUIRE(sqlite3_exec(raw, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  auto store = EvidenceStore::open(path);
  if (!store) FAIL(store.error().message);
  CHECK((*store)->schema_version() == 10);
  auto rows = (*store)->results(HistoryQuery{});
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 1);
  CHECK(rows->front().repeats == 1);
  CHECK(rows->front().last_started_at.empty());
  CHECK_FALSE(to_json(rows->front()).contains("repeats"));
}

namespace {

config::Config year_config() {
  auto c = config::parse_config(
      "[servers.primary]\nhost = \"127.0.0.1\"\nuser = \"jaga\"\n"
      "[servers.backup]\nhost = \"10.0.0.2\"\nuser = \"jaga\"\n"
      "[schedule]\ntime_zone = \"+07:00\"\n"
      "[[schedule.jobs]]\ncheck = \"server\"\nevery = \"2m\"\n",
      "/etc/jaga/jaga.toml");
  if (!c) FAIL(c.error().message);
  return *c;
}

// A day of `jaga serve` on one host: a server result every two minutes, with 512 bytes of
// evidence, the backup server unreachable for 8 minutes at 14:00, and free space drifting.
void serve_day(Store& store, int day) {
  auto transaction = store->transaction();
  auto run = store->begin_run("db1", "serve", kStart + hours(24 * day));
  REQUIRE(run.ok());
  for (int m = 0; m < 1440; m += 2) {
    const bool down = m >= 840 && m < 847;
    CheckResult r;
    r.check = "server";
    r.started = kStart + hours(24 * day) + minutes(m) + seconds(2);
    r.finished = r.started + seconds(1);
    r.status = down ? Status::kCrit : Status::kOk;
    r.summary = down ? "backup unreachable" : "both servers reachable";
    r.metrics.push_back(Metric{"primary_uptime", 60.0 * (day * 1440 + m), "s", {}, {}, false});
    if (!down)
      r.metrics.push_back(Metric{"backup_uptime", 60.0 * (day * 1440 + m), "s", {}, {}, false});
    r.metrics.push_back({"volume_data_free", 60 - (m % 700) * 0.03125, "%", 15.0, 5.0, true});
    r.evidence["status"] = std::string(512, 'x');
    REQUIRE((*store).record(*run, "db1", r).ok());
  }
  REQUIRE(store->finish_run(*run, Status::kOk, kStart + hours(24 * day + 24)).ok());
  REQUIRE(transaction.commit());
}

std::string march_report(const EvidenceStore& store) {
  schedule::testing::FakeClock clock(kStart + hours(24 * 400));
  auto r =
      report::draft_report(year_config(), store,
                           {report::PeriodKind::kMonthly, std::chrono::year{2026} / 3 / 15}, clock);
  if (!r) FAIL(r.error().message);
  return r->json;
}

uintmax_t file_bytes(const std::string& path) {
  std::error_code ec;
  const auto wal = std::filesystem::file_size(path + "-wal", ec);
  return std::filesystem::file_size(path) + (ec ? 0 : wal);
}

}  // namespace

// As `jaga serve` keeps it with keep_evidence_days = 30 and keep_raw_results_days = 60: each day
// thinned, rolled up and its freed pages given back.
TEST_CASE("a simulated year of frequent results rolled up daily stays bounded and drafts alike",
          "[store][retention][rollup]") {
  Store store;
  const std::string path = store->path();
  const config::Config config = year_config();
  std::string before;
  uintmax_t after_90_days = 0;
  for (int day = 0; day < 365; ++day) {
    serve_day(store, day);
    const TimePoint now = kStart + hours(24 * (day + 1));
    REQUIRE(thin_results_before(*store, now - hours(24 * 30)).ok());
    const TimePoint cutoff = now - hours(24 * 60);
    REQUIRE(roll_up_results_before(*store, cutoff, report::rollup_rules(config, cutoff)).ok());
    REQUIRE(give_back_free_pages(*store).ok());
    if (day == 31) before = march_report(*store);
    if (day == 89) after_90_days = file_bytes(path);
  }
  const uintmax_t after_a_year = file_bytes(path);
  WARN("a year of server results every two minutes: "
       << store.count() << " rows standing for " << store.stood_for() << ", "
       << (after_a_year >> 10) << " KiB (after 90 days " << (after_90_days >> 10) << " KiB)");
  CHECK(store.stood_for() == 365 * 720);
  // Unrolled, the year would hold four times the rows of 90 days; rolled (five results to a
  // row), the 305 old days take about what 60 raw ones do, and the file less than twice its size
  // at 90 days (1.6 times when measured).
  CHECK(store.count() * 3 < 365 * 720);
  CHECK(after_a_year < after_90_days * 2);
  CHECK(march_report(*store) == before);
}

}  // namespace jaga::store
