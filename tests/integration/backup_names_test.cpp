// Issue 14, item 1: schema and table names are data, never paths. Tables named "../../../pwn",
// "a/b", "back\slash", ".", "..", with control characters, 64 two-byte characters, 50 three-byte
// characters, and a schema named "../jaga_test_up" are backed up inside the backup, verified by
// `check backups` and restored by `restore-test` under their real names; a failed backup keeps
// nothing, inside or outside backup.dir, and removes no earlier backup.
#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <thread>

#include "backup/manifest.h"
#include "backup/restore_test.h"
#include "tests/integration/backup_fixture.h"

namespace jaga::test {
namespace {

using Catch::Contains;
namespace fs = std::filesystem;

constexpr const char* kSchema = "jaga_test_names";
constexpr const char* kUpSchema = "../jaga_test_up";

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// The hostile table names (each must become a file inside the backup, and come back).
std::vector<std::string> hostile_tables() {
  return {"../../../pwn",
          "a/b",
          "back\\slash",
          ".",
          "..",
          ".hidden",
          "%2F",
          "ctl\x01name",
          "tab\tnl\nx",
          "Penduduk \xC3\xB1"
          "and\xC3\xBA \xE4\xBA\xBA\xE5\x8F\xA3",  // "Penduduk ñandú 人口"
          repeat("\xC3\xA9", 64),                  // 64 x é
          repeat("\xE4\xBA\xBA", 50),              // 50 x 人 (MariaDB's most)
          "UPPER",
          "upper"};
}

std::string quoted(const std::string& name) {
  std::string out = "`";
  for (char c : name) out += c == '`' ? std::string("``") : std::string(1, c);
  return out + "`";
}

// The schemas on the primary, readable by jaga, dropped at the end. `locked` adds a table
// "zz_locked" (dumped last) for a test to hold.
class HostileSchemas {
 public:
  HostileSchemas() {
    auto c = Sandbox::get().admin(db::Role::kPrimary);
    drop(*c);
    run(*c, "CREATE DATABASE " + quoted(kSchema) + " CHARACTER SET utf8mb4");
    run(*c, "CREATE DATABASE " + quoted(kUpSchema) + " CHARACTER SET utf8mb4");
    int i = 0;
    for (const auto& t : hostile_tables()) {
      const std::string name = std::string(quoted(kSchema)) + "." + quoted(t);
      run(*c, "CREATE TABLE " + name + " (id INT PRIMARY KEY, v VARCHAR(20))");
      run(*c, "INSERT INTO " + name + " VALUES (1, 'satu'), (2, 'dua'), (" +
                  std::to_string(3 + i++) + ", NULL)");
    }
    run(*c, "CREATE TABLE " + quoted(kSchema) + ".zz_locked (id INT PRIMARY KEY)");
    run(*c, "INSERT INTO " + quoted(kSchema) + ".zz_locked VALUES (1)");
    run(*c, "CREATE TABLE " + quoted(kUpSchema) + ".t (id INT PRIMARY KEY)");
    run(*c, "INSERT INTO " + quoted(kUpSchema) + ".t VALUES (7)");
    for (const char* host : {"127.0.0.1", "localhost"}) {
      for (const char* s : {kSchema, kUpSchema}) {
        run(*c, "GRANT SELECT ON " + quoted(s) + ".* TO 'jaga'@'" + host + "'");
      }
    }
    Sandbox::get().wait_for_catch_up();
  }
  ~HostileSchemas() {
    auto c = Sandbox::get().admin(db::Role::kPrimary);
    drop(*c);
  }
  HostileSchemas(const HostileSchemas&) = delete;
  HostileSchemas& operator=(const HostileSchemas&) = delete;

 private:
  static void drop(db::Connection& c) {
    for (const char* s : {kSchema, kUpSchema}) {
      (void)c.execute("DROP DATABASE IF EXISTS " + quoted(s));
      for (const char* host : {"127.0.0.1", "localhost"}) {
        (void)c.execute("REVOKE ALL PRIVILEGES ON " + quoted(s) + ".* FROM 'jaga'@'" + host + "'");
      }
    }
  }
  static void run(db::Connection& c, const std::string& sql) {
    auto r = c.execute(sql);
    INFO(sql);
    REQUIRE(r.ok());
  }
};

// Every path below `root` (relative), skipping the subtree `skip`.
std::set<std::string> tree(const std::string& root, const std::string& skip) {
  std::set<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->path() == skip) {
      it.disable_recursion_pending();
      continue;
    }
    // The evidence store and its journal change with every run.
    if (it->path().filename().string().starts_with("evidence.db")) continue;
    out.insert(fs::relative(it->path(), root).string());
  }
  return out;
}

