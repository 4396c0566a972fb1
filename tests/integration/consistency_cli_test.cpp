// `jaga check consistency` and `jaga diff show` as an administrator runs them: a run killed with
// kill -9 is continued by the next one and still finds exactly the injected differences; the
// rows found are shown with masked keys unless revealed.
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store/evidence_store.h"
#include "tests/integration/consistency_scratch.h"
#include "tests/integration/store_bytes.h"

namespace jaga::test {
namespace {

using Differences = std::vector<std::string>;

// The saved progress of the consistency check in the evidence store at `path`, if there is one
// (the store may not exist yet while a run starts), unsealed with the key file beside it.
std::optional<nlohmann::json> saved_progress(const std::string& path) {
  if (access(path.c_str(), F_OK) != 0) return std::nullopt;
  std::string name;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 1000);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT name FROM checkpoints WHERE name LIKE 'consistency:%'", -1,
                           &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      name = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  if (name.empty()) return std::nullopt;
  auto store = store::EvidenceStore::open(path);
  if (!store) return std::nullopt;
  return (*store)->load_checkpoint(name);
}

// 20,000 people with three differences spread over the table - near its start, in its middle and
// at its end - and a second table, `zz_last`, compared after it.
void people_with_three_differences(ScratchSchema& scratch) {
  create_people(scratch, "biodata", 20000);
  create_people(scratch, "zz_last", 100);
  scratch.catch_up();
  scratch.on_backup_only("UPDATE jaga_ctest.biodata SET nama = 'Warga Lain' WHERE nik = '" +
                         nik(500) + "'");
  scratch.on_backup_only("DELETE FROM jaga_ctest.biodata WHERE nik = '" + nik(100000) + "'");
  scratch.on_backup_only("INSERT INTO jaga_ctest.biodata VALUES ('" + nik(199995) +
                         "', 'Warga Siluman', '1990-01-01', NULL)");
}

const Differences kThreeDifferences = {"different " + nik(500), "extra_on_backup " + nik(199995),
                                       "missing_on_backup " + nik(100000)};

// RAII: a root session on the backup holds a write lock on jaga_ctest.zz_last, so a run stops
// at its first query of that table - it can never finish while the lock is held.
class BackupTableLock {
 public:
  BackupTableLock() : session_(Sandbox::get().admin(db::Role::kBackup)) {
    admin_sql(*session_, "LOCK TABLES jaga_ctest.zz_last WRITE");
  }

