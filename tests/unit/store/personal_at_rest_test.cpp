// Personal data in the evidence store at rest: file modes under a permissive umask, full keys and
// saved progress sealed (no NIK anywhere in the files' bytes), revealing with and without the
// key, and stores written by earlier versions sealed when opened.
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "privacy/personal_key.h"
#include "store/evidence_store.h"
#include "tests/unit/temp_dir.h"

namespace jaga::store {
namespace {

using Catch::Contains;
using testing::TempDir;

const TimePoint kT0 = TimePoint(std::chrono::seconds(1795729212));
const std::string kNik = "3322010101900001";
const std::string kCheckpoint = "consistency:siak:";

class Umask {
 public:
  explicit Umask(mode_t mask) : saved_(umask(mask)) {}
  ~Umask() { umask(saved_); }
  Umask(const Umask&) = delete;
  Umask& operator=(const Umask&) = delete;

 private:
  mode_t saved_;
};

mode_t mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Everything SQLite keeps of the store at `path`: the database, its WAL and shared memory.
std::string store_bytes(const std::string& path) {
  return bytes_of(path) + bytes_of(path + "-wal") + bytes_of(path + "-shm");
}

std::unique_ptr<EvidenceStore> open_store(const std::string& path, const std::string& key = "") {
  auto store = EvidenceStore::open(path, key);
  if (!store) FAIL(store.error().message);
  return std::move(*store);
}

// Records one consistency result whose personal evidence holds kNik; returns it as stored.
StoredResult record_personal(EvidenceStore& store) {
  auto run = store.begin_run("db-utama", "check", kT0);
  REQUIRE(run.ok());
  CheckResult r;
  r.check = "consistency";
  r.started = r.finished = kT0;
  r.evidence =
      nlohmann::json::parse(R"({"tables":[{"differences":[{"key":["3322********0001"]}]}]})");
  r.personal =
      nlohmann::json::parse(R"({"tables":[{"differences":[{"key":[")" + kNik + R"("]}]}]})");
  REQUIRE(store.record(*run, "db-utama", r).ok());
  auto results = store.results({});
  REQUIRE(results.ok());
  REQUIRE(results->size() == 1);
  return results->front();
}

void run_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  const std::string said = message ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  INFO(sql << ": " << said);
  REQUIRE(rc == SQLITE_OK);
}

// Changes the last byte of the (only) saved state, as damage or an attacker would.
void flip_last_byte_of_state(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* read = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT state FROM checkpoints", -1, &read, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(read) == SQLITE_ROW);
  std::string state(static_cast<const char*>(sqlite3_column_blob(read, 0)),
                    static_cast<size_t>(sqlite3_column_bytes(read, 0)));
  sqlite3_finalize(read);
  state.back() = static_cast<char>(state.back() ^ 0x01);
  sqlite3_stmt* write = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "UPDATE checkpoints SET state = ?1", -1, &write, nullptr) ==
          SQLITE_OK);
  sqlite3_bind_blob(write, 1, state.data(), static_cast<int>(state.size()), SQLITE_TRANSIENT);
  REQUIRE(sqlite3_step(write) == SQLITE_DONE);
  sqlite3_finalize(write);
  sqlite3_close(db);
}

// ---- file modes --------------------------------------------------------------------------------

TEST_CASE("a new evidence store and its WAL files are mode 0640 under umask 022",
          "[store][privacy]") {
  Umask umask(022);
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  auto store = open_store(path);
  record_personal(*store);
  CHECK(mode_of(path) == 0640);
  CHECK(mode_of(path + "-wal") == 0640);
  CHECK(mode_of(path + "-shm") == 0640);
  CHECK(mode_of(dir.file("personal.key")) == 0600);
}

TEST_CASE("an evidence store readable by everyone is narrowed to 0640 when opened",
          "[store][privacy]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  record_personal(*open_store(path));
  // A connection that stays open keeps the -wal and -shm files in place.
  sqlite3* holder = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &holder) == SQLITE_OK);
  REQUIRE(sqlite3_exec(holder, "INSERT INTO checkpoints VALUES ('x', '{}', 'now')", nullptr,
                       nullptr, nullptr) == SQLITE_OK);
  REQUIRE(chmod(path.c_str(), 0644) == 0);
  REQUIRE(chmod((path + "-wal").c_str(), 0666) == 0);
  REQUIRE(chmod((path + "-shm").c_str(), 0664) == 0);
  auto store = EvidenceStore::open(path);
  sqlite3_close(holder);
  REQUIRE(store.ok());
  CHECK(mode_of(path) == 0640);
  CHECK(mode_of(path + "-wal") == 0640);
  CHECK(mode_of(path + "-shm") == 0640);
}

