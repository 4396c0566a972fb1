// Issue 18: the store for years. A realistic month of results on two hosts - server, replication
// and backups every minute, with drifting free space, growing uptimes and backup ages, lag mostly
// 0 with fractional spikes over WARN and CRIT, CRIT incidents and silences, and the daily
// consistency, backup, restore test and security results - drafts every report byte for byte the
// same after the store rolled it up (store/result_rollup.h, with report/rollup_rules.h).
#include <sqlite3.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>

#include "report/report.h"
#include "report/rollup_rules.h"
#include "store/result_rollup.h"
#include "store/sqlite_statement.h"
#include "tests/unit/schedule/times.h"
#include "tests/unit/temp_dir.h"

namespace jaga::report {
namespace {

using schedule::testing::FakeClock;
using schedule::testing::wib;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

config::Config make_config() {
  auto c = config::parse_config(
      "[servers.primary]\nhost = \"127.0.0.1\"\nuser = \"jaga\"\n"
      "[servers.backup]\nhost = \"10.0.0.2\"\nuser = \"jaga\"\n"
      "[schedule]\ntime_zone = \"+07:00\"\n"
      "[[schedule.jobs]]\ncheck = \"server\"\nevery = \"1m\"\n"
      "[[schedule.jobs]]\ncheck = \"replication\"\nevery = \"1m\"\n"
      "[[schedule.jobs]]\ncheck = \"backups\"\nevery = \"1m\"\n"
      "[[schedule.jobs]]\ncheck = \"consistency\"\ncron = \"0 2 * * *\"\n"
      "[[schedule.jobs]]\ncheck = \"security\"\ncron = \"0 4 * * *\"\n"
      "[report.officials.apk]\nname = \"Budi Santoso\"\nnip = \"198001012005011001\"\n"
      "[report.officials.sub_koord]\nname = \"Siti Rahma\"\nnip = \"198202022006042002\"\n"
      "[report.officials.kabid]\nname = \"Agus Wibowo\"\nnip = \"197503032000031003\"\n",
      "/etc/jaga/jaga.toml");
  if (!c) FAIL(c.error().message);
  return *c;
}

// A small deterministic generator: the month is the same on every run.
class Dice {
 public:
  uint32_t next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state_ >> 33);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<uint32_t>(n)); }

 private:
  uint64_t state_ = 18;
};

CheckResult result(const std::string& check, TimePoint at, Status status,
                   const std::string& summary, FindingKind kind = FindingKind::kUnclassified,
                   const nlohmann::json& params = nlohmann::json::object()) {
  CheckResult r;
  r.check = check;
  r.started = at;
  r.finished = at + milliseconds(800);
  r.summary = summary;
  if (status != Status::kOk) r.add(status, kind, params, summary);
  r.status = status;
  return r;
}

// Minutes of the month (from 1 November 00:00 WIB) in which `host` recorded nothing.
bool silent(int host, int m) {
  const int day = m / 1440, minute = m % 1440;
  if (host == 0 && day == 4 && minute >= 600 && minute < 631) return true;  // 5 Nov 10:00-10:31
  // 12 Nov 23:53 to 13 Nov 00:17: the silence crosses midnight.
  if (host == 1 && ((day == 11 && minute >= 1433) || (day == 12 && minute < 17))) return true;
  return host == 1 && day == 20 && minute >= 125 && minute < 129;  // 21 Nov, four minutes
}

