// What the consistency tests share: the scratch schema `jaga_ctest` in which each test builds its
// own tables, and readers of a consistency result. Tables are created on the primary and
// replicate; differences are injected on the backup only, with sql_log_bin = 0, so replication
// neither repairs them nor sees an errant transaction. The schema is dropped again at the end of
// the test, so the next one starts from a healthy, identical pair.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "checks/check.h"
#include "tests/integration/sandbox.h"

namespace jaga::test {

// The monitoring account of the sandbox, as its TCP connections reach the servers.
inline constexpr char kMonitoringAccount[] = "'jaga'@'127.0.0.1'";

class ScratchSchema {
 public:
  // Heals the pair, creates an empty `jaga_ctest` and lets the monitoring account read it.
  ScratchSchema()
      : primary_(Sandbox::get().admin(db::Role::kPrimary)),
        backup_(Sandbox::get().admin(db::Role::kBackup)) {
    Sandbox::get().heal();
    admin_sql(*backup_, "SET SESSION sql_log_bin = 0");
    admin_sql(*backup_, "DROP DATABASE IF EXISTS jaga_ctest");  // left over by a crashed test
    admin_sql(*primary_, "DROP DATABASE IF EXISTS jaga_ctest");
    admin_sql(*primary_, "CREATE DATABASE jaga_ctest CHARACTER SET utf8mb4");
    // What ops/grants.sql grants on a population schema, with its optional TRIGGER so that the
    // schema comparison sees triggers (a test that needs it without revokes it).
    admin_sql(*primary_, fmt::format("GRANT SELECT, SHOW VIEW, TRIGGER ON jaga_ctest.* TO {}",
                                     kMonitoringAccount));
    Sandbox::get().wait_for_catch_up();
  }
  // Drops the schema and the grant and waits for the backup. Never throws: it also runs while a
  // failed test unwinds.
  ~ScratchSchema() {
    (void)primary_->execute("DROP DATABASE IF EXISTS jaga_ctest");
    (void)primary_->execute(
        fmt::format("REVOKE ALL PRIVILEGES ON jaga_ctest.* FROM {}", kMonitoringAccount));
    auto position = primary_->scalar("SELECT @@gtid_binlog_pos");
    if (position && *position) {
      (void)backup_->query("SELECT MASTER_GTID_WAIT(" + backup_->quote(**position) + ", 60)");
    }
  }
  ScratchSchema(const ScratchSchema&) = delete;
  ScratchSchema& operator=(const ScratchSchema&) = delete;

  // Runs `sql` as root on the primary; it replicates.
  void on_primary(const std::string& sql) { admin_sql(*primary_, sql); }
  // Runs `sql` as root on the backup, outside the binary log: a difference replication ignores.
  void on_backup_only(const std::string& sql) { admin_sql(*backup_, sql); }
  void catch_up() const { Sandbox::get().wait_for_catch_up(); }
  db::Connection& primary() { return *primary_; }
  db::Connection& backup() { return *backup_; }

  // The sandbox configuration with the consistency check comparing the scratch schema only.
  static config::Config config() {
    config::Config config = Sandbox::get().config();
    config.consistency_check.schemas = {"jaga_ctest"};
    config.consistency_check.tables.clear();
    return config;
  }

 private:
  std::unique_ptr<db::Connection> primary_;
  std::unique_ptr<db::Connection> backup_;
};

// A NIK-shaped key: "3322" (the regency) and `number` in 12 digits, e.g. 3322000000000010.
inline std::string nik(int64_t number) { return fmt::format("3322{:012}", number); }
// The same key as reports show it.
inline std::string masked_nik(int64_t number) {
  return fmt::format("3322********{:04}", number % 10000);
}

// Creates jaga_ctest.`name`, shaped like siak.biodata_wni (a CHAR(16) NIK primary key), with
// `rows` people whose keys are nik(10), nik(20), ... nik(10 * rows): the gaps leave room for rows
// a test adds on the backup.
inline void create_people(ScratchSchema& scratch, const std::string& name, int64_t rows) {
  scratch.on_primary("CREATE TABLE jaga_ctest." + name +
                     " (nik CHAR(16) NOT NULL PRIMARY KEY, nama VARCHAR(60) NOT NULL, "
                     "tgl_lhr DATE NOT NULL, alamat VARCHAR(100) NULL) ENGINE=InnoDB");
  scratch.on_primary(
      fmt::format("INSERT INTO jaga_ctest.{} SELECT CONCAT('3322', LPAD(seq * 10, 12, '0')), "
                  "CONCAT('Warga ', seq), '1960-01-01' + INTERVAL (seq % 20000) DAY, "
                  "CONCAT('Jl. Merdeka No. ', seq) FROM jaga_ctest.seq_1_to_{}",
                  name, rows));
}

// The evidence of jaga_ctest.`table` in a consistency check's evidence (fails the test when the
// table was not compared).
inline nlohmann::json table_evidence(const nlohmann::json& evidence, const std::string& table) {
  for (const auto& t : evidence.value("tables", nlohmann::json::array())) {
    if (t.value("table", "") == "jaga_ctest." + table) return t;
  }
  FAIL("jaga_ctest." << table << " is not in the evidence: " << evidence.dump());
  return {};
}

// Every difference reported for jaga_ctest.`table` as "kind key" (composite keys as "k1|k2"),
// sorted, so a test can compare the whole list at once.
inline std::vector<std::string> differences(const nlohmann::json& evidence,
                                            const std::string& table) {
  std::vector<std::string> out;
  const nlohmann::json found = table_evidence(evidence, table);
  for (const auto& d : found.at("differences")) {
    std::string key;
    for (const auto& part : d.value("key", nlohmann::json::array())) {
      key += (key.empty() ? "" : "|") + part.get<std::string>();
    }
    out.push_back(d.at("kind").get<std::string>() + " " + key);
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::vector<std::string> differences(const checks::CheckResult& result,
                                            const std::string& table) {
  return differences(result.personal, table);
}

// A consistency run's configuration file for the jaga binary: the sandbox's, with the evidence
// store in `dir` and the check comparing only the scratch schema in chunks of about 10 ms (the
// shortest the configuration allows).
inline std::string consistency_config_file(const TempDir& dir) {
  const std::string text = read_file(private_config(dir));
  return dir.write("jaga.toml",
                   text +
                       "\n[checks.consistency]\nschemas = [\"jaga_ctest\"]\n"
                       "chunk_time_target_seconds = 0.01\n",
                   0644);
}

}  // namespace jaga::test
