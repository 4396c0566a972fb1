// jaga backup -> restore-test for column types whose text form is easy to get wrong (BIT, spatial,
// binary with zero bytes, ENUM/SET, DECIMAL, YEAR, fractional TIME, JSON, 4-byte utf8mb4, FLOAT
// digits beyond the sixth), for a table without a key holding duplicate rows, for a manifest of
// an earlier build (SQL CRC32 digests), and restore-test into a configured scratch server
// (backup.scratch_server) that must keep its own schemas untouched and end with none of the
// restore's.
#include <catch2/catch.hpp>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

#include "backup/manifest.h"
#include "backup/restore_test.h"
#include "backup/scratch_server.h"
#include "consistency/digest_sql.h"
#include "consistency/table_schema.h"
#include "tests/integration/backup_fixture.h"

namespace jaga::test {
namespace {

constexpr const char* kTypesSchema = "jaga_test_types";

// A schema on the primary with one row per awkward value, readable by the jaga account, dropped
// again at the end.
class TypesSchema {
 public:
  TypesSchema() {
    auto c = Sandbox::get().admin(db::Role::kPrimary);
    run(*c, std::string("DROP DATABASE IF EXISTS ") + kTypesSchema);
    run(*c, std::string("CREATE DATABASE ") + kTypesSchema + " CHARACTER SET utf8mb4");
    run(*c, std::string("CREATE TABLE ") + kTypesSchema +
                ".awkward (id INT PRIMARY KEY, b BIT(10), b1 BIT(1), bin BINARY(4), vb "
                "VARBINARY(16), e ENUM('laki-laki','perempuan'), s SET('a','b','c'), d "
                "DECIMAL(20,6), y YEAR, t TIME(6), j JSON, u VARCHAR(20) CHARACTER SET utf8mb4, g "
                "GEOMETRY, p POINT, dt DATETIME(6), f DOUBLE, bl BLOB, tx TEXT, fl FLOAT) "
                "ENGINE=InnoDB");
    run(*c, std::string("INSERT INTO ") + kTypesSchema +
                ".awkward VALUES "
                "(1, b'1010101010', b'1', x'00000000', x'00ff000a095c', 'perempuan', 'a,c', "
                "-12345678901234.123456, 2024, '-838:59:59.000001', '{\"nik\": \"3322\", \"a\": "
                "[1, null]}', 'K\xF0\x9F\x98\x80tut \xF0\x9F\x8F\xA0', ST_GeomFromText('POLYGON((0 "
                "0,1 0,1 1,0 0))'), POINT(110.42, -7.05), '2026-11-27 01:02:03.456789', -1.5e-300, "
                "x'000a0d095c4e00', 'tab\\there\\nnewline \\\\N backslash', 1.2345678), "
                "(2, b'0', b'0', x'0a0d0900', x'', 'laki-laki', '', 0.000001, 1901, "
                "'00:00:00.5', '[]', '', ST_GeomFromText('LINESTRING(0 0,3 4)'), POINT(0, 0), "
                "'1000-01-01 00:00:00', 0, x'', '', -3.4028234e38), "
                "(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                "NULL, NULL, NULL, '\\\\N', 1.4e-45)");
    // No key, and two equal rows: both must be restored, and both count in the digest.
    run(*c, std::string("CREATE TABLE ") + kTypesSchema + ".no_key (x INT, s VARCHAR(8))");
    run(*c, std::string("INSERT INTO ") + kTypesSchema +
                ".no_key VALUES (1, 'sama'), (1, 'sama'), (2, NULL)");
    for (const char* host : {"127.0.0.1", "localhost"}) {
      run(*c, std::string("GRANT SELECT ON ") + kTypesSchema + ".* TO 'jaga'@'" + host + "'");
    }
    Sandbox::get().wait_for_catch_up();
  }
  ~TypesSchema() {
    auto c = Sandbox::get().admin(db::Role::kPrimary);
    (void)c->execute(std::string("DROP DATABASE IF EXISTS ") + kTypesSchema);
    for (const char* host : {"127.0.0.1", "localhost"}) {
      (void)c->execute(std::string("REVOKE ALL PRIVILEGES ON ") + kTypesSchema +
                       ".* FROM 'jaga'@'" + host + "'");
    }
  }
  TypesSchema(const TypesSchema&) = delete;
  TypesSchema& operator=(const TypesSchema&) = delete;

 private:
  static void run(db::Connection& c, const std::string& sql) {
    auto r = c.execute(sql);
    INFO(sql);
    REQUIRE(r.ok());
  }
};

std::string take_schema(const BackupFixture& f, const std::string& schema) {
  const ProcessResult r = run_jaga({"--config", f.config_path(), "backup", "--schema", schema});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const auto all = backup::list_backups(f.backups());
  REQUIRE_FALSE(all.empty());
  return all.back().path;
}

std::vector<std::string> schemas_like(db::Connection& c, const std::string& pattern) {
  auto r = c.query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE " +
                   c.quote(pattern) + " ORDER BY 1");
  REQUIRE(r.ok());
  std::vector<std::string> out;
  for (const auto& row : r->rows) out.push_back(row[0].value_or(""));
  return out;
}

}  // namespace

