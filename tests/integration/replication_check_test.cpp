// Replication faults injected for real on the sandbox pair; each must give the stated status
// with a summary that says what is wrong.
#include "checks/replication_check.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "tests/integration/sandbox.h"

namespace jaga::test {
namespace {

using db::Role;

// A scratch schema for fault injection, never `siak`.
void ensure_scratch_table(const std::string& table) {
  Sandbox& sb = Sandbox::get();
  auto primary = sb.admin(Role::kPrimary);
  admin_sql(*primary, "CREATE DATABASE IF NOT EXISTS jaga_test");
  admin_sql(*primary, "CREATE TABLE IF NOT EXISTS jaga_test." + table +
                          " (id INT PRIMARY KEY, v INT NOT NULL DEFAULT 0) ENGINE=InnoDB");
  admin_sql(*primary, "DELETE FROM jaga_test." + table);
  sb.wait_for_catch_up();
}

int64_t seconds_behind(db::Connection& backup) {
  const auto v = admin_sql(backup, "SHOW SLAVE STATUS").get(0, "Seconds_Behind_Master");
  return v ? std::stoll(*v) : -1;
}

}  // namespace

TEST_CASE("replication check is OK on a healthy sandbox pair", "[replication]") {
  Sandbox& sb = Sandbox::get();
  sb.heal();
  checks::ReplicationCheck check;
  const auto result = run_check(check, sb.config());
  INFO(result.summary);
  CHECK(result.status == Status::kOk);
  CHECK_THAT(result.summary, Catch::Contains("no errant transactions"));
  CHECK_THAT(result.summary, Catch::Contains("heartbeat arrived"));
}

TEST_CASE("stopped SQL thread is CRIT", "[replication]") {
  Sandbox& sb = Sandbox::get();
  auto backup = sb.admin(Role::kBackup);
  admin_sql(*backup, "STOP SLAVE SQL_THREAD");
  checks::ReplicationCheck check;
  const auto result = run_check(check, sb.config());
  sb.heal();
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK_THAT(result.summary, Catch::Contains("SQL thread stopped"));
}

TEST_CASE("stopped I/O thread is CRIT", "[replication]") {
  Sandbox& sb = Sandbox::get();
  auto backup = sb.admin(Role::kBackup);
  admin_sql(*backup, "STOP SLAVE IO_THREAD");
  checks::ReplicationCheck check;
  const auto result = run_check(check, sb.config());
  sb.heal();
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK_THAT(result.summary, Catch::Contains("I/O thread stopped"));
}

TEST_CASE("duplicate-key replication error is CRIT quoting the server's error", "[replication]") {
  Sandbox& sb = Sandbox::get();
  ensure_scratch_table("conflict");
  auto primary = sb.admin(Role::kPrimary);
  auto backup = sb.admin(Role::kBackup);
  // The row exists only on the backup, so the primary's insert cannot be applied there.
  admin_sql(*backup, "SET SESSION sql_log_bin = 0");
  admin_sql(*backup, "INSERT INTO jaga_test.conflict (id) VALUES (7)");
  admin_sql(*primary, "INSERT INTO jaga_test.conflict (id) VALUES (7)");
  for (int i = 0; i < 100; ++i) {
    if (admin_sql(*backup, "SHOW SLAVE STATUS").get(0, "Slave_SQL_Running") == "No") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  checks::ReplicationCheck check;
  const auto result = run_check(check, sb.config());
  admin_sql(*backup, "DELETE FROM jaga_test.conflict WHERE id = 7");
  sb.heal();
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK_THAT(result.summary, Catch::Contains("SQL thread stopped"));
  CHECK_THAT(result.summary, Catch::Contains("error 1062"));
  CHECK_THAT(result.summary, Catch::Contains("Duplicate entry '7'"));
}

TEST_CASE("replication lag beyond the thresholds is WARN, then CRIT", "[replication]") {
  Sandbox& sb = Sandbox::get();
  ensure_scratch_table("lag");
  auto primary = sb.admin(Role::kPrimary);
  admin_sql(*primary, "INSERT INTO jaga_test.lag (id) VALUES (1)");
  sb.wait_for_catch_up();
  // A backup session holds the row, so the replicated update waits: real, growing lag.
  auto backup = sb.admin(Role::kBackup);
  admin_sql(*backup, "START TRANSACTION");
  admin_sql(*backup, "SELECT v FROM jaga_test.lag WHERE id = 1 FOR UPDATE");
  admin_sql(*primary, "UPDATE jaga_test.lag SET v = v + 1 WHERE id = 1");

  config::Config config = sb.config();
  config.replication_check.lag_warn_seconds = 2;
  config.replication_check.lag_crit_seconds = 5;
  config.replication_check.heartbeat = false;
  auto observer = sb.admin(Role::kBackup);
  auto wait_until_behind = [&](int64_t seconds) {
    for (int i = 0; i < 200 && seconds_behind(*observer) < seconds; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  };
  checks::ReplicationCheck check;
  wait_until_behind(2);
  const auto warn = run_check(check, config);
  wait_until_behind(5);
  const auto crit = run_check(check, config);
  admin_sql(*backup, "ROLLBACK");
  sb.wait_for_catch_up();

  INFO(warn.summary);
  CHECK(warn.status == Status::kWarn);
  CHECK_THAT(warn.summary, Catch::Contains("behind the primary (WARN at 2 s)"));
  INFO(crit.summary);
  CHECK(crit.status == Status::kCrit);
  CHECK_THAT(crit.summary, Catch::Contains("behind the primary (CRIT at 5 s)"));
}

TEST_CASE("errant transaction written on the backup is CRIT naming its GTID", "[replication]") {
  Sandbox& sb = Sandbox::get();
  ensure_scratch_table("errant");
  auto backup = sb.admin(Role::kBackup);
  // Root bypasses read_only; with the binary log on, the write gets a GTID of the backup's own.
  admin_sql(*backup, "INSERT INTO jaga_test.errant (id) VALUES (1)");
  const std::string errant =
      admin_sql(*backup, "SELECT @@gtid_binlog_pos").rows.at(0)[0].value_or("?");
  checks::ReplicationCheck check;
  const auto result = run_check(check, sb.config());
  // Undo: remove the row without logging it and forget the backup's own binlog history.
  admin_sql(*backup, "SET SESSION sql_log_bin = 0");
  admin_sql(*backup, "DELETE FROM jaga_test.errant");
  admin_sql(*backup, "RESET MASTER");
  const auto healed = run_check(check, sb.config());

  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK_THAT(result.summary, Catch::Contains("errant transaction"));
  CHECK_THAT(result.summary, Catch::Contains(errant));
  INFO(healed.summary);
  CHECK(healed.status == Status::kOk);
}

TEST_CASE("replication check gives CRIT quickly when the backup server does not answer",
          "[replication][down]") {
  Sandbox& sb = Sandbox::get();
  config::Config config = sb.config();
  config.backup.port = 1;  // nothing listens there
  checks::ReplicationCheck check;
  const auto result = run_check(check, config);
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK_THAT(result.summary, Catch::Contains("cannot read replication state"));
  CHECK_THAT(result.summary, Catch::Contains("backup (127.0.0.1:1)"));
}

TEST_CASE("replication check is CRIT when the primary is unreachable", "[replication][down]") {
  Sandbox& sb = Sandbox::get();
  config::Config config = sb.config();
  config.primary.port = 1;
  checks::ReplicationCheck check;
  const auto result = run_check(check, config);
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK_THAT(result.summary, Catch::Contains("cannot compare with the primary"));
}

}  // namespace jaga::test