std::vector<std::string> backup_args(const BackupFixture& f) {
  return {"--config", f.config_path(), "backup", "--schema", kSchema, "--schema", kUpSchema};
}

}  // namespace

TEST_CASE("hostile table and schema names are backed up inside the backup, verified and restored",
          "[backup][names][issue14]") {
  HostileSchemas schemas;
  BackupFixture f;
  fs::create_directories(f.backups());
  const auto outside_before = tree(f.dir().path(), f.backups());
  const ProcessResult r = run_jaga(backup_args(f));
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(tree(f.dir().path(), f.backups()) == outside_before);

  // backup.dir holds the lock file and the one backup, nothing else.
  const auto backups = backup::list_backups(f.backups());
  REQUIRE(backups.size() == 1);
  std::set<std::string> top;
  for (const auto& e : fs::directory_iterator(f.backups())) top.insert(e.path().filename());
  CHECK(top == std::set<std::string>{".jaga-backup.lock", backups[0].name});

  // The manifest keeps the real names, and lists every file the backup holds.
  auto m = backup::read_manifest(backups[0].path);
  REQUIRE(m.ok());
  std::set<std::string> names;
  for (const auto& t : m->tables) names.insert(t.full_name());
  for (const auto& t : hostile_tables()) CHECK(names.count(std::string(kSchema) + "." + t) == 1);
  CHECK(names.count(std::string(kUpSchema) + ".t") == 1);
  std::set<std::string> listed{"manifest.json", "manifest.json.p7s"};
  for (const auto& file : m->files) listed.insert(file.path);
  for (const auto& e : fs::recursive_directory_iterator(backups[0].path)) {
    if (e.is_directory()) continue;
    CHECK(listed.count(fs::relative(e.path(), backups[0].path).string()) == 1);
  }

  const ProcessResult check = run_jaga({"--config", f.config_path(), "check", "backups"});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);

  auto outcome = backup::restore_test(f.config(), "latest", {}, system_env());
  REQUIRE(outcome.ok());
  CHECK(outcome->unproven.empty());
  CHECK(outcome->tables.size() == hostile_tables().size() + 2);
  for (const auto& t : outcome->tables) {
    INFO(t.table << ": " << t.detail);
    CHECK(t.equal);
    CHECK(t.rows_found == t.rows_expected);
  }
}

TEST_CASE("a failed backup keeps nothing, inside or outside backup.dir, and removes no backup",
          "[backup][names][issue14]") {
  HostileSchemas schemas;
  BackupFixture f(
      BackupFixture::Options{true, "keep_daily = 1\nkeep_weekly = 0\nkeep_monthly = 0\n"});
  const std::string earlier = f.take();
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the next one has a new name
  const auto outside_before = tree(f.dir().path(), f.backups());
  const auto inside_before = tree(f.backups(), "");

  // zz_locked is held on the backup server, so the dump waits for it after every DDL file was
  // written; the waiting connection is then killed.
  auto holder = Sandbox::get().admin(db::Role::kBackup);
  REQUIRE(holder->execute(std::string("LOCK TABLES ") + kSchema + ".zz_locked WRITE").ok());
  const std::string err = f.dir().path() + "/backup.err";
  const pid_t pid = start_jaga(backup_args(f), "/dev/null", err);
  auto killer = Sandbox::get().admin(db::Role::kBackup);
  bool killed = false;
  int status = 0;
  bool exited = false;  // a backup that failed by itself before reaching zz_locked
  for (int i = 0; i < 1000 && !killed && !exited; ++i) {
    exited = waitpid(pid, &status, WNOHANG) == pid;
    auto waiting = killer->query(
        "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = 'jaga' AND INFO LIKE "
        "'SELECT %zz_locked%' AND STATE LIKE 'Waiting for table metadata lock%'");
    REQUIRE(waiting.ok());
    for (const auto& row : waiting->rows) {
      if (killer->execute("KILL CONNECTION " + row[0].value_or("0")).ok()) killed = true;
    }
    if (!killed) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(holder->execute("UNLOCK TABLES").ok());
  REQUIRE((killed || exited));
  CHECK((exited ? WEXITSTATUS(status) : wait_exit_code(pid)) == 2);
  const std::string message = read_file(err);
  INFO(message);
  CHECK_THAT(message, Contains("backup failed, nothing was kept"));
  std::set<std::string> outside_after = tree(f.dir().path(), f.backups());
  outside_after.erase("backup.err");
  CHECK(outside_after == outside_before);
  CHECK(tree(f.backups(), "") == inside_before);
  REQUIRE(backup::list_backups(f.backups()).size() == 1);
  CHECK(backup::list_backups(f.backups())[0].path == earlier);
}

}  // namespace jaga::test
