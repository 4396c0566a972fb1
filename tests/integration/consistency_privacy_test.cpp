// Full keys at rest, as an administrator and a monitoring user meet them: after a consistency run
// that finds differing rows, no full NIK is anywhere in the evidence store's files (read as
// `strings` would), the store is mode 0640 and the key file 0600 even under umask 022, the
// service user reveals the keys with `jaga diff show --reveal`, and a member of the store's group
// reads the masked differences but cannot reveal them.
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/integration/consistency_scratch.h"
#include "tests/integration/store_bytes.h"

namespace jaga::test {
namespace {

class Umask {
 public:
  explicit Umask(mode_t mask) : saved_(umask(mask)) {}
  ~Umask() { umask(saved_); }
  Umask(const Umask&) = delete;
  Umask& operator=(const Umask&) = delete;

 private:
  mode_t saved_;
};

mode_t mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// 2,000 people with one row changed, one missing and one extra on the backup.
void people_with_differences(ScratchSchema& scratch) {
  create_people(scratch, "biodata", 2000);
  scratch.catch_up();
  scratch.on_backup_only("UPDATE jaga_ctest.biodata SET nama = 'Warga Lain' WHERE nik = '" +
                         nik(500) + "'");
  scratch.on_backup_only("DELETE FROM jaga_ctest.biodata WHERE nik = '" + nik(10000) + "'");
  scratch.on_backup_only("INSERT INTO jaga_ctest.biodata VALUES ('" + nik(19995) +
                         "', 'Warga Siluman', '1990-01-01', NULL)");
}

const std::vector<std::string> kDifferences = {
    "different " + nik(500), "extra_on_backup " + nik(19995), "missing_on_backup " + nik(10000)};

// Runs the consistency check of `config` (it must find differences) and returns its run id.
std::string run_finding_differences(const std::string& config) {
  const auto check = run_jaga({"--config", config, "check", "consistency"});
  INFO(check.out << check.err);
  REQUIRE(check.exit_code == 2);
  const auto runs = run_jaga({"--config", config, "history", "--runs", "--format", "json"});
  INFO(runs.out << runs.err);
  REQUIRE(runs.exit_code == 0);
  return std::to_string(nlohmann::json::parse(runs.out).at("runs").at(0).at("id").get<int64_t>());
}

}  // namespace

TEST_CASE(
    "consistency: after a run that finds differing rows no full NIK is in the store's "
    "files, which are 0640 under umask 022, and --reveal still shows them",
    "[consistency][cli][privacy]") {
  Umask umask(022);  // jaga inherits it
  ScratchSchema scratch;
  people_with_differences(scratch);
  TempDir dir;
  const std::string config = consistency_config_file(dir);
  const std::string store = dir.path() + "/evidence.db";
  const std::string run_id = run_finding_differences(config);

  CHECK(full_niks_in_store(store).empty());
  CHECK(mode_of(store) == 0640);
  CHECK(mode_of(store + "-wal") == 0640);
  CHECK(mode_of(store + "-shm") == 0640);
  CHECK(mode_of(dir.path() + "/personal.key") == 0600);

  const auto shown =
      run_jaga({"--config", config, "diff", "show", run_id, "--reveal", "--format", "json"});
  INFO(shown.out << shown.err);
  REQUIRE(shown.exit_code == 0);
  CHECK(differences(nlohmann::json::parse(shown.out), "biodata") == kDifferences);
  CHECK(full_niks_in_store(store).empty());
}

TEST_CASE(
    "consistency: a member of the store's group reads masked differences but cannot reveal "
    "them",
    "[consistency][cli][privacy]") {
  if (geteuid() != 0) {
    WARN("skipped: needs root to run jaga as another user");
    return;
  }
  ScratchSchema scratch;
  people_with_differences(scratch);
  TempDir dir;
  const std::string config = consistency_config_file(dir);
  const std::string store = dir.path() + "/evidence.db";
  const std::string run_id = run_finding_differences(config);

  // The store and its directory belong to the service user (here root) and the monitoring group;
  // the key file stays the service user's alone.
  for (const std::string& path : {dir.path(), store, store + "-wal", store + "-shm"}) {
    REQUIRE(chown(path.c_str(), 0, kMonitoringGid) == 0);
  }
  REQUIRE(chmod(dir.path().c_str(), 0750) == 0);
  // The monitoring user cannot read the password file: it names the password in its environment.
  const std::string monitoring_config =
      dir.write("monitoring.toml",
                replace_all(read_file(config),
                            "password_file = \"" + Sandbox::get().dir() + "/jaga.password\"",
                            "password_env = \"JAGA_MONITORING_PASSWORD\""),
                0644);
  const std::string environment = "JAGA_MONITORING_PASSWORD=unused";

  const auto masked =
      run_jaga_as(kMonitoringUid, kMonitoringGid, dir,
                  {"--config", monitoring_config, "diff", "show", run_id}, environment);
  INFO(masked.out << masked.err);
  CHECK(masked.exit_code == 0);
  CHECK_THAT(masked.out, Catch::Contains(masked_nik(500)) && !Catch::Contains(nik(500)));

  const auto revealed =
      run_jaga_as(kMonitoringUid, kMonitoringGid, dir,
                  {"--config", monitoring_config, "diff", "show", run_id, "--reveal"}, environment);
  INFO(revealed.out << revealed.err);
  CHECK(revealed.exit_code == 1);
  CHECK_THAT(revealed.err,
             Catch::Contains("cannot read the key file " + dir.path() + "/personal.key") &&
                 Catch::Contains("Permission denied"));
  CHECK(full_niks_in(revealed.out + revealed.err).empty());
}

}  // namespace jaga::test