const backup::TableComparison& table_named(const backup::RestoreTestOutcome& outcome,
                                           const std::string& name) {
  for (const auto& t : outcome.tables) {
    if (t.table == std::string(kTypesSchema) + "." + name) return t;
  }
  FAIL("no table " << name << " in the restore-test's outcome");
  throw std::logic_error("unreachable");
}

TEST_CASE("awkward column types survive backup and restore with equal digests",
          "[backup][restore][types]") {
  TypesSchema types;
  BackupFixture f;
  const std::string path = take_schema(f, kTypesSchema);
  auto manifest = backup::read_manifest(path);
  REQUIRE(manifest.ok());
  CHECK(manifest->digest == "xxh3-64");

  SECTION("every value comes back, and both equal rows of the table without a key") {
    auto outcome = backup::restore_test(f.config(), path, {}, system_env());
    REQUIRE(outcome.ok());
    REQUIRE(outcome->tables.size() == 2);
    for (const auto& t : outcome->tables) {
      INFO(t.table << ": " << t.detail);
      CHECK(t.equal);
    }
    CHECK(table_named(*outcome, "awkward").rows_found == 3);
    CHECK(table_named(*outcome, "no_key").rows_found == 3);
  }
  SECTION("one of two equal rows lost in the restore is a difference") {
    backup::RestoreOptions options;
    options.before_digest = [](db::Connection& c) {
      REQUIRE(c.execute(std::string("DELETE FROM ") + kTypesSchema + ".no_key WHERE x = 1 LIMIT 1")
                  .ok());
    };
    auto outcome = backup::restore_test(f.config(), path, options, system_env());
    REQUIRE(outcome.ok());
    CHECK(table_named(*outcome, "awkward").equal);
    CHECK_FALSE(table_named(*outcome, "no_key").equal);
  }
  SECTION("a FLOAT changed in its seventh digit is a difference") {
    backup::RestoreOptions options;
    options.before_digest = [](db::Connection& c) {
      REQUIRE(c.execute(std::string("UPDATE ") + kTypesSchema +
                        ".awkward SET fl = 1.2345679 WHERE id = 1")
                  .ok());
    };
    auto outcome = backup::restore_test(f.config(), path, options, system_env());
    REQUIRE(outcome.ok());
    CHECK_FALSE(table_named(*outcome, "awkward").equal);
    CHECK(table_named(*outcome, "no_key").equal);
  }
}

TEST_CASE("a backup whose manifest has SQL CRC32 digests (earlier builds) is still proven",
          "[backup][restore][types]") {
  TypesSchema types;
  BackupFixture f;
  const std::string path = take_schema(f, kTypesSchema);
  // Rewrite the manifest as an earlier build wrote it: every part's digest by SQL on the
  // primary, whose data has not changed since the backup.
  auto m = backup::read_manifest(path);
  REQUIRE(m.ok());
  auto c = Sandbox::get().admin(db::Role::kPrimary);
  REQUIRE(c->execute("SET SESSION time_zone = '+00:00'").ok());
  auto tables = consistency::load_tables(*c, {kTypesSchema}, {});
  REQUIRE(tables.ok());
  const consistency::Quote quote = [&c](std::string_view v) { return c->quote(v); };
  for (auto& t : m->tables) {
    const consistency::TableSchema* schema = nullptr;
    for (const auto& s : *tables) {
      if (s.name == t.name) schema = &s;
    }
    REQUIRE(schema != nullptr);
    for (auto& p : t.parts) {
      auto r = c->query(consistency::crc32_chunk_digest_sql(*schema, p.lo, p.hi, quote));
      REQUIRE(r.ok());
      p.digest = r->rows.at(0).at(1).value_or("");
    }
  }
  m->digest = "crc32";
  auto write = [&path, &f](const backup::Manifest& manifest) {
    {
      std::ofstream out(path + "/manifest.json", std::ios::trunc);
      out << backup::to_json(manifest).dump(2);
    }
    f.resign(path);  // the test stands in for the build that wrote it, and signs it
  };
  write(*m);

  auto outcome = backup::restore_test(f.config(), path, {}, system_env());
  REQUIRE(outcome.ok());
  for (const auto& t : outcome->tables) {
    INFO(t.table << ": " << t.detail);
    CHECK(t.equal);
  }

  m->tables.at(0).parts.at(0).digest = "1";
  write(*m);
  outcome = backup::restore_test(f.config(), path, {}, system_env());
  REQUIRE(outcome.ok());
  CHECK(outcome->differing() == 1);
}

