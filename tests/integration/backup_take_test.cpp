// jaga backup on the real sandbox: a backup restores with equal digests, a backup killed halfway,
// out of disk space or cut off from its server is never counted, and its leftovers are removed.
#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <thread>

#include "backup/backup_writer.h"
#include "backup/manifest.h"
#include "backup/manifest_signature.h"
#include "store/evidence_store.h"
#include "tests/integration/backup_fixture.h"
#include "tests/unit/fake_env.h"

namespace jaga::test {
namespace {

using Catch::Contains;
namespace fs = std::filesystem;

size_t entries(const std::string& dir) {
  size_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().filename() != ".jaga-backup.lock") ++n;
  }
  return n;
}

int64_t results_named(const config::Config& config, const std::string& name) {
  auto store = store::EvidenceStore::open(config.agent.evidence_db);
  REQUIRE(store.ok());
  store::HistoryQuery q;
  q.check = name;
  auto results = (*store)->results(q);
  REQUIRE(results.ok());
  return static_cast<int64_t>(results->size());
}

}  // namespace

TEST_CASE("a backup holds every table of siak and restores with equal digests",
          "[backup][restore]") {
  BackupFixture f;
  const std::string path = f.take();
  auto manifest = backup::read_manifest(path);
  REQUIRE(manifest.ok());
  CHECK(manifest->tables.size() == 3);
  CHECK_FALSE(manifest->gtid_position.empty());
  auto admin = Sandbox::get().admin(db::Role::kBackup);
  for (const auto& t : manifest->tables) {
    auto rows = admin_sql(*admin, "SELECT COUNT(*) FROM " + t.schema + "." + t.name);
    CHECK(std::to_string(t.rows) == rows.rows[0][0].value_or(""));
  }
  CHECK(results_named(f.config(), "backup") == 1);

  const ProcessResult r = run_jaga({"--config", f.config_path(), "restore-test", "latest"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("equal    siak.biodata_wni") && Contains("OK: "));
  CHECK(results_named(f.config(), "restore_test") == 1);
  // The scratch server and its directory are gone.
  for (const auto& e : fs::directory_iterator(f.config().backups.scratch_dir)) {
    CHECK_FALSE(e.path().filename().string().starts_with("jaga-restore-"));
  }
}

TEST_CASE("a backup killed halfway is never listed and is removed by the next backup",
          "[backup][kill]") {
  BackupFixture f;
  fs::create_directories(f.backups());
  bool caught_partial = false;
  for (int i = 0; i < 30 && !caught_partial; ++i) {
    const pid_t pid = start_jaga({"--config", f.config_path(), "backup"}, "/dev/null", "/dev/null");
    // The scenario: a kill at a moment a little later each time, until one lands mid-backup.
    std::this_thread::sleep_for(std::chrono::milliseconds(40 + 15 * i));
    kill(pid, SIGKILL);
    wait_exit_code(pid);
    caught_partial = !backup::list_partials(f.backups()).empty();
    if (!caught_partial) {
      for (const auto& b : backup::list_backups(f.backups())) fs::remove_all(b.path);
    }
  }
  REQUIRE(caught_partial);
  CHECK(backup::list_backups(f.backups()).empty());
  const ProcessResult check = run_jaga({"--config", f.config_path(), "check", "backups"});
  CHECK(check.exit_code == 2);
  CHECK_THAT(check.out, Contains("no jaga backup in"));

  f.take();
  CHECK(backup::list_partials(f.backups()).empty());
  CHECK(backup::list_backups(f.backups()).size() == 1);
}

TEST_CASE("a backup that runs out of disk space fails clearly and leaves nothing",
          "[backup][diskfull]") {
  if (geteuid() != 0) {
    WARN("skipped: mounting a 1 MB tmpfs to fill the disk needs root");
    return;
  }
  BackupFixture f;
  fs::create_directories(f.backups());
  REQUIRE(mount("tmpfs", f.backups().c_str(), "tmpfs", 0, "size=256k") == 0);
  struct Unmount {
    std::string path;
    ~Unmount() { umount2(path.c_str(), MNT_DETACH); }
  } unmount{f.backups()};
  const ProcessResult r = run_jaga({"--config", f.config_path(), "backup"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err,
             Contains("backup failed, nothing was kept") && Contains("No space left on device"));
  CHECK(backup::list_backups(f.backups()).empty());
  CHECK(entries(f.backups()) == 0);
}

// The same fault without root and at chosen moments: the Env puts one kind of file on a full
// disk (/dev/full), from the first table's data to the manifest's signature, the last file written.
TEST_CASE("a disk that fills at any file of a backup fails it clearly and leaves nothing",
          "[backup][diskfull][env]") {
  for (const std::string& file :
       {std::string(".tsv.zst"), std::string(".sql"), std::string(backup::kManifestName),
        std::string(backup::kManifestSignatureName)}) {
    DYNAMIC_SECTION("the disk fills at " << file) {
      BackupFixture f;
      fs::create_directories(f.backups());
      SystemClock clock;
      testing::FakeEnv env(clock);
      env.fill_disk_for(file);
      auto outcome = backup::take_backup(f.config(), {}, env);
      REQUIRE_FALSE(outcome.ok());
      INFO(outcome.error().message);
      CHECK_THAT(outcome.error().message,
                 Contains("No space left on device") && Contains("cannot write") && Contains(file));
      CHECK(backup::list_backups(f.backups()).empty());
      CHECK(backup::list_partials(f.backups()).empty());
      CHECK(entries(f.backups()) == 0);
    }
  }
}

TEST_CASE("a backup whose server connection is lost halfway fails clearly and leaves nothing",
          "[backup][lost]") {
  BackupFixture f;
  fs::create_directories(f.backups());
  // data_keluarga is held on the backup server (the backup's source), so jaga's dump of it waits;
  // that waiting connection is then killed, as a server restart or a network cut would end it.
  auto holder = Sandbox::get().admin(db::Role::kBackup);
  REQUIRE(holder->execute("LOCK TABLES siak.data_keluarga WRITE").ok());
  const std::string err = f.dir().path() + "/backup.err";
  const pid_t pid = start_jaga({"--config", f.config_path(), "backup"}, "/dev/null", err);
  auto killer = Sandbox::get().admin(db::Role::kBackup);
  bool killed = false;
  for (int i = 0; i < 1000 && !killed; ++i) {
    auto waiting = killer->query(
        "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = 'jaga' AND INFO LIKE "
        "'SELECT %data_keluarga%' AND STATE LIKE 'Waiting for table metadata lock%'");
    REQUIRE(waiting.ok());
    for (const auto& row : waiting->rows) {
      if (killer->execute("KILL CONNECTION " + row[0].value_or("0")).ok()) killed = true;
    }
    if (!killed) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(holder->execute("UNLOCK TABLES").ok());
  REQUIRE(killed);
  CHECK(wait_exit_code(pid) == 2);
  const std::string message = read_file(err);
  INFO(message);
  CHECK_THAT(message, Contains("backup failed, nothing was kept") &&
                          Contains("dumping table siak.data_keluarga"));
  CHECK(backup::list_backups(f.backups()).empty());
  CHECK(entries(f.backups()) == 0);
}

}  // namespace jaga::test
