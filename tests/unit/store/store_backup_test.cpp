// Issue 18: `jaga store backup DIR` copies the evidence store with SQLite's online backup API:
// one whole file that opens as a store holding every result, also while another connection
// writes, and never a half copy under the final name.
#include "store/store_backup.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <thread>

#include "tests/unit/temp_dir.h"

namespace jaga::store {
namespace {

using testing::TempDir;

const TimePoint kT0 = TimePoint(std::chrono::seconds(1795729212));

std::unique_ptr<EvidenceStore> open_store(const std::string& path) {
  auto store = EvidenceStore::open(path);
  if (!store) FAIL(store.error().message);
  return std::move(*store);
}

void record(EvidenceStore& store, int n) {
  for (int i = 0; i < n; ++i) {
    CheckResult r;
    r.check = "server";
    r.add(Status::kOk, jaga::FindingKind::kUnclassified, {}, "fine");
    r.summarize("fine");
    r.started = r.finished = kT0 + std::chrono::minutes(i);
    REQUIRE(store.record_run("db-utama", "serve", "db-utama", r).ok());
  }
}

size_t result_count(const std::string& path) {
  HistoryQuery all;
  all.limit = 1000000;
  auto rows = open_store(path)->results(all);
  REQUIRE(rows.ok());
  return rows->size();
}

}  // namespace

TEST_CASE("store backup writes one whole store file, mode 0640, holding every result",
          "[store][store_backup]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  record(*store, 50);
  const std::string target = dir.file("copies");
  ::mkdir(target.c_str(), 0750);
  auto copy = backup_store(*store, target, kT0);
  REQUIRE(copy.ok());
  CHECK(copy->path == target + "/evidence-20261126T214012Z.db");
  struct stat st {};
  REQUIRE(::stat(copy->path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0640);
  CHECK(copy->bytes == st.st_size);
  CHECK(::access((copy->path + "-wal").c_str(), F_OK) != 0);
  CHECK(result_count(copy->path) == 50);
  CHECK(::access((copy->path + ".partial").c_str(), F_OK) != 0);
}

TEST_CASE("store backup copies one moment while another connection keeps writing",
          "[store][store_backup]") {
  TempDir dir;
  const std::string path = dir.file("evidence.db");
  auto store = open_store(path);
  record(*store, 300);
  std::thread writer([&] {
    auto other = open_store(path);
    record(*other, 100);
  });
  auto copy = backup_store(*store, dir.path(), kT0);
  writer.join();
  REQUIRE(copy.ok());
  const size_t copied = result_count(copy->path);
  CHECK(copied >= 300);
  CHECK(copied <= 400);
}

TEST_CASE("store backup refuses a missing directory and an existing copy by name",
          "[store][store_backup]") {
  TempDir dir;
  auto store = open_store(dir.file("evidence.db"));
  auto missing = backup_store(*store, dir.file("nowhere"), kT0);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message ==
        dir.file("nowhere") + ": not a directory (create it first, owned by the service user)");
  REQUIRE(backup_store(*store, dir.path(), kT0).ok());
  auto again = backup_store(*store, dir.path(), kT0);
  REQUIRE_FALSE(again.ok());
  CHECK_THAT(again.error().message, Catch::EndsWith(": exists already; nothing was copied"));
}

}  // namespace jaga::store