TEST_CASE("a configured scratch server gets the restore in schemas of its own and keeps nothing",
          "[backup][restore][scratch]") {
  BackupFixture f;
  const std::string path = f.take();
  // Another throw-away server stands in for the office's scratch server. It already holds a
  // schema called siak, which the restore must neither use nor touch.
  auto server = backup::ScratchServer::start(f.config().backups, system_env());
  REQUIRE(server.ok());
  {
    auto c = (*server)->connect();
    REQUIRE(c.ok());
    REQUIRE((*c)->execute("CREATE DATABASE siak").ok());
    REQUIRE((*c)->execute("CREATE TABLE siak.punya_orang_lain (x INT)").ok());
  }
  config::Config config = f.config();
  config.backups.scratch_server.role = "backup.scratch_server";
  config.backups.scratch_server.socket = (*server)->dir() + "/sock";
  config.backups.scratch_server.user = "root";
  config.backups.scratch_server.tls_mode = config::TlsMode::kDisabled;
  config.backups.scratch_server.read_timeout_seconds = 600;

  SECTION("equal digests, and only its own schemas, dropped afterwards") {
    auto outcome = backup::restore_test(config, path, {}, system_env());
    REQUIRE(outcome.ok());
    CHECK(outcome->differing() == 0);
    CHECK(outcome->tables.size() == 3);
  }
  SECTION("a difference is still found, and the schemas are still dropped") {
    backup::RestoreOptions options;
    options.before_digest = [](db::Connection& c) {
      auto names = schemas_like(c, "jaga\\_restore\\_%\\_siak");
      REQUIRE(names.size() == 1);
      REQUIRE(c.execute("DELETE FROM " + names[0] + ".ref_desa LIMIT 1").ok());
    };
    auto outcome = backup::restore_test(config, path, options, system_env());
    REQUIRE(outcome.ok());
    CHECK(outcome->differing() == 1);
  }
  SECTION("a restore schema that already exists is refused and left as it was") {
    {
      auto c = (*server)->connect();
      REQUIRE(c.ok());
      REQUIRE((*c)->execute("CREATE DATABASE jaga_restore_0badcafe_siak").ok());
      REQUIRE((*c)->execute("CREATE TABLE jaga_restore_0badcafe_siak.ref_desa (x INT)").ok());
      REQUIRE((*c)->execute("INSERT INTO jaga_restore_0badcafe_siak.ref_desa VALUES (7)").ok());
    }
    backup::RestoreOptions options;
    options.schema_tag = [] { return std::string("0badcafe"); };
    auto outcome = backup::restore_test(config, path, options, system_env());
    REQUIRE_FALSE(outcome.ok());
    CHECK_THAT(outcome.error().message,
               Catch::Contains("schema jaga_restore_0badcafe_siak already exists on the scratch "
                               "server") &&
                   Catch::Contains("does not touch it"));
    auto c = (*server)->connect();
    REQUIRE(c.ok());
    // Neither dropped nor loaded into: the one table and its one row are as they were.
    auto tables = (*c)->query(
        "SELECT GROUP_CONCAT(TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
        "'jaga_restore_0badcafe_siak'");
    REQUIRE(tables.ok());
    CHECK(tables->rows.at(0)[0].value_or("") == "ref_desa");
    auto rows = (*c)->query("SELECT GROUP_CONCAT(x) FROM jaga_restore_0badcafe_siak.ref_desa");
    REQUIRE(rows.ok());
    CHECK(rows->rows.at(0)[0].value_or("") == "7");
    REQUIRE((*c)->execute("DROP DATABASE jaga_restore_0badcafe_siak").ok());
  }
  SECTION("a mysqldump file is refused: its statements name their schemas") {
    const std::string dump = f.dir().write("siak.sql", "-- MariaDB dump\n");
    auto outcome = backup::restore_test(config, dump, {}, system_env());
    REQUIRE_FALSE(outcome.ok());
    CHECK_THAT(outcome.error().message, Catch::Contains("not into the configured "
                                                        "backup.scratch_server"));
  }
  auto c = (*server)->connect();
  REQUIRE(c.ok());
  CHECK(schemas_like(**c, "jaga\\_restore%").empty());
  auto kept = (*c)->query(
      "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
      "'siak'");
  REQUIRE(kept.ok());
  CHECK(kept->rows.at(0)[0].value_or("") == "1");
}

TEST_CASE("an unreachable configured scratch server is a clear error naming it",
          "[backup][restore][scratch]") {
  BackupFixture f;
  const std::string path = f.take();
  config::Config config = f.config();
  config.backups.scratch_server.role = "backup.scratch_server";
  config.backups.scratch_server.socket = f.dir().path() + "/no-server.sock";
  config.backups.scratch_server.user = "root";
  auto outcome = backup::restore_test(config, path, {}, system_env());
  REQUIRE_FALSE(outcome.ok());
  CHECK_THAT(outcome.error().message,
             Catch::Contains("cannot reach the scratch server (backup.scratch_server)") &&
                 Catch::Contains("no-server.sock"));
}

}  // namespace jaga::test
