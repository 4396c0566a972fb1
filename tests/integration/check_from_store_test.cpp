// Issue 18: `jaga check --from-store` for NRPE and other pollers. It prints the newest results
// this host recorded in the plugin format, with the same status, line and exit code as they
// were judged; runs nothing and writes nothing; and says UNKNOWN, never OK, for a check without
// a result, or whose newest result is older than it should be.
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

#include "store/evidence_store.h"
#include "store/peer_store.h"
#include "tests/integration/sandbox.h"

namespace jaga::test {
namespace {

using Catch::Contains;
using Catch::StartsWith;

// No server is reachable (port 1): a check that ran would say so.
std::string config_for(const TempDir& dir, const std::string& store) {
  return dir.write("jaga.toml",
                   "[agent]\nhost_name = \"db-utama\"\nevidence_db = \"" + store +
                       "\"\n[servers.primary]\nhost = \"127.0.0.1\"\nport = 1\nuser = \"jaga\"\n"
                       "[servers.backup]\nhost = \"127.0.0.1\"\nport = 1\nuser = \"jaga\"\n"
                       "[schedule]\n[[schedule.jobs]]\ncheck = \"server\"\n"
                       "every = \"5m\"\n");
}

// Records a `server` result finished `age` ago: WARN, with a volume below its WARN threshold.
void record_server(const std::string& path, std::chrono::seconds age) {
  auto store = store::EvidenceStore::open(path);
  REQUIRE(store.ok());
  const TimePoint at = std::chrono::system_clock::now() - age;
  auto run = (*store)->begin_run("db-utama", "check", at);
  REQUIRE(run.ok());
  CheckResult r;
  r.check = "server";
  r.add(Status::kWarn, jaga::FindingKind::kUnclassified, {},
        "volume 'data' (/var/lib/mysql) has only 12.5% free (12.5 GiB)");
  r.summarize("");
  r.metrics.push_back({"volume_data_free", 12.5, "%", 15.0, 5.0, true});
  r.started = r.finished = at;
  REQUIRE((*store)->record(*run, "db-utama", r).ok());
  REQUIRE((*store)->finish_run(*run, Status::kWarn, at).ok());
}

int64_t count(const std::string& path, const char* table) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, (std::string("SELECT COUNT(*) FROM ") + table).c_str(), -1, &s,
                             nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  const int64_t n = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return n;
}

TEST_CASE("check --from-store prints the newest recorded verdict, runs and writes nothing",
          "[cli][from_store]") {
  TempDir dir;
  const std::string store = dir.path() + "/evidence.db";
  const std::string config = config_for(dir, store);
  record_server(store, std::chrono::seconds(60));
  const int64_t runs = count(store, "runs");

  const auto nagios =
      run_jaga({"--config", config, "check", "server", "--from-store", "--format", "nagios"});
  INFO(nagios.out << nagios.err);
  CHECK(nagios.exit_code == 1);
  CHECK_THAT(nagios.out, StartsWith("JAGA WARNING - ") && Contains("has only 12.5% free") &&
                             Contains("(recorded 1 min") &&
                             Contains("volume_data_free=12.5%;@~:15;@~:5;0;100"));
  const auto json = run_jaga({"--config", config, "check", "server", "--from-store", "-f", "json"});
  CHECK(json.exit_code == 1);
  CHECK(nlohmann::json::parse(json.out)["exit_code"] == 1);
  CHECK(count(store, "runs") == runs);  // nothing was written

  // A result pulled from the peer under the same check name is not this host's.
  {
    auto opened = store::EvidenceStore::open(store);
    REQUIRE(opened.ok());
    store::StoredResult pulled;
    pulled.id = 7;
    pulled.run_id = 1;
    pulled.check = "server";
    pulled.host = "db-cadangan";
    pulled.started_at = pulled.finished_at = format_utc(std::chrono::system_clock::now());
    pulled.status = Status::kOk;
    pulled.summary = "all fine over there";
    pulled.findings = pulled.metrics = nlohmann::json::array();
    pulled.evidence = nlohmann::json::object();
    REQUIRE(
        store::keep_pulled(**opened, "backup", {pulled}, 7, std::chrono::system_clock::now()).ok());
  }
  CHECK(run_jaga({"--config", config, "check", "server", "--from-store"}).exit_code == 1);
}

TEST_CASE("check --from-store is UNKNOWN without a result or with one older than allowed",
          "[cli][from_store]") {
  TempDir dir;
  const std::string store = dir.path() + "/evidence.db";
  const std::string config = config_for(dir, store);
  const auto none =
      run_jaga({"--config", config, "check", "server", "--from-store", "-f", "nagios"});
  INFO(none.out << none.err);
  CHECK(none.exit_code == 3);
  CHECK_THAT(none.out, StartsWith("JAGA UNKNOWN - ") && Contains("no result of check server"));

  // Scheduled every 5 min: a result of 11 min ago is stale, and its numbers are not passed on.
  record_server(store, std::chrono::minutes(11));
  const auto stale =
      run_jaga({"--config", config, "check", "server", "--from-store", "-f", "nagios"});
  INFO(stale.out << stale.err);
  CHECK(stale.exit_code == 3);
  CHECK_THAT(stale.out, Contains("the newest result is 11 min") && Contains("older than 10 min") &&
                            Contains("(it said: WARN volume 'data'"));
  CHECK(stale.out.find("volume_data_free=") == std::string::npos);
  const auto allowed = run_jaga(
      {"--config", config, "check", "server", "--from-store", "--max-age", "1h", "-f", "nagios"});
  CHECK(allowed.exit_code == 1);
  const auto bad =
      run_jaga({"--config", config, "check", "server", "--from-store", "--max-age", "soon"});
  CHECK(bad.exit_code == 3);
  CHECK_THAT(bad.err, Contains("--max-age soon"));
}

// The store as `jaga serve` leaves it for its readers: the service user's (here root), group
// kMonitoringGid, files 0640 and directory 0750; the configuration readable by all.
void share_with_group(const TempDir& dir, const std::string& store) {
  for (const std::string& path : {dir.path(), store, store + "-wal", store + "-shm"}) {
    if (::access(path.c_str(), F_OK) != 0) continue;
    REQUIRE(::chown(path.c_str(), 0, kMonitoringGid) == 0);
    REQUIRE(::chmod(path.c_str(), path == dir.path() ? 0750 : 0640) == 0);
  }
}

TEST_CASE("check --from-store runs as an unprivileged member of the store's group (NRPE)",
          "[cli][from_store]") {
  if (::geteuid() != 0) {
    WARN("skipped: needs root to run jaga as another user");
    return;
  }
  TempDir dir;
  TempDir etc;  // the configuration, readable by all
  REQUIRE(::chmod(etc.path().c_str(), 0755) == 0);
  const std::string store = dir.path() + "/evidence.db";
  const std::string config = config_for(etc, store);
  REQUIRE(::chmod(config.c_str(), 0644) == 0);
  record_server(store, std::chrono::seconds(30));
  share_with_group(dir, store);

  const auto nagios = run_jaga_as(kMonitoringUid, kMonitoringGid, dir,
                                  {"--config", config, "check", "--from-store", "-f", "nagios"});
  INFO(nagios.out << nagios.err);
  // server WARN as recorded; the other default checks have no result: UNKNOWN, worst of all.
  CHECK(nagios.exit_code == 3);
  CHECK_THAT(nagios.out, StartsWith("JAGA UNKNOWN - ") && Contains("server WARN") &&
                             Contains("no result of check replication"));
  const auto server =
      run_jaga_as(kMonitoringUid, kMonitoringGid, dir,
                  {"--config", config, "check", "server", "--from-store", "-f", "nagios"});
  CHECK(server.exit_code == 1);

  // Not in the group: one UNKNOWN line on stdout naming the store, nothing else.
  const auto outsider =
      run_jaga_as(kMonitoringUid, kMonitoringGid - 1, dir,
                  {"--config", config, "check", "server", "--from-store", "-f", "nagios"});
  INFO(outsider.out << outsider.err);
  CHECK(outsider.exit_code == 3);
  CHECK_THAT(outsider.out, StartsWith("JAGA UNKNOWN - ") && Contains("evidence_store"));

  // A configuration it cannot read: the same, on stdout.
  REQUIRE(::chmod(config.c_str(), 0600) == 0);
  const auto unreadable =
      run_jaga_as(kMonitoringUid, kMonitoringGid, dir,
                  {"--config", config, "check", "--from-store", "-f", "nagios"});
  CHECK(unreadable.exit_code == 3);
  CHECK_THAT(unreadable.out, StartsWith("JAGA UNKNOWN - cannot read configuration file " + config));
}

// Issue 18: `config check` said "configuration is valid" while the store was not writable.
TEST_CASE("config check fails when the store is not writable by the user running it",
          "[cli][config]") {
  if (::geteuid() != 0) {
    WARN("skipped: needs root to run jaga as another user");
    return;
  }
  TempDir dir;
  const std::string store = dir.path() + "/evidence.db";
  const std::string config = config_for(dir, store);
  REQUIRE(::chmod(config.c_str(), 0644) == 0);
  REQUIRE(run_jaga({"--config", config, "config", "check"}).exit_code == 0);
  record_server(store, std::chrono::seconds(30));
  share_with_group(dir, store);
  const auto reader =
      run_jaga_as(kMonitoringUid, kMonitoringGid, dir, {"--config", config, "config", "check"});
  INFO(reader.out << reader.err);
  CHECK(reader.exit_code == 1);
  CHECK_THAT(reader.err, Contains(config + ": agent.evidence_db: " + store) &&
                             Contains("is not writable by this user (uid 65534)"));
  CHECK(reader.out.find("configuration is valid") == std::string::npos);
}

}  // namespace
}  // namespace jaga::test
