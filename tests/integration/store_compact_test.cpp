// `jaga store compact` through the jaga program: a store made by an earlier jaga (no
// auto-vacuum) with freed pages inside is rewritten in incremental mode, keeps every result and
// gives the freed pages back. The store work itself is tested in tests/unit/store.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "store/evidence_store.h"
#include "store/result_retention.h"
#include "store/store_space.h"
#include "tests/integration/sandbox.h"

namespace jaga::test {

TEST_CASE("jaga store compact converts an earlier store and gives back its free pages",
          "[store][vacuum]") {
  TempDir dir;
  const std::string config = private_config(dir);
  const std::string path = dir.path() + "/evidence.db";
  const TimePoint start = std::chrono::sys_days(std::chrono::year{2026} / 1 / 1);
  {
    auto store = store::EvidenceStore::open(path);
    REQUIRE(store.ok());
    for (int i = 0; i < 100; ++i) {
      CheckResult r;
      r.check = "server";
      r.add(Status::kOk, jaga::FindingKind::kUnclassified, {}, "fine");
      r.summarize("fine");
      r.evidence["filler"] = std::string(16 * 1024, 'x');
      r.started = r.finished = start + std::chrono::hours(i);
      REQUIRE((*store)->record_run("db-utama", "serve", "db-utama", r).ok());
    }
  }
  {  // as an earlier jaga left it: no auto-vacuum
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "PRAGMA auto_vacuum = NONE; VACUUM;", nullptr, nullptr, nullptr) ==
            SQLITE_OK);
    sqlite3_close(raw);
  }
  {
    auto store = store::EvidenceStore::open(path);
    REQUIRE(store.ok());
    REQUIRE(store::thin_results_before(**store, start + std::chrono::hours(200)).ok());
  }
  const auto before = std::filesystem::file_size(path);
  const ProcessResult r = run_jaga({"--config", config, "store", "compact"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("given back; it now gives back freed pages itself"));
  CHECK(std::filesystem::file_size(path) < before / 2);
  auto store = store::EvidenceStore::open(path);
  REQUIRE(store.ok());
  auto space = store::store_space(**store);
  REQUIRE(space.ok());
  CHECK(space->incremental);
  store::HistoryQuery all;
  all.limit = 1000;
  auto rows = (*store)->results(all);
  REQUIRE(rows.ok());
  CHECK(rows->size() == 100);
}

}  // namespace jaga::test
