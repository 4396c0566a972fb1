// The evidence store survives kill -9 at any moment of a run: it stays a valid database, every
// result belongs to a run, every finished run has all its results, and an interrupted run is
// visible as interrupted.
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "checks/registry.h"
#include "store/evidence_store.h"
#include "tests/integration/sandbox.h"

namespace jaga::test {
namespace {

int64_t count(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  const int64_t n = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return n;
}

void require_consistent(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))) == "ok");
  sqlite3_finalize(stmt);
  CHECK(count(db, "SELECT COUNT(*) FROM results WHERE run_id NOT IN (SELECT id FROM runs)") == 0);
  // `jaga check` runs every check the sandbox configuration enables.
  size_t enabled = 0;
  for (const auto& c : checks::all_checks()) enabled += c->enabled(Sandbox::get().config());
  const std::string per_run = std::to_string(enabled);
  // Runs of `jaga check`; the store's own quick_check runs have no results.
  CHECK(count(db, ("SELECT COUNT(*) FROM runs r WHERE command = 'check' AND "
                   "finished_at IS NOT NULL AND "
                   "(SELECT COUNT(*) FROM results WHERE run_id = r.id) != " +
                   per_run)
                      .c_str()) == 0);
  CHECK(count(db, ("SELECT COUNT(*) FROM runs r WHERE finished_at IS NULL AND "
                   "(SELECT COUNT(*) FROM results WHERE run_id = r.id) > " +
                   per_run)
                      .c_str()) == 0);
  sqlite3_close(db);
}

// Whether the store at `path` holds a run of `jaga check` that has not finished; false while the
// file does not exist or is being created.
bool has_unfinished_check(const std::string& path) {
  sqlite3* db = nullptr;
  bool found = false;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 1000);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db,
                           "SELECT COUNT(*) FROM runs WHERE command = 'check' AND "
                           "finished_at IS NULL",
                           -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      found = sqlite3_column_int64(stmt, 0) > 0;
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return found;
}

}  // namespace

TEST_CASE("evidence store stays consistent when jaga check is killed -9 at any moment",
          "[store][kill]") {
  TempDir dir;
  const std::string config = private_config(dir);
  const std::string store = dir.path() + "/evidence.db";
  // The kill moments are spread over one whole run as long as it takes on this machine (an ASan
  // build on a busy machine is slow to start), from before the store exists to its last result.
  TempDir probe;
  const auto start = std::chrono::steady_clock::now();
  (void)run_jaga({"--config", private_config(probe), "check"});
  const auto whole = std::chrono::steady_clock::now() - start;
  int killed_alive = 0;
  for (int i = 0; i < 40; ++i) {
    const pid_t pid = start_jaga({"--config", config, "check"}, "/dev/null", "/dev/null");
    std::this_thread::sleep_for(whole * i / 40);  // the scenario: a kill at this moment
    kill(pid, SIGKILL);
    if (wait_exit_code(pid) == 128 + SIGKILL) ++killed_alive;
  }
  CHECK(killed_alive > 0);
  require_consistent(store);
  // The next run works on the same store and is recorded whole.
  const auto after = run_jaga({"--config", config, "check"});
  CHECK(after.exit_code == 0);
  require_consistent(store);
}

TEST_CASE("a run killed -9 in the middle is kept and shown as interrupted", "[store][kill]") {
  Sandbox& sb = Sandbox::get();
  TempDir dir;
  // A frozen backup holds the run in the middle of the server check until the kill (its connect
  // timeout, 600 s, outlasts the wait below).
  const std::string config =
      private_config(dir, "connect_timeout_seconds = 3", "connect_timeout_seconds = 600");
  const std::string store = dir.path() + "/evidence.db";
  pid_t pid = 0;
  {
    FrozenServer frozen(sb.server_pid(db::Role::kBackup));
    pid = start_jaga({"--config", config, "check"}, "/dev/null", "/dev/null");
    // The kill comes once the run is in the store, however long the start took.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (!has_unfinished_check(store) && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid, SIGKILL);
  }
  REQUIRE(wait_exit_code(pid) == 128 + SIGKILL);
  sb.heal();
  require_consistent(store);
  const auto runs = run_jaga({"--config", config, "history", "--runs"});
  INFO(runs.out << runs.err);
  CHECK(runs.exit_code == 0);
  CHECK_THAT(runs.out, Catch::Contains("interrupted"));
}

}  // namespace jaga::test
