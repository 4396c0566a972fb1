#include "store/evidence_store.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "tests/unit/temp_dir.h"

namespace jaga::store {
namespace {

using Catch::Contains;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using testing::TempDir;

// 2026-11-26T21:40:12.345Z
const TimePoint kT0 = TimePoint(std::chrono::seconds(1795729212)) + milliseconds(345);

template <typename T>
std::string error_of(const Result<T>& result) {
  REQUIRE_FALSE(result.ok());
  return result.error().message;
}

std::unique_ptr<EvidenceStore> open_store(const std::string& path) {
  auto store = EvidenceStore::open(path);
  if (!store) FAIL(store.error().message);
  return std::move(*store);
}

// Runs one SQL statement that yields a single text value on a connection of its own.
std::string query_text(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  std::string value;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    value = text ? reinterpret_cast<const char*>(text) : "";
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

// Creates a plain SQLite database at `path` whose user_version is `version`.
void create_database_with_version(const std::string& path, int version) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  const std::string sql = "PRAGMA user_version = " + std::to_string(version);
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

CheckResult make_result(const std::string& check, TimePoint started, Status status,
                        const std::string& summary) {
  CheckResult r;
  r.check = check;
  r.status = status;
  r.summary = summary;
  r.started = started;
  r.finished = started + milliseconds(250);
  return r;
}

// One finished run at `started` holding one result per check name, all OK.
int64_t add_run(EvidenceStore& store, TimePoint started, const std::vector<std::string>& names) {
  auto run = store.begin_run("db-utama", "check", started);
  REQUIRE(run.ok());
  for (const std::string& name : names) {
    REQUIRE(store.record(*run, "db-utama", make_result(name, started, Status::kOk, name)).ok());
  }
  REQUIRE(store.finish_run(*run, Status::kOk, started + minutes(1)).ok());
  return *run;
}

std::vector<std::string> started_times(const std::vector<StoredResult>& results) {
  std::vector<std::string> out;
  for (const auto& r : results) out.push_back(r.started_at);
  return out;
}

// ---- opening and schema ------------------------------------------------------------------------

TEST_CASE("a fresh evidence store is at the current schema version", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  CHECK(store->schema_version() == EvidenceStore::kSchemaVersion);
  CHECK(query_text(dir.file("evidence.db"), "PRAGMA user_version") ==
        std::to_string(EvidenceStore::kSchemaVersion));
}

TEST_CASE("a fresh evidence store is in WAL journal mode", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  CHECK(query_text(dir.file("evidence.db"), "PRAGMA journal_mode") == "wal");
}

TEST_CASE("reopening an evidence store keeps its runs and results", "[store]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  add_run(*open_store(path), kT0, {"server"});
  auto reopened = open_store(path);
  CHECK(reopened->schema_version() == EvidenceStore::kSchemaVersion);
  auto runs = reopened->runs({});
  REQUIRE(runs.ok());
  CHECK(runs->size() == 1);
  auto results = reopened->results({});
  REQUIRE(results.ok());
  CHECK(results->size() == 1);
}

TEST_CASE("reopening an evidence store does not run its migrations again", "[store]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  open_store(path);
  const std::string schema = query_text(path, "SELECT group_concat(sql, ';') FROM sqlite_master");
  open_store(path);
  CHECK(query_text(path, "SELECT group_concat(sql, ';') FROM sqlite_master") == schema);
  CHECK(query_text(path, "PRAGMA user_version") == std::to_string(EvidenceStore::kSchemaVersion));
}

TEST_CASE("an evidence store from a newer jaga is refused as newer", "[store]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  create_database_with_version(path, 99);
  const std::string message = error_of(EvidenceStore::open(path));
  CHECK_THAT(message, Contains(path) && Contains("schema version 99") && Contains("newer"));
}

TEST_CASE("a refused newer evidence store is left at its own version", "[store]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  create_database_with_version(path, 99);
  CHECK_FALSE(EvidenceStore::open(path).ok());
  CHECK(query_text(path, "PRAGMA user_version") == "99");
}

TEST_CASE("an evidence store in a missing directory is refused naming the path", "[store]") {
  TempDir dir;
  const std::string path = dir.file("no-such-dir/evidence.db");
  CHECK_THAT(error_of(EvidenceStore::open(path)),
             Contains("cannot open evidence store " + path) && Contains("directory"));
}

TEST_CASE("a file that is not a SQLite database is refused with a clear message", "[store]") {
  TempDir dir;
  std::string garbage;
  for (int i = 0; i < 200; ++i) garbage += "this is a report draft, not a database. ";
  const std::string path = dir.write("evidence.db", garbage);
  CHECK_THAT(error_of(EvidenceStore::open(path)),
             Contains(path) && Contains("is not a SQLite database"));
}

TEST_CASE("a short file that is not a SQLite database is refused", "[store]") {
  TempDir dir;
  const std::string path = dir.write("evidence.db", "garbage\n");
  CHECK_THAT(error_of(EvidenceStore::open(path)),
             Contains(path) && Contains("is not a SQLite database"));
}

// ---- writing and reading -----------------------------------------------------------------------

TEST_CASE("a recorded result reads back with every field", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  auto run = store->begin_run("db-utama", "check", kT0);
  REQUIRE(run.ok());
  CheckResult result = make_result("replication", kT0, Status::kOk, "");
  result.add(Status::kWarn, jaga::FindingKind::kUnclassified, {}, "replication lag 75 s");
  result.summarize("");
  result.metrics.push_back({"replication_lag", 75, "s", 60.0, 300.0});
  result.metrics.push_back({"gtid_gap", 12, "", std::nullopt, std::nullopt});
  result.evidence = {{"seconds_behind_master", 75}};
  REQUIRE(store->record(*run, "db-utama", result).ok());

  auto results = store->results({});
  REQUIRE(results.ok());
  REQUIRE(results->size() == 1);
  const StoredResult& r = results->front();
  CHECK(r.run_id == *run);
  CHECK(r.check == "replication");
  CHECK(r.host == "db-utama");
  CHECK(r.started_at == "2026-11-26T21:40:12.345Z");
  CHECK(r.finished_at == "2026-11-26T21:40:12.595Z");
  CHECK(r.status == Status::kWarn);
  CHECK(r.summary == "replication lag 75 s");
  CHECK(r.findings ==
        nlohmann::json::parse(R"([{"status":"WARN","message":"replication lag 75 s"}])"));
  CHECK(r.metrics == nlohmann::json::parse(
                         R"([{"name":"replication_lag","value":75.0,"unit":"s","warn":60.0,
                              "crit":300.0},
                             {"name":"gtid_gap","value":12.0,"unit":""}])"));
  CHECK(r.evidence == nlohmann::json{{"seconds_behind_master", 75}});
}

TEST_CASE("a finished run reads back with its finish time and status", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  auto run = store->begin_run("db-utama", "check", kT0);
  REQUIRE(run.ok());
  REQUIRE(store->finish_run(*run, Status::kCrit, kT0 + milliseconds(1500)).ok());
  auto runs = store->runs({});
  REQUIRE(runs.ok());
  REQUIRE(runs->size() == 1);
  const StoredRun& r = runs->front();
  CHECK(r.id == *run);
  CHECK(r.host == "db-utama");
  CHECK(r.command == "check");
  CHECK(r.started_at == "2026-11-26T21:40:12.345Z");
  CHECK(r.finished_at == std::optional<std::string>("2026-11-26T21:40:13.845Z"));
  CHECK(r.status == std::optional<Status>(Status::kCrit));
}

TEST_CASE("a run that was never finished lists as interrupted", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  REQUIRE(store->begin_run("db-utama", "check", kT0).ok());
  auto runs = store->runs({});
  REQUIRE(runs.ok());
  REQUIRE(runs->size() == 1);
  CHECK_FALSE(runs->front().finished_at.has_value());
  CHECK_FALSE(runs->front().status.has_value());
}

TEST_CASE("finishing a run that does not exist is an error", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  CHECK_THAT(error_of(store->finish_run(42, Status::kOk, kT0)), Contains("run 42"));
}

TEST_CASE("recording a result for a run that does not exist is an error", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  CHECK_THAT(error_of(store->record(42, "db-utama", make_result("server", kT0, Status::kOk, ""))),
             Contains("check server"));
}

TEST_CASE("a result whose texts are not valid UTF-8 is recorded, not thrown", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  auto run = store->begin_run("db-utama", "check", kT0);
  REQUIRE(run.ok());
  CheckResult result = make_result("server", kT0, Status::kOk, "");
  result.add(Status::kCrit, jaga::FindingKind::kUnclassified, {},
             "Access denied for user 'jaga'@'r\xe9seau'");  // Latin-1 from a server
  result.metrics.push_back({"free_\xff", 1, "", std::nullopt, std::nullopt});
  result.evidence = {{"error", "caf\xe9"}};
  REQUIRE(store->record(*run, "db-utama", result).ok());
  auto results = store->results({});
  REQUIRE(results.ok());
  REQUIRE(results->size() == 1);
  CHECK(results->front().findings[0]["message"] ==
        "Access denied for user 'jaga'@'r\xef\xbf\xbdseau'");  // U+FFFD
}

// ---- history -----------------------------------------------------------------------------------

TEST_CASE("results are listed newest first", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  add_run(*store, kT0, {"server"});
  add_run(*store, kT0 + hours(2), {"server"});
  add_run(*store, kT0 + hours(1), {"server"});
  auto results = store->results({});
  REQUIRE(results.ok());
  CHECK(started_times(*results) == std::vector<std::string>{"2026-11-26T23:40:12.345Z",
                                                            "2026-11-26T22:40:12.345Z",
                                                            "2026-11-26T21:40:12.345Z"});
}

TEST_CASE("runs are listed newest first", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  const int64_t first = add_run(*store, kT0, {});
  const int64_t second = add_run(*store, kT0 + hours(1), {});
  auto runs = store->runs({});
  REQUIRE(runs.ok());
  REQUIRE(runs->size() == 2);
  CHECK(runs->at(0).id == second);
  CHECK(runs->at(1).id == first);
}

TEST_CASE("history filtered by check holds only that check's results", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  add_run(*store, kT0, {"server", "replication"});
  add_run(*store, kT0 + hours(1), {"server", "replication"});
  HistoryQuery query;
  query.check = "replication";
  auto results = store->results(query);
  REQUIRE(results.ok());
  REQUIRE(results->size() == 2);
  for (const auto& r : *results) CHECK(r.check == "replication");
}

TEST_CASE("history since a time holds results started at or after it", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  add_run(*store, kT0, {"server"});
  add_run(*store, kT0 + hours(1), {"server"});
  add_run(*store, kT0 + hours(2), {"server"});
  HistoryQuery query;
  query.since = format_utc(kT0 + hours(1));
  auto results = store->results(query);
  REQUIRE(results.ok());
  CHECK(started_times(*results) ==
        std::vector<std::string>{"2026-11-26T23:40:12.345Z", "2026-11-26T22:40:12.345Z"});
}

TEST_CASE("history since a time filters runs as well", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  add_run(*store, kT0, {});
  const int64_t later = add_run(*store, kT0 + hours(1), {});
  HistoryQuery query;
  query.since = format_utc(kT0 + minutes(30));
  auto runs = store->runs(query);
  REQUIRE(runs.ok());
  REQUIRE(runs->size() == 1);
  CHECK(runs->front().id == later);
}

TEST_CASE("history limit keeps the newest results", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  for (int i = 0; i < 5; ++i) add_run(*store, kT0 + hours(i), {"server"});
  HistoryQuery query;
  query.limit = 2;
  auto results = store->results(query);
  REQUIRE(results.ok());
  CHECK(started_times(*results) ==
        std::vector<std::string>{"2026-11-27T01:40:12.345Z", "2026-11-27T00:40:12.345Z"});
}

TEST_CASE("history filters by check, since and limit together", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  for (int i = 0; i < 4; ++i) add_run(*store, kT0 + hours(i), {"server", "replication"});
  HistoryQuery query;
  query.check = "server";
  query.since = format_utc(kT0 + hours(1));
  query.limit = 2;
  auto results = store->results(query);
  REQUIRE(results.ok());
  REQUIRE(results->size() == 2);
  CHECK(results->at(0).check == "server");
  CHECK(results->at(0).started_at == "2026-11-27T00:40:12.345Z");
  CHECK(results->at(1).started_at == "2026-11-26T23:40:12.345Z");
}

TEST_CASE("history of a check nobody ran is empty, not an error", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  add_run(*store, kT0, {"server"});
  HistoryQuery query;
  query.check = "backup";
  auto results = store->results(query);
  REQUIRE(results.ok());
  CHECK(results->empty());
}

}  // namespace
}  // namespace jaga::store
