// Issue 14, item 7: the store tells a running run from an interrupted one, and finds damage in
// its own file (quick_check, and any statement SQLite finds corrupt).
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <random>

#include "store/evidence_store.h"
#include "tests/unit/temp_dir.h"

namespace jaga::store {
namespace {

using Catch::Contains;
using testing::TempDir;

const TimePoint kT0 = TimePoint(std::chrono::seconds(1795729212));

std::unique_ptr<EvidenceStore> open_store(const std::string& path) {
  auto store = EvidenceStore::open(path);
  if (!store) FAIL(store.error().message);
  return std::move(*store);
}

std::vector<StoredRun> runs_of(const std::string& path) {
  auto runs = open_store(path)->runs({});
  if (!runs) FAIL(runs.error().message);
  return *runs;
}

}  // namespace

TEST_CASE("a run lists as running while its store is open and interrupted once it is closed",
          "[store][running]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  {
    auto store = open_store(path);
    REQUIRE(store->begin_run("db-utama", "check", kT0).ok());
    const auto during = runs_of(path);  // another connection, as `jaga history` is
    REQUIRE(during.size() == 1);
    CHECK(during[0].running);
  }
  const auto after = runs_of(path);
  REQUIRE(after.size() == 1);
  CHECK_FALSE(after[0].running);
  CHECK_FALSE(after[0].finished_at.has_value());
}

TEST_CASE("a finished run is not running although its store is still open", "[store][running]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  auto store = open_store(path);
  auto run = store->begin_run("db-utama", "check", kT0);
  REQUIRE(run.ok());
  auto other = store->begin_run("db-utama", "check", kT0);
  REQUIRE(other.ok());
  REQUIRE(store->finish_run(*run, Status::kOk, kT0).ok());
  const auto runs = runs_of(path);
  REQUIRE(runs.size() == 2);
  for (const StoredRun& r : runs) CHECK(r.running == (r.id == *other));
}

TEST_CASE("quick_check passes on a healthy store, is kept, and is not repeated within the day",
          "[store][quick_check]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  REQUIRE(store->quick_check("db-utama", kT0, kT0 - std::chrono::hours(24)).ok());
  REQUIRE(store->quick_check("db-utama", kT0 + std::chrono::hours(1), kT0).ok());
  auto runs = store->runs({});
  REQUIRE(runs.ok());
  REQUIRE(runs->size() == 1);
  CHECK(runs->front().command == kQuickCheckCommand);
  CHECK(runs->front().status == std::optional<Status>(Status::kOk));
  CHECK_FALSE(store->damaged());
}

TEST_CASE("quick_check of a store with a page of random bytes fails naming the store",
          "[store][quick_check]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  int64_t pages = 0;
  {
    auto store = open_store(path);
    for (int i = 0; i < 50; ++i) REQUIRE(store->begin_run("db-utama", "check", kT0).ok());
  }
  {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    pages = static_cast<int64_t>(in.tellg()) / 4096;
  }
  REQUIRE(pages >= 3);
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    std::mt19937 random(14);
    std::string page(4096, '\0');
    for (char& c : page) c = static_cast<char>(random());
    // Every page but the header: whichever pages hold the runs (the write-ahead log is kept
    // beside the store, so the last page need not be the one in use) are damaged.
    for (int64_t p = 1; p < pages; ++p) {
      file.seekp(p * 4096);
      file.write(page.data(), static_cast<std::streamsize>(page.size()));
    }
    // ... and the log's frames after its header, so that no good copy of a page is left there.
    std::fstream wal(path + "-wal",
                     std::ios::in | std::ios::out | std::ios::binary | std::ios::ate);
    if (wal) {
      const auto size = static_cast<int64_t>(wal.tellg());
      for (int64_t at = 32; at < size; at += 4096) {
        wal.seekp(at);
        wal.write(page.data(), static_cast<std::streamsize>(std::min<int64_t>(4096, size - at)));
      }
    }
  }
  // The schema's own pages are among the damaged ones when it outgrows the first page: then
  // opening finds the damage; otherwise quick_check does. Either way it is named.
  bool damaged = false;
  auto store = EvidenceStore::open(path, "", &damaged);
  if (!store) {
    CHECK(damaged);
    CHECK_THAT(store.error().message, Contains(path) && Contains("is damaged"));
    return;
  }
  auto checked = (*store)->quick_check("db-utama", kT0, std::nullopt);
  REQUIRE_FALSE(checked.ok());
  CHECK_THAT(checked.error().message, Contains(path) && Contains("is damaged"));
  CHECK((*store)->damaged());
}

TEST_CASE("opening a file that is not a database says the store is damaged", "[store]") {
  TempDir dir;
  const std::string path = dir.write("evidence.db", std::string(8192, 'x'));
  bool damaged = false;
  auto store = EvidenceStore::open(path, "", &damaged);
  REQUIRE_FALSE(store.ok());
  CHECK(damaged);
  CHECK_THAT(store.error().message, Contains(path) && Contains("damaged"));
}

TEST_CASE("a store in a missing directory is out of reach, not damaged", "[store]") {
  TempDir dir;
  bool damaged = true;
  auto store = EvidenceStore::open(dir.file("gone/evidence.db"), "", &damaged);
  REQUIRE_FALSE(store.ok());
  CHECK_FALSE(damaged);
}

}  // namespace jaga::store