// The month of November 2026 on hosts db1 and db2.
void fill_month(store::EvidenceStore& store) {
  Dice dice;
  const TimePoint month = wib(2026, 11, 1);
  const char* hosts[] = {"db1", "db2"};
  double free_space[2][2] = {{40.0, 62.5}, {55.0, 71.25}};
  double uptime[2] = {86400, 3600};
  double lag_spike[2] = {0, 0};
  int spike_left[2] = {0, 0};
  for (int day = 0; day < 30; ++day) {
    auto transaction = store.transaction();
    REQUIRE(transaction.began());
    auto run = store.begin_run("db1", "serve", month + hours(24 * day));
    REQUIRE(run.ok());
    bool kept = true;  // checked once a day: a REQUIRE per result costs a minute
    for (int minute = 0; minute < 1440; ++minute) {
      const int m = day * 1440 + minute;
      for (int h = 0; h < 2; ++h) {
        if (silent(h, m)) continue;
        const std::string host = hosts[h];
        const TimePoint at = month + minutes(m) + seconds(3) + milliseconds(dice.below(2500));
        uptime[h] += 60;
        // Server: the backup server unreachable now and then (CRIT), free space drifting down
        // with the writes and up at each night's clean-up.
        const bool backup_down = (day == 7 && minute >= 840 && minute < 853 && h == 0) ||
                                 (day == 19 && minute >= 300 && minute < 306 && h == 1);
        for (double& f : free_space[h]) f -= dice.below(3) * 0.015625;
        if (minute == 180) free_space[h][0] += 10;
        CheckResult s =
            result("server", at, backup_down ? Status::kCrit : Status::kOk,
                   backup_down ? "backup 10.0.0.2:3306 unreachable" : "both servers reachable",
                   FindingKind::kServerUnreachable, {{"role", "backup"}});
        s.metrics.push_back(Metric{"primary_uptime", uptime[h], "s", {}, {}, false});
        if (!backup_down)
          s.metrics.push_back(Metric{"backup_uptime", uptime[h] - 1800, "s", {}, {}, false});
        s.metrics.push_back(
            Metric{"connections", static_cast<double>(20 + dice.below(5)), "", {}, {}, false});
        s.metrics.push_back({"volume_data_free", free_space[h][0], "%", 15.0, 5.0, true});
        s.metrics.push_back({"volume_backup_free", free_space[h][1], "%", 15.0, 5.0, true});
        kept = kept && store.record(*run, host, s).ok();
        // Replication: lag 0, with spikes of fractional seconds over WARN (60) and CRIT (300),
        // small lag under WARN, and the threads stopped for a few minutes once.
        if (spike_left[h] == 0 && dice.below(400) == 0) {
          spike_left[h] = 2 + dice.below(12);
          const double spikes[] = {0.5, 0.5, 75.25, 130.5, 320.75};
          lag_spike[h] = spikes[dice.below(5)];
        }
        const double lag = spike_left[h] > 0 ? lag_spike[h] : 0;
        if (spike_left[h] > 0) --spike_left[h];
        const bool stopped = h == 1 && day == 15 && minute >= 700 && minute < 708;
        const Status rs = stopped      ? Status::kCrit
                          : lag >= 300 ? Status::kCrit
                          : lag >= 60  ? Status::kWarn
                                       : Status::kOk;
        CheckResult r = result("replication", at + milliseconds(200), rs,
                               stopped   ? "SQL thread stopped"
                               : lag > 0 ? "backup is behind"
                                         : "replica in sync",
                               stopped ? FindingKind::kUnclassified : FindingKind::kReplicationLag,
                               {{"seconds", lag}});
        if (!stopped) r.metrics.push_back({"replication_lag", lag, "s", 60.0, 300.0});
        kept = kept && store.record(*run, host, r).ok();
        // Backups: the newest backup ages by the minute and is renewed at 01:00; WARN when a
        // night's backup was missed (the age passes 26 hours).
        const int backup_day = day == 9 ? day - 1 : day;  // 10 Nov: no backup that night
        const double age = (m - (backup_day * 1440 + 60)) * 60.0 + (minute < 60 ? 86400 : 0);
        const Status bs = age > 26 * 3600 ? Status::kWarn : Status::kOk;
        CheckResult b = result("backups", at + milliseconds(400), bs,
                               bs == Status::kOk ? "backups fresh and intact" : "backup too old");
        b.metrics.push_back({"newest_backup_age_seconds", age, "s", 26 * 3600.0, 48 * 3600.0});
        b.metrics.push_back(Metric{"sets", 3, "", {}, {}, false});
        kept = kept && store.record(*run, host, b).ok();
      }
    }
    // The daily checks of the coordinator's host.
    const TimePoint d = month + hours(24 * day);
    CheckResult c =
        result("consistency", d + hours(2) + seconds(7), day == 17 ? Status::kCrit : Status::kOk,
               day == 17 ? "siak.penduduk: 2 rows differ" : "all tables equal",
               FindingKind::kRowsDiffer, {{"table", "siak.penduduk"}, {"rows", 2}});
    c.metrics.push_back(Metric{"rows_compared", 20000.0 + day, "", {}, {}, false});
    c.metrics.push_back(Metric{"differing_rows", day == 17 ? 2.0 : 0.0, "", {}, {}, false});
    kept = kept && store.record(*run, "db1", c).ok();
    if (day != 9) {
      CheckResult b = result("backup", d + hours(1) + seconds(2), Status::kOk, "backup taken");
      b.metrics.push_back(Metric{"bytes", 7.5e8 + day * 1.25e6, "B", {}, {}, false});
      b.metrics.push_back(Metric{"duration_seconds", 300.0 + day, "s", {}, {}, false});
      kept = kept && store.record(*run, "db1", b).ok();
    }
    CheckResult t = result("restore_test", d + hours(3) + seconds(4), Status::kOk, "restored");
    t.metrics.push_back(Metric{"restore_seconds", 600.0 + 3 * day, "s", {}, {}, false});
    t.metrics.push_back(Metric{"tables_differing", 0, "", {}, {}, false});
    kept = kept && store.record(*run, "db1", t).ok();
    CheckResult sec =
        result("security", d + hours(4) + seconds(1), day == 22 ? Status::kWarn : Status::kOk,
               day == 22 ? "account 'tmp'@'%' has a wildcard host" : "no findings");
    kept = kept && store.record(*run, "db1", sec).ok();
    REQUIRE(kept);
    REQUIRE(store.finish_run(*run, Status::kOk, d + hours(24)).ok());
    REQUIRE(transaction.commit());
  }
}

