// The exact digest (issue 13): drift that a linear or text-ordered digest missed, in both digest
// places, and the equality of jaga's and the server's digest on every column type.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "checks/consistency_check.h"
#include "consistency/digester.h"
#include "consistency/table_schema.h"
#include "tests/integration/consistency_scratch.h"

namespace jaga::test {
namespace {

using Differences = std::vector<std::string>;

// The check with digests by SQL and by jaga; both must give the same verdict and rows.
checks::CheckResult both_places() {
  checks::ConsistencyCheck check;
  config::Config by_sql = ScratchSchema::config();
  by_sql.consistency_check.digest_where = "server";
  config::Config by_jaga = ScratchSchema::config();
  by_jaga.consistency_check.digest_where = "agent";
  const auto sql = run_check(check, by_sql);
  const auto jaga = run_check(check, by_jaga);
  INFO("by SQL: " << sql.summary << "\nby jaga: " << jaga.summary);
  CHECK(sql.status == jaga.status);
  // The same rows compared and the same differences (chunk counts depend on timing).
  const auto tables = [](const checks::CheckResult& r) {
    std::vector<nlohmann::json> out;
    for (const auto& t : r.personal.value("tables", nlohmann::json::array())) {
      out.push_back({t.at("table"), t.at("rows"), t.at("differences")});
    }
    return out;
  };
  CHECK(tables(sql) == tables(jaga));
  return jaga;
}

int64_t rows_compared(const checks::CheckResult& r, const std::string& table) {
  return table_evidence(r.evidence, table).at("rows").get<int64_t>();
}

}  // namespace

TEST_CASE("consistency: the same change on two rows of one chunk does not cancel",
          "[consistency][exact]") {
  ScratchSchema scratch;
  scratch.on_primary("CREATE TABLE jaga_ctest.c8b (id INT PRIMARY KEY, v CHAR(4) NOT NULL)");
  scratch.on_primary("INSERT INTO jaga_ctest.c8b SELECT seq, 'AAAA' FROM jaga_ctest.seq_1_to_2000");
  scratch.catch_up();
  scratch.on_backup_only("UPDATE jaga_ctest.c8b SET v = 'ZZZZ' WHERE id IN (500, 1000)");
  const auto r = both_places();
  INFO(r.summary);
  CHECK(r.status == Status::kCrit);
  CHECK(differences(r, "c8b") == Differences{"different 1000", "different 500"});
}

TEST_CASE("consistency: values swapped between two rows are both different",
          "[consistency][exact]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 300);
  scratch.catch_up();
  scratch.on_backup_only("UPDATE jaga_ctest.biodata a JOIN jaga_ctest.biodata b ON a.nik = '" +
                         nik(10) + "' AND b.nik = '" + nik(20) +
                         "' SET a.nama = b.nama, b.nama = a.nama");
  const auto r = both_places();
  INFO(r.summary);
  CHECK(r.status == Status::kCrit);
  CHECK(differences(r, "biodata") == Differences{"different " + nik(10), "different " + nik(20)});
}

TEST_CASE("consistency: two identical changes in a keyless table do not cancel",
          "[consistency][exact]") {
  ScratchSchema scratch;
  scratch.on_primary("CREATE TABLE jaga_ctest.catatan (v INT NOT NULL, w CHAR(1) NOT NULL)");
  scratch.on_primary(
      "INSERT INTO jaga_ctest.catatan SELECT seq % 2, 'a' FROM jaga_ctest.seq_1_to_4");
  scratch.catch_up();
  // (0,a) (1,a) (0,a) (1,a) on the primary; the two 1s become 0s on the backup: the multiset
  // changes while a XOR of the row digests would not.
  scratch.on_backup_only("UPDATE jaga_ctest.catatan SET v = 0");
  const auto r = both_places();
  INFO(r.summary);
  CHECK(r.status == Status::kCrit);
  CHECK(differences(r, "catatan").size() == 2);  // the 1-rows missing, the 0-rows extra
}

TEST_CASE("consistency: an ENUM key is chunked in its own order, every row compared",
          "[consistency][exact]") {
  ScratchSchema scratch;
  scratch.on_primary(
      "CREATE TABLE jaga_ctest.e (st ENUM('z','a') NOT NULL, id INT NOT NULL, v INT NOT NULL, "
      "PRIMARY KEY (st, id))");
  scratch.on_primary(
      "INSERT INTO jaga_ctest.e SELECT IF(seq % 2, 'z', 'a'), seq, seq FROM "
      "jaga_ctest.seq_1_to_6000");
  scratch.catch_up();
  scratch.on_backup_only("UPDATE jaga_ctest.e SET v = 0 WHERE st = 'a' AND id = 5000");
  const auto r = both_places();
  INFO(r.summary);
  CHECK(r.status == Status::kCrit);
  CHECK(rows_compared(r, "e") == 6000);
  CHECK(differences(r, "e") == Differences{"different 2|5000"});  // ENUM keys by their number
}

TEST_CASE("consistency: keys of every orderable type are chunked without losing a row",
          "[consistency][exact]") {
  // Each table has 3000 rows, so it spans several chunks; the row with n = 1234 differs.
  const std::vector<std::pair<std::string, std::string>> keys = {
      {"BIGINT UNSIGNED", "18446744073709548000 + seq"},
      {"DECIMAL(20,3)", "seq / 1000 - 1"},
      {"BIT(16)", "seq"},
      {"SET('a','b','c','d','e','f','g','h','i','j','k','l')", "seq"},
      {"DATETIME(6)", "'2026-01-01' + INTERVAL seq MICROSECOND"},
      {"TIME", "SEC_TO_TIME(CAST(seq AS SIGNED) * 7 - 10000)"},
      {"VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_general_ci",
       "CONCAT(IF(seq % 2, 'a', 'B'), seq)"},
      {"VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
       "CONCAT(ELT(seq % 3 + 1, 'é', 'E', 'z'), seq)"},
      {"VARBINARY(8)", "UNHEX(LPAD(HEX(seq * 251), 6, '0'))"},
      {"DATE", "'2000-01-01' + INTERVAL seq DAY"},
  };
  for (const auto& [type, value] : keys) {
    INFO(type);
    ScratchSchema scratch;
    scratch.on_primary("CREATE TABLE jaga_ctest.k (k " + type +
                       " NOT NULL, n INT NOT NULL, PRIMARY KEY (k DESC))");
    scratch.on_primary("INSERT INTO jaga_ctest.k SELECT " + value +
                       ", seq FROM jaga_ctest.seq_1_to_3000");
    scratch.catch_up();
    scratch.on_backup_only("UPDATE jaga_ctest.k SET n = -1 WHERE n = 1234");
    const auto r = both_places();
    INFO(r.summary);
    CHECK(r.status == Status::kCrit);
    CHECK(rows_compared(r, "k") == 3000);
    CHECK(table_evidence(r.personal, "k").at("differences").size() == 1);
  }
}

TEST_CASE("consistency: a row that differs every round is kept although its kind changes",
          "[consistency][exact]") {
  // The backup's key collation is changed: the rows of a chunk are listed in another order and
  // 'b'/'B' keys may show as missing + extra in one round and as different in the next.
  ScratchSchema scratch;
  scratch.on_primary(
      "CREATE TABLE jaga_ctest.kol (k VARCHAR(10) CHARACTER SET utf8mb4 COLLATE "
      "utf8mb4_general_ci NOT NULL PRIMARY KEY, v INT NOT NULL)");
  scratch.on_primary(
      "INSERT INTO jaga_ctest.kol SELECT CONCAT(IF(seq % 2, 'b', 'A'), seq), seq FROM "
      "jaga_ctest.seq_1_to_2000");
  scratch.catch_up();
  scratch.on_backup_only(
      "ALTER TABLE jaga_ctest.kol MODIFY k VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin "
      "NOT NULL");
  scratch.on_backup_only("UPDATE jaga_ctest.kol SET v = -1 WHERE k = 'b1001'");
  const auto r = both_places();
  INFO(r.summary);
  CHECK(r.status == Status::kCrit);
  CHECK_THAT(r.summary, !Catch::Contains("differed only while replication caught up"));
  CHECK(differences(r, "kol") == Differences{"different b1001"});
}

TEST_CASE("consistency: jaga's digest equals the server's on every column type",
          "[consistency][exact]") {
  ScratchSchema scratch;
  scratch.on_primary(
      "CREATE TABLE jaga_ctest.jenis (id INT PRIMARY KEY, ti TINYINT, bi BIGINT UNSIGNED, "
      "de DECIMAL(30,10), fl FLOAT, do DOUBLE, bt BIT(10), ye YEAR, da DATE, dt DATETIME(6), "
      "ts TIMESTAMP(3) NULL, tm TIME(2), ch CHAR(5), vc VARCHAR(50), l1 VARCHAR(20) CHARACTER "
      "SET latin1, tx TEXT, bl BLOB, vb VARBINARY(20), js JSON, en ENUM('x','y'), st SET('p','q'), "
      "i6 INET6, uu UUID, gm POINT NULL)");
  scratch.on_primary(
      "INSERT INTO jaga_ctest.jenis VALUES "
      "(1, -128, 18446744073709551615, -12345678901234567890.0123456789, 1.0000001, 0.1 + 0.2, "
      "b'1010101010', 2026, '2026-12-06', '2026-12-06 01:02:03.000004', '2026-12-06 01:02:03.5', "
      "'-838:59:59.99', 'ab  ', 'Śrī 🙂', _latin1 X'E9', REPEAT('x', 3000), UNHEX('00FF00'), "
      "X'', '{\"a\": [1, null]}', 'y', 'p,q', '::1', '123e4567-e89b-12d3-a456-426655440000', "
      "POINT(1, 2)), "
      "(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '', '', '', '', '', "
      "NULL, NULL, NULL, '', NULL, NULL, NULL), "
      "(3, 0, 0, 0, 1e-38, 1e308, b'0', 1901, '1000-01-01', '1000-01-01 00:00:00', NULL, "
      "'00:00:00', 'NULL', 'NULL', NULL, NULL, NULL, 'V0000000000', 'null', 'x', 'q', '::', "
      "'00000000-0000-0000-0000-000000000000', NULL)");
  scratch.catch_up();
  auto tables = consistency::load_tables(scratch.primary(), {"jaga_ctest"}, {"jenis"});
  REQUIRE(tables);
  REQUIRE(tables->size() == 1);
  const auto& t = tables->front();
  auto agent = consistency::make_agent_digester();
  auto server = consistency::make_server_digester();
  REQUIRE(scratch.primary().execute("SET SESSION time_zone = '+00:00'"));
  auto by_agent = agent->chunk(scratch.primary(), t, std::nullopt, std::nullopt, 0, nullptr);
  auto by_server = server->chunk(scratch.primary(), t, std::nullopt, std::nullopt, 0, nullptr);
  REQUIRE(by_agent);
  REQUIRE(by_server);
  CHECK(by_agent->rows == 3);
  CHECK(by_agent->value == by_server->value);
  // Row by row too: each row's MD5 is the same on both paths.
  auto rows_agent = agent->rows(scratch.primary(), t, std::nullopt, std::nullopt);
  auto rows_server = server->rows(scratch.primary(), t, std::nullopt, std::nullopt);
  REQUIRE(rows_agent);
  REQUIRE(rows_server);
  REQUIRE(rows_agent->rows.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    INFO("row " << i);
    CHECK(rows_agent->rows[i] == rows_server->rows[i]);
  }
}

}  // namespace jaga::test