// ---- sealed personal evidence ------------------------------------------------------------------

TEST_CASE("personal evidence is sealed: no NIK in the store's files, revealed with the key",
          "[store][privacy]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  auto store = open_store(path);
  const StoredResult r = record_personal(*store);
  CHECK(r.personal_sealed);
  CHECK(r.personal.empty());
  CHECK(store_bytes(path).find(kNik) == std::string::npos);
  auto revealed = store->reveal_personal(r);
  REQUIRE(revealed.ok());
  CHECK(revealed->dump().find(kNik) != std::string::npos);
}

TEST_CASE("a result without personal evidence needs no key file", "[store][privacy]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  auto run = store->begin_run("db-utama", "check", kT0);
  REQUIRE(run.ok());
  CheckResult r;
  r.check = "server";
  REQUIRE(store->record(*run, "db-utama", r).ok());
  CHECK(access(dir.file("personal.key").c_str(), F_OK) != 0);
  auto results = store->results({});
  REQUIRE(results.ok());
  CHECK_FALSE(results->front().personal_sealed);
  auto revealed = store->reveal_personal(results->front());
  REQUIRE(revealed.ok());
  CHECK(revealed->empty());
}

TEST_CASE("the key file is placed where the configuration says", "[store][privacy]") {
  TempDir dir;
  const std::string key = dir.file("elsewhere.key");
  auto store = open_store(dir.file("evidence.db"), key);
  record_personal(*store);
  CHECK(mode_of(key) == 0600);
  CHECK(access(dir.file("personal.key").c_str(), F_OK) != 0);
  CHECK(store->personal_key_path() == key);
}

TEST_CASE("revealing without the key file is an error naming it, and masked evidence still reads",
          "[store][privacy]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  const StoredResult r = record_personal(*open_store(path));
  REQUIRE(unlink(dir.file("personal.key").c_str()) == 0);
  auto store = open_store(path);
  auto results = store->results({});
  REQUIRE(results.ok());
  CHECK(results->front().evidence.dump().find("3322********0001") != std::string::npos);
  auto revealed = store->reveal_personal(r);
  REQUIRE_FALSE(revealed.ok());
  CHECK_THAT(revealed.error().message,
             Contains(dir.file("personal.key")) && Contains("does not exist") && !Contains(kNik));
}

TEST_CASE("revealing with another key file is refused naming the key file", "[store][privacy]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  const StoredResult r = record_personal(*open_store(path));
  REQUIRE(unlink(dir.file("personal.key").c_str()) == 0);
  REQUIRE(privacy::read_or_create_personal_key(dir.file("personal.key")).ok());
  auto revealed = open_store(path)->reveal_personal(r);
  REQUIRE_FALSE(revealed.ok());
  CHECK_THAT(revealed.error().message,
             Contains(dir.file("personal.key")) && Contains("another key"));
}

TEST_CASE("personal evidence copied into another result is refused", "[store][privacy]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  auto store = open_store(path);
  const StoredResult first = record_personal(*store);
  auto run = store->begin_run("db-utama", "check", kT0);
  REQUIRE(run.ok());
  CheckResult other;
  other.check = "consistency";
  REQUIRE(store->record(*run, "db-utama", other).ok());
  run_sql(path, "UPDATE results SET personal = (SELECT personal FROM results WHERE id = " +
                    std::to_string(first.id) + ") WHERE run_id = " + std::to_string(*run));
  HistoryQuery q;
  q.run_id = *run;
  auto moved = store->results(q);
  REQUIRE(moved.ok());
  REQUIRE(moved->front().personal_sealed);
  auto revealed = store->reveal_personal(moved->front());
  REQUIRE_FALSE(revealed.ok());
  CHECK_THAT(revealed.error().message, Contains("does not authenticate"));
}

