// A real evidence store in a temporary directory, filled with synthetic results at chosen
// times, for the report tests.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checks/check.h"
#include "store/evidence_store.h"
#include "tests/unit/schedule/times.h"
#include "tests/unit/temp_dir.h"

namespace jaga::report::testing {

struct MetricSpec {
  std::string name;
  double value;
  std::optional<double> warn = std::nullopt;
  std::optional<double> crit = std::nullopt;
};

class EvidenceFixture {
 public:
  EvidenceFixture() {
    auto store = store::EvidenceStore::open(dir_.file("evidence.db"));
    if (!store) FAIL(store.error().message);
    store_ = std::move(*store);
  }

  store::EvidenceStore& store() { return *store_; }

  // A result whose one finding (when not OK) is `summary`, of `kind` with `params`.
  void add(const std::string& check, const std::string& host, TimePoint at, Status status,
           const std::string& summary, const std::vector<MetricSpec>& metrics = {},
           FindingKind kind = FindingKind::kUnclassified,
           const nlohmann::json& params = nlohmann::json::object()) {
    if (run_ == 0) {
      auto run = store_->begin_run(host, "serve", at);
      REQUIRE(run.ok());
      run_ = *run;
    }
    checks::CheckResult r;
    r.check = check;
    r.started = at;
    r.finished = at + std::chrono::seconds(1);
    r.summary = summary;
    if (status != Status::kOk) r.add(status, kind, params, summary);
    r.status = status;
    for (const auto& m : metrics) r.metrics.push_back({m.name, m.value, "", m.warn, m.crit});
    // Personal evidence that a report must never read.
    r.personal["key"] = "3322010101900001";
    REQUIRE(store_->record(run_, host, r).ok());
  }

 private:
  jaga::testing::TempDir dir_;
  std::unique_ptr<store::EvidenceStore> store_;
  int64_t run_ = 0;
};

// 26 November 2026 (WIB) on host db1: the agent stopped 10:00-10:30, the backup server was
// unreachable 14:00-14:09, replication lagged 08:00-08:24 (WARN then CRIT), consistency found
// two rows at 02:00, free space fell from 40% to about 38%.
inline void fill_day(EvidenceFixture& f, unsigned day) {
  for (int m = 0; m < 24 * 60; ++m) {
    const TimePoint at = schedule::testing::wib(2026, 11, day, m / 60, m % 60, 5);
    if (m >= 600 && m < 630) continue;
    const bool backup_down = m >= 840 && m < 850;
    std::vector<MetricSpec> server = {{"primary_uptime", 9000},
                                      {"volume_data_free", 40 - m / 720.0, 15, 5}};
    if (!backup_down) server.push_back({"backup_uptime", 9000});
    f.add("server", "db1", at, backup_down ? Status::kCrit : Status::kOk,
          backup_down ? "backup 10.0.0.2:3306 unreachable" : "ok", server,
          FindingKind::kServerUnreachable, {{"role", "backup"}});
    const double lag = m >= 480 && m < 500 ? 120 : m >= 500 && m < 505 ? 400 : 0;
    f.add("replication", "db1", at,
          lag >= 300  ? Status::kCrit
          : lag >= 60 ? Status::kWarn
                      : Status::kOk,
          lag > 0 ? "backup is behind" : "ok", {{"replication_lag", lag, 60, 300}},
          FindingKind::kReplicationLag, {{"seconds", lag}});
  }
  f.add("consistency", "db1", schedule::testing::wib(2026, 11, day, 2), Status::kCrit,
        "siak.penduduk: 2 rows differ, e.g. 3322010101900001",
        {{"rows_compared", 20000}, {"differing_rows", 2, std::nullopt, 1}},
        FindingKind::kRowsDiffer, {{"table", "siak.penduduk"}, {"rows", 2}});
}

}  // namespace jaga::report::testing