 private:
  std::unique_ptr<db::Connection> session_;  // closing it releases the lock
};

// Starts `jaga check consistency` while zz_last is locked, kills it with SIGKILL once it has
// saved progress in `biodata` (mid-scan, or at the latest when it waits for zz_last), and
// requires that it died with that progress saved.
void kill_mid_run(const TempDir& dir, const std::string& config) {
  const std::string store = dir.path() + "/evidence.db";
  BackupTableLock lock;
  const pid_t pid = start_jaga({"--config", config, "check", "consistency"},
                               dir.path() + "/killed.out", dir.path() + "/killed.err");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  bool saved = false;
  while (!saved && std::chrono::steady_clock::now() < deadline) {
    const auto state = saved_progress(store);
    saved = state && state->is_object() &&
            state->at("cursor").at("outcome").at("table") == "jaga_ctest.biodata";
    if (!saved) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  kill(pid, SIGKILL);
  INFO(read_file(dir.path() + "/killed.err"));
  REQUIRE(wait_exit_code(pid) == 128 + SIGKILL);
  REQUIRE(saved);
}

// The evidence of the one check of `jaga check consistency --format json` output.
nlohmann::json consistency_evidence(const ProcessResult& run) {
  INFO(run.out << run.err);
  const auto doc = nlohmann::json::parse(run.out, nullptr, false);
  REQUIRE(doc.is_object());
  REQUIRE(doc.at("checks").size() == 1);
  return doc["checks"][0].at("evidence");
}

// The id of the newest run in the evidence store of `config`.
int64_t newest_run(const std::string& config) {
  const auto runs = run_jaga({"--config", config, "history", "--runs", "--format", "json"});
  INFO(runs.out << runs.err);
  REQUIRE(runs.exit_code == 0);
  const auto doc = nlohmann::json::parse(runs.out).at("runs");
  REQUIRE(!doc.empty());
  return doc[0].at("id").get<int64_t>();
}

// The newest run's tables as `jaga diff show --reveal --format json` gives them: full keys come
// from there, not from check output, which may mask them.
nlohmann::json revealed(const std::string& config) {
  const auto shown = run_jaga({"--config", config, "diff", "show",
                               std::to_string(newest_run(config)), "--reveal", "--format", "json"});
  INFO(shown.out << shown.err);
  REQUIRE(shown.exit_code == 0);
  return nlohmann::json::parse(shown.out);
}

}  // namespace

TEST_CASE("consistency: a run killed -9 halfway is continued by the next and is still exact",
          "[consistency][cli][kill]") {
  ScratchSchema scratch;
  people_with_three_differences(scratch);
  TempDir dir;
  const std::string config = consistency_config_file(dir);
  kill_mid_run(dir, config);
  const auto run = run_jaga({"--config", config, "check", "consistency", "--format", "json"});
  const auto evidence = consistency_evidence(run);
  CHECK(run.exit_code == 2);
  CHECK(evidence.at("resumed") == true);
  const auto found = revealed(config);
  CHECK(differences(found, "biodata") == kThreeDifferences);
  CHECK(table_evidence(found, "biodata").at("rows") == 20000);  // each row compared once
  CHECK(differences(found, "zz_last").empty());
}

TEST_CASE("consistency: --restart ignores the progress of a killed run and is still exact",
          "[consistency][cli][kill]") {
  ScratchSchema scratch;
  people_with_three_differences(scratch);
  TempDir dir;
  const std::string config = consistency_config_file(dir);
  kill_mid_run(dir, config);
  const auto run =
      run_jaga({"--config", config, "check", "consistency", "--restart", "--format", "json"});
  const auto evidence = consistency_evidence(run);
  CHECK(run.exit_code == 2);
  CHECK(evidence.at("resumed") == false);
  const auto found = revealed(config);
  CHECK(differences(found, "biodata") == kThreeDifferences);
  CHECK(table_evidence(found, "biodata").at("rows") == 20000);
}

TEST_CASE("consistency: the saved progress of a run killed -9 holds no full NIK in clear",
          "[consistency][cli][kill][privacy]") {
  ScratchSchema scratch;
  people_with_three_differences(scratch);
  TempDir dir;
  const std::string config = consistency_config_file(dir);
  kill_mid_run(dir, config);
  const std::string store = dir.path() + "/evidence.db";
  const auto state = saved_progress(store);
  REQUIRE(state.has_value());
  // The progress names rows by their keys (where the next chunk starts) ...
  CHECK_FALSE(full_niks_in(state->dump()).empty());
  // ... and none of them is readable in the store's files.
  CHECK(full_niks_in_store(store).empty());
}

TEST_CASE("consistency: jaga diff show masks keys unless --reveal is given",
          "[consistency][cli][privacy]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 50);
  scratch.catch_up();
  scratch.on_backup_only("DELETE FROM jaga_ctest.biodata WHERE nik = '" + nik(10) + "'");
  TempDir dir;
  const std::string config = consistency_config_file(dir);
  const auto check = run_jaga({"--config", config, "check", "consistency"});
  INFO(check.out << check.err);
  REQUIRE(check.exit_code == 2);
  const std::string run_id = std::to_string(newest_run(config));

  SECTION("masked by default") {
    const auto shown = run_jaga({"--config", config, "diff", "show", run_id});
    INFO(shown.out << shown.err);
    CHECK(shown.exit_code == 0);
    CHECK_THAT(shown.out, Catch::Contains("missing_on_backup") && Catch::Contains(masked_nik(10)) &&
                              !Catch::Contains(nik(10)));
  }
  SECTION("in full with --reveal") {
    const auto shown = run_jaga({"--config", config, "diff", "show", run_id, "--reveal"});
    INFO(shown.out << shown.err);
    CHECK(shown.exit_code == 0);
    CHECK_THAT(shown.out, Catch::Contains("missing_on_backup") && Catch::Contains(nik(10)));
  }
}

TEST_CASE("consistency: jaga diff show of an unknown run exits 1 saying so", "[consistency][cli]") {
  TempDir dir;
  const std::string config = consistency_config_file(dir);
  const auto shown = run_jaga({"--config", config, "diff", "show", "424242"});
  CHECK(shown.exit_code == 1);
  CHECK_THAT(shown.err, Catch::Contains("run 424242 has no consistency result"));
}

}  // namespace jaga::test
