// The consistency check finds exactly the rows that differ: differences are injected on the
// backup of the real sandbox pair, and each must be reported with the right key and kind and
// nothing else.
#include "checks/consistency_check.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "consistency/digest_sql.h"
#include "consistency/table_schema.h"
#include "tests/integration/consistency_scratch.h"
#include "tests/integration/two_agents.h"
#include "tests/unit/fake_env.h"

namespace jaga::test {
namespace {

using Differences = std::vector<std::string>;

// Runs the check with digests computed by jaga, again by SQL (consistency/digester.h) and again
// with the backup digested by its own host's agent over a consistency session (two agents); all
// three must come to the same verdict with the same rows.
checks::CheckResult check_scratch(const config::Config& config = ScratchSchema::config()) {
  static BackupAgent agent(ScratchSchema::config());
  checks::ConsistencyCheck check;
  config::Config by_sql = config;
  by_sql.consistency_check.digest_where = "server";
  config::Config by_jaga = config;
  by_jaga.consistency_check.digest_where = "agent";
  const auto sql = run_check(check, by_sql);
  const auto agents = run_check_with_agents(check, config, agent);
  auto result = run_check(check, by_jaga);
  CHECK_THAT(result.evidence.value("digest", ""), Catch::StartsWith("md5-128 sum by jaga"));
  CHECK_THAT(sql.evidence.value("digest", ""), Catch::EndsWith("by SQL"));
  CHECK_THAT(agents.evidence.value("digest", ""),
             Catch::Contains("on each host") && Catch::Contains("via the agent of peer backup"));
  CHECK(sql.status == result.status);
  CHECK(sql.summary == result.summary);
  CHECK(agents.status == result.status);
  CHECK(agents.summary == result.summary);
  CHECK(agent.server->consistency_sessions() == 0);  // the coordinator closed its session
  return result;
}

struct Found {
  Status status = Status::kUnknown;
  std::string summary;
  Differences differences;
};

// Builds jaga_ctest.t (id INT key, c of `column_type`, then `other`) with 20 rows whose c is the
// SQL expression `value`, gives row 7 the value `backup_value` on the backup only, and compares.
Found change_row_7(const std::string& column_type, const std::string& value,
                   const std::string& backup_value) {
  ScratchSchema scratch;
  scratch.on_primary("CREATE TABLE jaga_ctest.t (id INT NOT NULL PRIMARY KEY, c " + column_type +
                     ", other VARCHAR(10) NULL DEFAULT 'x') ENGINE=InnoDB");
  scratch.on_primary("INSERT INTO jaga_ctest.t (id, c) SELECT seq, " + value +
                     " FROM jaga_ctest.seq_1_to_20");
  scratch.catch_up();
  scratch.on_backup_only("UPDATE jaga_ctest.t SET c = " + backup_value + " WHERE id = 7");
  const auto result = check_scratch();
  return {result.status, result.summary, differences(result, "t")};
}

void check_only_row_7_differs(const Found& found) {
  INFO(found.summary);
  CHECK(found.status == Status::kCrit);
  CHECK(found.differences == Differences{"different 7"});
}

// The 32-hex-digit digest the engine names a row of a keyless table by, computed on `server`.
std::string row_digest(db::Connection& server, const std::string& table, const std::string& where) {
  auto tables = consistency::load_tables(server, {"jaga_ctest"}, {table});
  REQUIRE(tables);
  REQUIRE(tables->size() == 1);
  const std::string hash = consistency::row_md5_sql(tables->front());
  return admin_sql(server, "SELECT " + hash + " FROM jaga_ctest." + table + " WHERE " + where)
      .rows.at(0)[0]
      .value_or("");
}

// jaga_ctest.peristiwa: 300 registry events (a birth for each of nik(10) ... nik(3000)) in a
// table without any primary or unique key.
void create_events(ScratchSchema& scratch) {
  scratch.on_primary(
      "CREATE TABLE jaga_ctest.peristiwa (nik CHAR(16) NOT NULL, jenis VARCHAR(20) NOT NULL) "
      "ENGINE=InnoDB");
  scratch.on_primary(
      "INSERT INTO jaga_ctest.peristiwa SELECT CONCAT('3322', LPAD(seq * 10, 12, '0')), 'LAHIR' "
      "FROM jaga_ctest.seq_1_to_300");
}

}  // namespace

TEST_CASE("consistency: a clean scratch pair is OK with zero differences", "[consistency]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 500);
  scratch.catch_up();
  const auto result = check_scratch();
  INFO(result.summary);
  CHECK(result.status == Status::kOk);
  CHECK(differences(result, "biodata").empty());
  CHECK(table_evidence(result.evidence, "biodata").at("rows") == 500);
}

TEST_CASE("consistency: a column updated on the backup is 'different' under its NIK",
          "[consistency]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 500);
  scratch.catch_up();
  scratch.on_backup_only("UPDATE jaga_ctest.biodata SET nama = 'Warga Lain' WHERE nik = '" +
                         nik(10) + "'");
  const auto result = check_scratch();
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK(differences(result, "biodata") == Differences{"different " + nik(10)});
}

TEST_CASE("consistency: a row deleted on the backup is 'missing_on_backup'", "[consistency]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 500);
  scratch.catch_up();
  scratch.on_backup_only("DELETE FROM jaga_ctest.biodata WHERE nik = '" + nik(2500) + "'");
  const auto result = check_scratch();
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK(differences(result, "biodata") == Differences{"missing_on_backup " + nik(2500)});
}

TEST_CASE("consistency: a row added on the backup is 'extra_on_backup'", "[consistency]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 500);
  scratch.catch_up();
  scratch.on_backup_only("INSERT INTO jaga_ctest.biodata VALUES ('" + nik(4995) +
                         "', 'Warga Siluman', '1990-01-01', NULL)");
  const auto result = check_scratch();
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK(differences(result, "biodata") == Differences{"extra_on_backup " + nik(4995)});
}

TEST_CASE("consistency: the summary shows the NIK masked, never in full", "[consistency]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 500);
  scratch.catch_up();
  scratch.on_backup_only("DELETE FROM jaga_ctest.biodata WHERE nik = '" + nik(10) + "'");
  const auto result = check_scratch();
  REQUIRE(result.status == Status::kCrit);
  CHECK_THAT(result.summary, Catch::Contains(masked_nik(10)));  // 3322********0010
  CHECK_THAT(result.summary, !Catch::Contains(nik(10)));
  for (const auto& finding : result.findings)
    CHECK_THAT(finding.message, !Catch::Contains(nik(10)));
}

TEST_CASE("consistency: NULL on the primary vs an empty string on the backup differs",
          "[consistency]") {
  check_only_row_7_differs(change_row_7("VARCHAR(20) NULL", "NULL", "''"));
}

TEST_CASE("consistency: a NULL moved to the neighbouring column differs", "[consistency]") {
  // ('', NULL) and (NULL, '') print the same without the NULL flags.
  ScratchSchema scratch;
  scratch.on_primary(
      "CREATE TABLE jaga_ctest.t (id INT NOT NULL PRIMARY KEY, a VARCHAR(20) NULL, "
      "b VARCHAR(20) NULL) ENGINE=InnoDB");
  scratch.on_primary("INSERT INTO jaga_ctest.t SELECT seq, '', NULL FROM jaga_ctest.seq_1_to_20");
  scratch.catch_up();
  scratch.on_backup_only("UPDATE jaga_ctest.t SET a = NULL, b = '' WHERE id = 7");
  const auto result = check_scratch();
  check_only_row_7_differs({result.status, result.summary, differences(result, "t")});
}

TEST_CASE("consistency: a separator moved from one column to the next differs", "[consistency]") {
  // ('x#', 'y') and ('x', '#y') print the same without the lengths of the values.
  ScratchSchema scratch;
  scratch.on_primary(
      "CREATE TABLE jaga_ctest.t (id INT NOT NULL PRIMARY KEY, a VARCHAR(20) NOT NULL, "
      "b VARCHAR(20) NOT NULL) ENGINE=InnoDB");
  scratch.on_primary("INSERT INTO jaga_ctest.t SELECT seq, 'x#', 'y' FROM jaga_ctest.seq_1_to_20");
  scratch.catch_up();
  scratch.on_backup_only("UPDATE jaga_ctest.t SET a = 'x', b = '#y' WHERE id = 7");
  const auto result = check_scratch();
  check_only_row_7_differs({result.status, result.summary, differences(result, "t")});
}

TEST_CASE("consistency: a trailing space in a VARCHAR differs", "[consistency]") {
  check_only_row_7_differs(change_row_7("VARCHAR(40) NOT NULL", "'Jl. Merdeka'", "'Jl. Merdeka '"));
}

TEST_CASE("consistency: letter case differs under a case-insensitive collation", "[consistency]") {
  check_only_row_7_differs(change_row_7("VARCHAR(40) COLLATE utf8mb4_general_ci NOT NULL",
                                        "'Budi Santoso'", "'BUDI SANTOSO'"));
}

TEST_CASE("consistency: one microsecond of a DATETIME(6) differs", "[consistency]") {
  check_only_row_7_differs(change_row_7("DATETIME(6) NOT NULL", "'2024-01-01 10:00:00.123456'",
                                        "'2024-01-01 10:00:00.123457'"));
}

TEST_CASE("consistency: FLOAT 1.0000001 vs 1.0000002 differs", "[consistency]") {
  check_only_row_7_differs(change_row_7("FLOAT NOT NULL", "1.0000001", "1.0000002"));
}

TEST_CASE("consistency: DOUBLE 0.1 + 0.2 vs 0.3 differs", "[consistency]") {
  check_only_row_7_differs(change_row_7("DOUBLE NOT NULL", "0.1e0 + 0.2e0", "0.3e0"));
}

TEST_CASE("consistency: a changed JSON value differs", "[consistency]") {
  check_only_row_7_differs(change_row_7("JSON NOT NULL",
                                        R"('{"alamat": "Jl. Merdeka 1", "rt": 3}')",
                                        R"('{"alamat": "Jl. Merdeka 1", "rt": 4}')"));
}

TEST_CASE("consistency: one byte changed in a 4 KiB BLOB differs", "[consistency]") {
  check_only_row_7_differs(change_row_7("BLOB NOT NULL", "UNHEX(REPEAT('A5', 4096))",
                                        "INSERT(c, 2048, 1, UNHEX('A4'))"));
}

TEST_CASE("consistency: 'Śrī' vs 'Sri' differs although utf8mb4_general_ci calls them equal",
          "[consistency]") {
  check_only_row_7_differs(change_row_7("VARCHAR(40) COLLATE utf8mb4_general_ci NOT NULL",
                                        "'Śrī Wahyuni'", "'Sri Wahyuni'"));
}

TEST_CASE("consistency: one emoji replaced by another differs", "[consistency]") {
  check_only_row_7_differs(change_row_7("VARCHAR(40) COLLATE utf8mb4_general_ci NOT NULL",
                                        "'Selamat 👍'", "'Selamat 👎'"));
}

TEST_CASE("consistency: a composite key is reported with both parts, across a chunk boundary",
          "[consistency]") {
  ScratchSchema scratch;
  // Four people per family card; rows 5000 and 5001 share a no_kk and, with the first chunk
  // 5000 rows long, sit on either side of the first chunk boundary.
  scratch.on_primary(
      "CREATE TABLE jaga_ctest.keluarga (no_kk CHAR(16) NOT NULL, nik CHAR(16) NOT NULL, "
      "hubungan VARCHAR(20) NOT NULL, PRIMARY KEY (no_kk, nik)) ENGINE=InnoDB");
  scratch.on_primary(
      "INSERT INTO jaga_ctest.keluarga SELECT CONCAT('3322', LPAD(1000 + seq DIV 4, 12, '0')), "
      "CONCAT('3322', LPAD(seq * 10, 12, '0')), 'ANAK' FROM jaga_ctest.seq_1_to_8000");
  scratch.catch_up();
  scratch.on_backup_only("UPDATE jaga_ctest.keluarga SET hubungan = 'ISTRI' WHERE nik = '" +
                         nik(50000) + "'");
  scratch.on_backup_only("DELETE FROM jaga_ctest.keluarga WHERE nik = '" + nik(50010) + "'");
  config::Config config = ScratchSchema::config();
  config.consistency_check.chunk_time_target_seconds = 0.001;  // several chunks
  const auto result = check_scratch(config);
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK(differences(result, "keluarga") ==
        Differences{"different " + nik(2250) + "|" + nik(50000),
                    "missing_on_backup " + nik(2250) + "|" + nik(50010)});
  CHECK(table_evidence(result.evidence, "keluarga").at("chunks") > 1);
  CHECK_THAT(result.summary,
             Catch::Contains("(" + masked_nik(2250) + ", " + masked_nik(50000) + ")"));
}

TEST_CASE("consistency: a changed row in a table without any key is found by its digest",
          "[consistency]") {
  ScratchSchema scratch;
  create_events(scratch);
  scratch.catch_up();
  const std::string row = "nik = '" + nik(1230) + "'";
  const std::string before = row_digest(scratch.primary(), "peristiwa", row);
  scratch.on_backup_only("UPDATE jaga_ctest.peristiwa SET jenis = 'MATI' WHERE " + row);
  const std::string after = row_digest(scratch.backup(), "peristiwa", row);
  const auto result = check_scratch();
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  const auto table = table_evidence(result.evidence, "peristiwa");
  CHECK(table.at("key") == "none");
  std::vector<std::string> found;
  for (const auto& d : table.at("differences")) {
    found.push_back(fmt::format(
        "{} {} {}/{}", d.at("kind").get<std::string>(), d.at("row_digest").get<std::string>(),
        d.at("primary_count").get<int64_t>(), d.at("backup_count").get<int64_t>()));
  }
  std::sort(found.begin(), found.end());
  CHECK(found ==
        Differences{"extra_on_backup " + after + " 0/1", "missing_on_backup " + before + " 1/0"});
}

TEST_CASE("consistency: a row duplicated on the backup of a keyless table is counted",
          "[consistency]") {
  ScratchSchema scratch;
  create_events(scratch);
  scratch.catch_up();
  scratch.on_backup_only("INSERT INTO jaga_ctest.peristiwa VALUES ('" + nik(1230) + "', 'LAHIR')");
  const auto result = check_scratch();
  INFO(result.summary);
  const auto diffs = table_evidence(result.evidence, "peristiwa").at("differences");
  REQUIRE(diffs.size() == 1);
  CHECK(diffs[0].at("kind") == "extra_on_backup");
  CHECK(diffs[0].at("primary_count") == 1);
  CHECK(diffs[0].at("backup_count") == 2);
  CHECK(diffs[0].at("row_digest") ==
        row_digest(scratch.primary(), "peristiwa", "nik = '" + nik(1230) + "'"));
}

TEST_CASE("consistency: a difference in a keyless table comes with the keyless limitation",
          "[consistency]") {
  ScratchSchema scratch;
  create_events(scratch);
  scratch.catch_up();
  scratch.on_backup_only("DELETE FROM jaga_ctest.peristiwa WHERE nik = '" + nik(1230) + "'");
  const auto result = check_scratch();
  REQUIRE(result.status == Status::kCrit);
  CHECK_THAT(result.summary, Catch::Contains("without a primary or unique key"));
}

TEST_CASE("consistency: five differing rows in one chunk are all reported, nothing else",
          "[consistency]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 2000);  // one chunk: the first is 5000 rows long
  scratch.catch_up();
  scratch.on_backup_only("UPDATE jaga_ctest.biodata SET alamat = NULL WHERE nik = '" + nik(10010) +
                         "'");
  scratch.on_backup_only("UPDATE jaga_ctest.biodata SET tgl_lhr = '2000-02-29' WHERE nik = '" +
                         nik(10020) + "'");
  scratch.on_backup_only("DELETE FROM jaga_ctest.biodata WHERE nik = '" + nik(10030) + "'");
  scratch.on_backup_only("INSERT INTO jaga_ctest.biodata VALUES ('" + nik(10035) +
                         "', 'Warga Siluman', '1990-01-01', NULL)");
  scratch.on_backup_only("UPDATE jaga_ctest.biodata SET nama = 'warga 1004' WHERE nik = '" +
                         nik(10040) + "'");
  config::Config config = ScratchSchema::config();
  config.consistency_check.chunk_time_target_seconds = 60;  // the first chunk holds them all
  const auto result = check_scratch(config);
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK(differences(result, "biodata") ==
        Differences{"different " + nik(10010), "different " + nik(10020), "different " + nik(10040),
                    "extra_on_backup " + nik(10035), "missing_on_backup " + nik(10030)});
  CHECK(table_evidence(result.evidence, "biodata").at("rechecked_chunks") ==
        1);  // all five in one chunk
}

TEST_CASE("consistency: a table with only a unique key is compared by that key", "[consistency]") {
  ScratchSchema scratch;
  scratch.on_primary(
      "CREATE TABLE jaga_ctest.pindah (id_surat INT NULL, nik CHAR(16) NOT NULL, "
      "tujuan VARCHAR(40) NOT NULL, UNIQUE KEY uk_nik (nik)) ENGINE=InnoDB");
  scratch.on_primary(
      "INSERT INTO jaga_ctest.pindah SELECT NULL, CONCAT('3322', LPAD(seq * 10, 12, '0')), "
      "'Semarang' FROM jaga_ctest.seq_1_to_300");
  scratch.catch_up();
  scratch.on_backup_only("UPDATE jaga_ctest.pindah SET tujuan = 'Kudus' WHERE nik = '" + nik(1230) +
                         "'");
  const auto result = check_scratch();
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK(table_evidence(result.evidence, "pindah").at("key") == "unique");
  CHECK(differences(result, "pindah") == Differences{"different " + nik(1230)});
}

TEST_CASE("consistency: 600 differing rows in one chunk are all reported", "[consistency]") {
  // More rows than one verification query asks for at a time.
  ScratchSchema scratch;
  create_people(scratch, "biodata", 2000);
  scratch.catch_up();
  scratch.on_backup_only("UPDATE jaga_ctest.biodata SET alamat = 'Pindah' WHERE nik <= '" +
                         nik(6000) + "'");
  const auto result = check_scratch();
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  Differences expected;
  for (int64_t n = 10; n <= 6000; n += 10) expected.push_back("different " + nik(n));
  CHECK(differences(result, "biodata") == expected);
}

}  // namespace jaga::test