TEST_CASE("a result whose personal evidence cannot be sealed is kept without it",
          "[store][privacy]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"), dir.file("no-such-dir/personal.key"));
  const StoredResult r = record_personal(*store);
  CHECK_FALSE(r.personal_sealed);
  CHECK(r.evidence.dump().find("3322********0001") != std::string::npos);
  CHECK(store_bytes(dir.file("evidence.db")).find(kNik) == std::string::npos);
}

// ---- sealed checkpoints ------------------------------------------------------------------------

TEST_CASE("saved progress is sealed and reads back", "[store][privacy]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  auto store = open_store(path);
  const nlohmann::json state = {{"cursor", {{"after", {kNik}}}}};
  REQUIRE(store->save_checkpoint(kCheckpoint, state, kT0).ok());
  CHECK(store_bytes(path).find(kNik) == std::string::npos);
  CHECK(open_store(path)->load_checkpoint(kCheckpoint) == state);
}

TEST_CASE("saved progress that does not open is discarded, and new progress is saved",
          "[store][privacy]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  const nlohmann::json state = {{"cursor", {{"after", {kNik}}}}};
  REQUIRE(open_store(path)->save_checkpoint(kCheckpoint, state, kT0).ok());

  SECTION("the key file was lost") { REQUIRE(unlink(dir.file("personal.key").c_str()) == 0); }
  SECTION("the key file was replaced") {
    REQUIRE(unlink(dir.file("personal.key").c_str()) == 0);
    REQUIRE(privacy::read_or_create_personal_key(dir.file("personal.key")).ok());
  }
  SECTION("the state was altered") { flip_last_byte_of_state(path); }
  SECTION("the state was moved to another check's name") {
    run_sql(path, "UPDATE checkpoints SET name = 'consistency:other:'");
    auto store = open_store(path);
    CHECK_FALSE(store->load_checkpoint("consistency:other:").has_value());
    return;
  }
  SECTION("the state is in clear") {
    run_sql(path, "UPDATE checkpoints SET state = '{\"cursor\":{}}'");
  }
  auto store = open_store(path);
  CHECK_FALSE(store->load_checkpoint(kCheckpoint).has_value());
  REQUIRE(store->save_checkpoint(kCheckpoint, state, kT0).ok());
  CHECK(store->load_checkpoint(kCheckpoint) == state);
}

// ---- stores of earlier versions ----------------------------------------------------------------

TEST_CASE("a store whose earlier version kept full keys in clear is sealed when opened",
          "[store][privacy]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  StoredResult r;
  {
    auto store = open_store(path);
    auto run = store->begin_run("db-utama", "check", kT0);
    REQUIRE(run.ok());
    CheckResult plain;
    plain.check = "consistency";
    REQUIRE(store->record(*run, "db-utama", plain).ok());
    r = store->results({})->front();
  }
  REQUIRE(access(dir.file("personal.key").c_str(), F_OK) != 0);
  // As jaga 5 left it: the personal column and a checkpoint in clear, and free pages that held
  // older clear values.
  run_sql(path, "UPDATE results SET personal = '{\"tables\":[{\"differences\":[{\"key\":[\"" +
                    kNik + "\"]}]}]}'; INSERT INTO checkpoints VALUES ('" + kCheckpoint +
                    "', '{\"after\":\"" + kNik +
                    "\"}', '2026-11-26T00:00:00Z'); "
                    "INSERT INTO checkpoints VALUES ('old', '{\"after\":\"" +
                    kNik +
                    "\"}', '2026-11-26T00:00:00Z'); DELETE FROM checkpoints WHERE name = 'old'; "
                    "PRAGMA user_version = 5");
  REQUIRE(store_bytes(path).find(kNik) != std::string::npos);

  auto store = open_store(path);
  CHECK(store->schema_version() == EvidenceStore::kSchemaVersion);
  CHECK(store_bytes(path).find(kNik) == std::string::npos);
  auto revealed = store->reveal_personal(r);
  REQUIRE(revealed.ok());
  CHECK(revealed->dump().find(kNik) != std::string::npos);
  auto state = store->load_checkpoint(kCheckpoint);
  REQUIRE(state.has_value());
  CHECK(state->at("after") == kNik);
}

}  // namespace
}  // namespace jaga::store
