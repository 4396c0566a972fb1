// jaga restore-test when the restored data is not what the manifest promises: changed on the
// scratch server before digesting, or changed in a data file whose SHA-256 was "fixed" in the
// manifest (and the manifest signed again). Either way the table is named and the test is CRIT.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "backup/restore_test.h"
#include "core/sha256.h"
#include "tests/integration/backup_fixture.h"

namespace jaga::test {
namespace {

using Catch::Contains;
namespace fs = std::filesystem;

}  // namespace

TEST_CASE("a restore whose data differs from the manifest names the table",
          "[backup][restore][differs]") {
  BackupFixture f;
  const std::string path = f.take();
  backup::RestoreOptions options;
  options.before_digest = [](db::Connection& c) {
    auto r = c.execute(
        "UPDATE siak.data_keluarga SET alamat = CONCAT(COALESCE(alamat, ''), '.') ORDER BY no_kk "
        "LIMIT 1");
    REQUIRE(r.ok());
  };
  auto outcome = backup::restore_test(f.config(), path, options, system_env());
  REQUIRE(outcome.ok());
  CHECK(outcome->differing() == 1);
  for (const auto& t : outcome->tables) {
    CHECK(t.equal == (t.table != "siak.data_keluarga"));
  }
}

TEST_CASE("a data file edited with a matching SHA-256 is caught by the digests",
          "[backup][restore][differs]") {
  BackupFixture f;
  const std::string path = f.take();
  const std::string file = path + "/siak/ref_desa.tsv.zst";
  // Rename one village and compress again.
  const std::string cmd = "zstd -dc " + file + " | sed '1s/\\t[A-Z]*/\\tDIUBAH/' | zstd -q -3 -o " +
                          file + ".new && mv " + file + ".new " + file;
  REQUIRE(std::system(cmd.c_str()) == 0);
  nlohmann::json m = nlohmann::json::parse(read_file(path + "/manifest.json"));
  for (auto& entry : m["files"]) {
    if (entry["path"] == "siak/ref_desa.tsv.zst") {
      entry["size"] = fs::file_size(file);
      entry["sha256"] = *sha256_file(file);
    }
  }
  std::ofstream(path + "/manifest.json") << m.dump(1);
  // The signature would refuse this manifest before anything is loaded; re-signed, as someone
  // holding the agent's key could, the digests still catch the change.
  f.resign(path);

  const ProcessResult r = run_jaga({"--config", f.config_path(), "restore-test", path});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.out,
             Contains("DIFFERS  siak.ref_desa") && Contains("CRIT: table siak.ref_desa differs"));
  CHECK_THAT(r.out, Contains("equal    siak.biodata_wni"));
}

TEST_CASE("a mysqldump file restores and matches the live backup server",
          "[backup][restore][mysqldump]") {
  BackupFixture f;
  const std::string dump = f.dir().path() + "/siak.sql.gz";
  const std::string cmd = "mariadb-dump --no-defaults -S " + Sandbox::get().dir() +
                          "/backup/sock -uroot --single-transaction --gtid --master-data=2 "
                          "--databases siak | gzip -c > " +
                          dump;
  REQUIRE(std::system(cmd.c_str()) == 0);
  Sandbox::get().wait_for_catch_up();
  const ProcessResult r = run_jaga({"--config", f.config_path(), "restore-test", dump});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("equal    siak.data_keluarga") &&
                        Contains("equal to the live backup server"));

  const std::string plain = f.dir().path() + "/plain.sql";
  REQUIRE(std::system(("mariadb-dump --no-defaults -S " + Sandbox::get().dir() +
                       "/backup/sock -uroot --databases siak > " + plain)
                          .c_str()) == 0);
  const ProcessResult unproven = run_jaga({"--config", f.config_path(), "restore-test", plain});
  CHECK(unproven.exit_code == 1);
  CHECK_THAT(unproven.out, Contains("not proven: the dump records no GTID position"));
}

}  // namespace jaga::test