namespace jaga::test {

TEST_CASE("consistency: a table dropped on the backup is CRIT naming the table", "[consistency]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 100);
  create_people(scratch, "keluarga", 100);
  scratch.catch_up();
  scratch.on_backup_only("DROP TABLE jaga_ctest.keluarga");
  const auto result = check_scratch();
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK_THAT(result.summary, Catch::Contains("table jaga_ctest.keluarga is missing on the backup"));
  CHECK(differences(result, "biodata").empty());
}

TEST_CASE("consistency: evidence printed by check carries masked keys only", "[consistency]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 100);
  scratch.catch_up();
  scratch.on_backup_only("DELETE FROM jaga_ctest.biodata WHERE nik = '" + nik(500) + "'");
  const auto result = check_scratch();
  CHECK(result.status == Status::kCrit);
  CHECK_THAT(result.evidence.dump(), !Catch::Contains(nik(500)));
  CHECK_THAT(result.evidence.dump(), Catch::Contains(masked_nik(500)));
  CHECK_THAT(result.personal.dump(), Catch::Contains(nik(500)));
}

// The engine waits for a busy primary through the Env: a primary busier than
// max_threads_running pauses the run one second at a time, and after max_pause_seconds the run
// gives up, UNKNOWN, never OK. With a fake Env the ten minutes of pauses take no time.
TEST_CASE("consistency: a busy primary pauses the run through the Env and gives up as UNKNOWN",
          "[integration][consistency][env]") {
  ScratchSchema scratch;
  create_people(scratch, "people", 20);
  scratch.catch_up();
  // A query that keeps one more thread running on the primary while the check looks.
  auto busy = Sandbox::get().admin(db::Role::kPrimary);
  const std::string busy_id = admin_sql(*busy, "SELECT CONNECTION_ID()").rows.at(0)[0].value();
  std::thread sleeper([&busy] { (void)busy->query("SELECT SLEEP(120)"); });
  auto admin = Sandbox::get().admin(db::Role::kPrimary);
  for (int i = 0; i < 100; ++i) {
    const auto seen = admin_sql(*admin,
                                "SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                                "WHERE INFO = 'SELECT SLEEP(120)'");
    if (seen.rows.at(0)[0].value_or("0") != "0") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  config::Config config = ScratchSchema::config();
  config.consistency_check.max_threads_running = 1;
  config.consistency_check.max_pause_seconds = 600;
  config.consistency_check.digest_where = "agent";
  db::Servers servers(config.primary, config.backup);
  SystemClock clock;
  testing::FakeEnv env(clock);
  checks::CheckContext context{config, servers, clock, nullptr, false, env};
  checks::ConsistencyCheck check;
  const auto started = std::chrono::steady_clock::now();
  const checks::CheckResult result = check.run(context);
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  admin_sql(*admin, "KILL " + busy_id);
  sleeper.join();
  std::string said = result.summary;
  for (const auto& f : result.findings) said += "\n" + f.message;
  INFO(said);
  CHECK(result.status == Status::kUnknown);
  CHECK_THAT(said, Catch::Contains("paused 600 s because the primary runs") &&
                       Catch::Contains("(limit 1)"));
  CHECK(env.slept() >= std::chrono::seconds(600));
  CHECK(took < 120);
}

}  // namespace jaga::test