struct Draft {
  std::string json, pdf;
};

Draft draft(const store::EvidenceStore& store, PeriodKind kind, unsigned day) {
  FakeClock clock(wib(2026, 12, 10));
  const Date date{std::chrono::year(2026), std::chrono::November, std::chrono::day(day)};
  auto r = draft_report(make_config(), store, {kind, date}, clock);
  if (!r) FAIL(r.error().message);
  return {r->json, r->pdf};
}

int64_t rows(const store::EvidenceStore& store) {
  auto s = store.statement("SELECT COUNT(*) FROM results");
  REQUIRE(s.step() == SQLITE_ROW);
  return s.integer(0);
}

struct Case {
  PeriodKind kind;
  unsigned day;
};

// The month, a week with incidents and spikes, and days with a silence (5 Nov), a silence across
// midnight (12 and 13 Nov), an unreachable backup server (8 Nov), a missed backup (10 Nov),
// stopped replication (16 Nov), differing rows (18 Nov) and a short silence (21 Nov).
const Case kCases[] = {
    {PeriodKind::kMonthly, 15}, {PeriodKind::kWeekly, 11}, {PeriodKind::kWeekly, 18},
    {PeriodKind::kDaily, 5},    {PeriodKind::kDaily, 8},   {PeriodKind::kDaily, 10},
    {PeriodKind::kDaily, 12},   {PeriodKind::kDaily, 13},  {PeriodKind::kDaily, 16},
    {PeriodKind::kDaily, 18},   {PeriodKind::kDaily, 21},  {PeriodKind::kDaily, 30}};

}  // namespace

TEST_CASE("every report of a rolled-up month drafts byte for byte as from the raw results",
          "[report][rollup]") {
  jaga::testing::TempDir dir;
  auto store = store::EvidenceStore::open(dir.file("evidence.db"));
  REQUIRE(store.ok());
  fill_month(**store);
  std::vector<Draft> before;
  for (const Case& c : kCases) before.push_back(draft(**store, c.kind, c.day));

  const int64_t raw = rows(**store);
  const TimePoint cutoff = wib(2026, 12, 1);
  auto rolled = store::roll_up_results_before(**store, cutoff, rollup_rules(make_config(), cutoff));
  REQUIRE(rolled.ok());
  const int64_t after = rows(**store);
  INFO("rows " << raw << " before, " << after << " after");
  // Nine in ten rows of a month with incidents and silences are merged away.
  CHECK(after * 8 < raw);
  CHECK(rolled->merged == raw - after);

  for (size_t i = 0; i < std::size(kCases); ++i) {
    INFO(period_kind_name(kCases[i].kind) << " report of " << kCases[i].day << " November");
    const Draft now = draft(**store, kCases[i].kind, kCases[i].day);
    // Compared whole, told by where they part (Catch would print both documents).
    const auto parted = std::mismatch(now.json.begin(), now.json.end(), before[i].json.begin(),
                                      before[i].json.end());
    INFO("JSON differs from byte "
         << (parted.first - now.json.begin()) << ": "
         << std::string(parted.first, std::min(parted.first + 120, now.json.end())));
    const bool same_json = now.json == before[i].json;
    const bool same_pdf = now.pdf == before[i].pdf;
    CHECK(same_json);
    CHECK(same_pdf);
  }
}

}  // namespace jaga::report
