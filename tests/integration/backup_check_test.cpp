// jaga check backups on real backups: damaged, truncated, missing and stale files, mysqldump files
// with and without their completion marker, and the off-host copy.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "checks/backups_check.h"
#include "tests/integration/backup_fixture.h"

namespace jaga::test {
namespace {

using Catch::Contains;
namespace fs = std::filesystem;

class FixedClock final : public Clock {
 public:
  explicit FixedClock(TimePoint now) : now_(now) {}
  TimePoint now() const override { return now_; }

 private:
  TimePoint now_;
};

checks::CheckResult check_backups(const config::Config& config,
                                  TimePoint now = std::chrono::system_clock::now()) {
  db::Servers servers(config.primary, config.backup);
  FixedClock clock(now);
  SystemEnv env;
  checks::CheckContext context{config, servers, clock, nullptr, false, env};
  checks::BackupsCheck check;
  return check.run(context);
}

std::string messages(const checks::CheckResult& r) {
  std::string out = r.summary;
  for (const auto& f : r.findings) out += "\n" + f.message;
  return out;
}

void flip_byte(const std::string& path, std::streamoff at) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  REQUIRE(f.good());
  f.seekg(at);
  char c = 0;
  f.get(c);
  f.seekp(at);
  f.put(static_cast<char>(c ^ 0x20));
  REQUIRE(f.good());
}

std::string mysqldump(const std::string& path) {
  const std::string cmd = "mariadb-dump --no-defaults -S " + Sandbox::get().dir() +
                          "/backup/sock -uroot --single-transaction --gtid --master-data=2 "
                          "--databases siak > " +
                          path;
  REQUIRE(std::system(cmd.c_str()) == 0);
  return path;
}

}  // namespace

TEST_CASE("a fresh intact jaga backup is OK and its age is measured", "[backup][check]") {
  BackupFixture f;
  f.take();
  const auto r = check_backups(f.config());
  INFO(messages(r));
  CHECK(r.status == Status::kOk);
  REQUIRE_FALSE(r.metrics.empty());
  CHECK(r.metrics[0].name == "newest_backup_age_seconds");
  CHECK(r.metrics[0].value < 120);
}

TEST_CASE("one flipped byte in a compressed file is CRIT naming the file", "[backup][check]") {
  BackupFixture f;
  const std::string path = f.take();
  flip_byte(path + "/siak/data_keluarga.tsv.zst", 5000);
  const auto r = check_backups(f.config());
  CHECK(r.status == Status::kCrit);
  CHECK_THAT(messages(r), Contains("siak/data_keluarga.tsv.zst"));
}

TEST_CASE("a truncated file is CRIT", "[backup][check]") {
  BackupFixture f;
  const std::string path = f.take();
  fs::resize_file(path + "/siak/biodata_wni.tsv.zst", 1000);
  const auto r = check_backups(f.config());
  CHECK(r.status == Status::kCrit);
  CHECK_THAT(messages(r),
             Contains("siak/biodata_wni.tsv.zst has 1000 bytes") && Contains("truncated"));
}

TEST_CASE("a deleted table file is CRIT naming the table", "[backup][check]") {
  BackupFixture f;
  const std::string path = f.take();
  fs::remove(path + "/siak/ref_desa.tsv.zst");
  const auto r = check_backups(f.config());
  CHECK(r.status == Status::kCrit);
  CHECK_THAT(messages(r), Contains("table siak.ref_desa: siak/ref_desa.tsv.zst is missing"));
}

TEST_CASE("a broken manifest is CRIT with the parser's reason", "[backup][check]") {
  BackupFixture f;
  const std::string path = f.take();
  std::ofstream(path + "/manifest.json") << "{\"format\": \"jaga-backup\"";
  const auto r = check_backups(f.config());
  CHECK(r.status == Status::kCrit);
  CHECK_THAT(messages(r), Contains("manifest.json is not valid JSON"));
}

TEST_CASE("a stale newest backup is WARN, then CRIT, by the RPO", "[backup][check]") {
  BackupFixture f;
  const std::string path = f.take();
  const auto now = std::chrono::system_clock::now();
  using std::chrono::hours;
  CHECK(check_backups(f.config(), now + hours(25)).status == Status::kOk);
  auto warn = check_backups(f.config(), now + hours(30));
  CHECK(warn.status == Status::kWarn);
  CHECK_THAT(messages(warn), Contains("RPO warn 26 h"));
  CHECK(check_backups(f.config(), now + hours(51)).status == Status::kCrit);
  // The same from the file times, with the real clock.
  age_file(path + "/manifest.json", std::chrono::hours(60));
  CHECK(check_backups(f.config()).status == Status::kCrit);
}

TEST_CASE("a mysqldump without its completion marker is CRIT", "[backup][check][mysqldump]") {
  BackupFixture f;
  const std::string dumps = f.dir().path() + "/dumps";
  fs::create_directories(dumps);
  config::Config config = f.config();
  config::BackupSetConfig set;
  set.name = "nightly";
  set.dir = dumps;
  set.format = "mysqldump";
  config.backups.sets = {set};

  const std::string good = mysqldump(dumps + "/siak-1.sql");
  REQUIRE(std::system(("zstd -q -3 " + good + " -o " + good + ".zst && rm " + good).c_str()) == 0);
  age_file(good + ".zst", std::chrono::hours(2));
  auto r = check_backups(config);
  INFO(messages(r));
  CHECK(r.status == Status::kOk);

  const std::string cut = dumps + "/siak-2.sql.gz";
  REQUIRE(std::system(("zstd -dc " + good + ".zst | head -n -3 | gzip -c > " + cut).c_str()) == 0);
  r = check_backups(config);
  CHECK(r.status == Status::kCrit);
  CHECK_THAT(messages(r), Contains("siak-2.sql.gz does not end with \"-- Dump completed\""));
}

TEST_CASE("the off-host copy must hold the same files", "[backup][check][offhost]") {
  BackupFixture f;
  const std::string path = f.take();
  const std::string offhost = f.dir().path() + "/cadangan";
  fs::create_directories(offhost);
  config::Config config = f.config();
  config::BackupSetConfig set;
  set.name = "jaga";
  set.dir = f.backups();
  set.format = "jaga";
  set.offhost_dir = offhost;
  config.backups.sets = {set};

  auto r = check_backups(config);
  CHECK(r.status == Status::kCrit);
  CHECK_THAT(messages(r), Contains("off-host copy in " + offhost));

  const std::string copy = offhost + "/" + fs::path(path).filename().string();
  fs::copy(path, copy, fs::copy_options::recursive);
  r = check_backups(config);
  INFO(messages(r));
  CHECK(r.status == Status::kOk);

  flip_byte(copy + "/siak/ref_desa.tsv.zst", 100);
  r = check_backups(config);
  CHECK(r.status == Status::kCrit);
  CHECK_THAT(messages(r), Contains("off-host copy in " + offhost) &&
                              Contains("siak/ref_desa.tsv.zst is damaged"));
}

}  // namespace jaga::test
