// Issue 14, item 2: what `check backups` and `restore-test` make of a backup changed after it was
// taken. restore-test verifies every file's SHA-256 (DDL included) and the manifest's signature
// before it loads anything; both commands report stray files, refuse an oversized manifest
// naming it, and detect a manifest changed after signing (a GTID, a digest, a file list).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "backup/manifest.h"
#include "core/sha256.h"
#include "tests/integration/backup_fixture.h"

namespace jaga::test {
namespace {

using Catch::Contains;
namespace fs = std::filesystem;

void write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  REQUIRE(out.good());
}

// `jaga check backups` and `jaga restore-test latest` on the fixture's backups.
struct Verdicts {
  ProcessResult check;
  ProcessResult restore;
};

Verdicts both(const BackupFixture& f) {
  Verdicts v{run_jaga({"--config", f.config_path(), "check", "backups"}),
             run_jaga({"--config", f.config_path(), "restore-test", "latest"})};
  return v;
}

// Replaces the DDL file's engine (same length, so its size still matches).
std::string engine_to_myisam(const std::string& backup) {
  const std::string ddl = backup + "/siak/ref_desa.sql";
  write(ddl, replace_all(read_file(ddl), "ENGINE=InnoDB", "ENGINE=MyISAM"));
  return ddl;
}

}  // namespace

TEST_CASE("restore-test refuses a DDL file edited to ENGINE=MyISAM before loading anything",
          "[backup][tamper][issue14]") {
  BackupFixture f;
  engine_to_myisam(f.take());
  const Verdicts v = both(f);
  INFO(v.check.out << v.restore.out << v.restore.err);
  CHECK(v.check.exit_code == 2);
  CHECK_THAT(v.check.out, Contains("siak/ref_desa.sql"));
  CHECK(v.restore.exit_code == 2);
  CHECK_THAT(v.restore.err, Contains("siak/ref_desa.sql") && Contains("SHA-256") &&
                                Contains("nothing was loaded"));
}

TEST_CASE("a DDL file edited together with its SHA-256 in the manifest is caught by the signature",
          "[backup][tamper][issue14]") {
  BackupFixture f;
  const std::string path = f.take();
  const std::string ddl = engine_to_myisam(path);
  const std::string manifest = path + "/manifest.json";
  auto m = backup::read_manifest(path);
  REQUIRE(m.ok());
  const backup::ManifestFile* entry = m->file("siak/ref_desa.sql");
  REQUIRE(entry != nullptr);
  auto sha = sha256_file(ddl);
  REQUIRE(sha.ok());
  write(manifest, replace_all(read_file(manifest), entry->sha256, *sha));
  const Verdicts v = both(f);
  INFO(v.check.out << v.restore.out << v.restore.err);
  CHECK(v.check.exit_code == 2);
  CHECK_THAT(v.check.out, Contains("manifest.json") && Contains("changed after it was signed"));
  CHECK(v.restore.exit_code == 2);
  CHECK_THAT(v.restore.err, Contains("changed after it was signed"));
}

TEST_CASE("a GTID changed in the manifest is CRIT and refused by restore-test",
          "[backup][tamper][issue14]") {
  BackupFixture f;
  const std::string path = f.take();
  auto m = backup::read_manifest(path);
  REQUIRE(m.ok());
  REQUIRE_FALSE(m->gtid_position.empty());
  const std::string manifest = path + "/manifest.json";
  write(manifest, replace_all(read_file(manifest), "\"" + m->gtid_position + "\"", "\"0-1-1\""));
  const Verdicts v = both(f);
  INFO(v.check.out << v.restore.out << v.restore.err);
  CHECK(v.check.exit_code == 2);
  CHECK_THAT(v.check.out, Contains("changed after it was signed"));
  CHECK(v.restore.exit_code == 2);
}

TEST_CASE("a manifest signed by a certificate that is neither this agent's nor pinned is CRIT",
          "[backup][tamper][issue14]") {
  BackupFixture f;
  const std::string path = f.take();
  // The agent's own signature verifies with openssl alone.
  const std::string verify = "openssl cms -verify -binary -inform DER -in " + path +
                             "/manifest.json.p7s -content " + path + "/manifest.json -CAfile " +
                             f.pki()->path("ca.crt") + " -purpose any -out /dev/null 2>/dev/null";
  CHECK(std::system(verify.c_str()) == 0);
  // Another certificate of the same CA re-signs a changed manifest.
  f.pki()->issue("intruder", "jaga-intruder");
  const std::string manifest = path + "/manifest.json";
  write(manifest, replace_all(read_file(manifest), "\"gtid_position\"", "\"gtid_position\" "));
  const std::string sign = "openssl cms -sign -binary -outform DER -in " + manifest + " -signer " +
                           f.pki()->path("intruder.crt") + " -inkey " +
                           f.pki()->path("intruder.key") + " -out " + manifest + ".p7s";
  REQUIRE(std::system(sign.c_str()) == 0);
  const Verdicts v = both(f);
  INFO(v.check.out << v.restore.out << v.restore.err);
  CHECK(v.check.exit_code == 2);
  CHECK_THAT(v.check.out, Contains("jaga-intruder") && Contains("not pinned"));
  CHECK(v.restore.exit_code == 2);
}

TEST_CASE("a stray file in a backup is reported by both commands, naming it",
          "[backup][tamper][issue14]") {
  BackupFixture f;
  const std::string path = f.take();
  write(path + "/siak/extra.sql", "DROP DATABASE siak;\n");
  const Verdicts v = both(f);
  INFO(v.check.out << v.restore.out << v.restore.err);
  CHECK(v.check.exit_code == 1);
  CHECK_THAT(v.check.out, Contains("siak/extra.sql") && Contains("not listed in the manifest"));
  CHECK(v.restore.exit_code == 1);
  CHECK_THAT(v.restore.out, Contains("siak/extra.sql"));
}

TEST_CASE("a 100 MB manifest is refused by both commands, naming the file",
          "[backup][tamper][issue14]") {
  BackupFixture f;
  const std::string path = f.take();
  const std::string manifest = path + "/manifest.json";
  std::string text = read_file(manifest);
  text.insert(text.find('{') + 1, "\"padding\": \"" + std::string(100 << 20, 'x') + "\", ");
  write(manifest, text);
  const Verdicts v = both(f);
  INFO(v.check.out << v.restore.err);
  CHECK(v.check.exit_code == 2);
  CHECK_THAT(v.check.out, Contains(manifest) && Contains("bytes"));
  CHECK(v.restore.exit_code == 2);
  CHECK_THAT(v.restore.err, Contains(manifest));
}

TEST_CASE("a manifest that is not signed is WARN \"manifest not signed\" when no agent key is set",
          "[backup][tamper][issue14]") {
  BackupFixture f(BackupFixture::Options{false, ""});
  const std::string path = f.take();
  CHECK_FALSE(fs::exists(path + "/manifest.json.p7s"));
  const Verdicts v = both(f);
  INFO(v.check.out << v.restore.out << v.restore.err);
  CHECK(v.check.exit_code == 1);
  CHECK_THAT(v.check.out, Contains("manifest not signed"));
  CHECK(v.restore.exit_code == 1);
  CHECK_THAT(v.restore.out, Contains("manifest not signed"));
}

}  // namespace jaga::test
