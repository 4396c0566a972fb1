// Issue 14, item 7 (backups): a `jaga backup` killed with -9 leaves an interrupted run in the
// evidence store, and two backups started in the same second both succeed, under distinct names.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "tests/integration/backup_fixture.h"

namespace jaga::test {
namespace {

using Catch::Contains;

}  // namespace

TEST_CASE("a backup killed -9 leaves an interrupted run in the evidence store",
          "[backup][kill][issue14]") {
  BackupFixture f;
  // data_keluarga is held on the backup server (the backup's source), so jaga's dump waits for it
  // while it is killed.
  auto holder = Sandbox::get().admin(db::Role::kBackup);
  REQUIRE(holder->execute("LOCK TABLES siak.data_keluarga WRITE").ok());
  const pid_t pid = start_jaga({"--config", f.config_path(), "backup"}, "/dev/null", "/dev/null");
  auto watcher = Sandbox::get().admin(db::Role::kBackup);
  bool waiting = false;
  for (int i = 0; i < 1000 && !waiting; ++i) {
    auto r = watcher->query(
        "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = 'jaga' AND INFO LIKE "
        "'SELECT %data_keluarga%' AND STATE LIKE 'Waiting for table metadata lock%'");
    REQUIRE(r.ok());
    waiting = !r->rows.empty();
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGKILL);
  CHECK(wait_exit_code(pid) == 128 + SIGKILL);
  REQUIRE(holder->execute("UNLOCK TABLES").ok());
  REQUIRE(waiting);
  const ProcessResult runs = run_jaga({"--config", f.config_path(), "history", "--runs"});
  INFO(runs.out << runs.err);
  CHECK(runs.exit_code == 0);
  CHECK_THAT(runs.out, Contains("backup") && Contains("interrupted"));
}

TEST_CASE("two backups started in the same second both succeed under distinct names",
          "[backup][issue14]") {
  BackupFixture f;
  std::filesystem::create_directories(f.backups());
  // Start both just after a second begins, so they start within it.
  const auto now = std::chrono::system_clock::now();
  std::this_thread::sleep_until(std::chrono::ceil<std::chrono::seconds>(now) +
                                std::chrono::milliseconds(20));
  const std::string out1 = f.dir().path() + "/1.out";
  const std::string out2 = f.dir().path() + "/2.out";
  const pid_t first = start_jaga({"--config", f.config_path(), "backup"}, out1, out1 + ".err");
  const pid_t second = start_jaga({"--config", f.config_path(), "backup"}, out2, out2 + ".err");
  const int code1 = wait_exit_code(first);
  const int code2 = wait_exit_code(second);
  INFO(read_file(out1) << read_file(out1 + ".err") << read_file(out2) << read_file(out2 + ".err"));
  CHECK(code1 == 0);
  CHECK(code2 == 0);
  // "backup PATH of N tables ...": two different paths (retention may since have removed the
  // older one: both are of the same day).
  auto path_in = [](const std::string& out) {
    const std::string text = read_file(out);
    const size_t at = text.find("backup ");
    REQUIRE(at != std::string::npos);
    return text.substr(at + 7, text.find(' ', at + 7) - at - 7);
  };
  const std::string path1 = path_in(out1);
  const std::string path2 = path_in(out2);
  CHECK(path1 != path2);
  const auto all = backup::list_backups(f.backups());
  REQUIRE_FALSE(all.empty());
  CHECK(std::max(path1, path2) == all.back().path);
}

}  // namespace jaga::test
