// A private backup directory and configuration on the real sandbox for the backup tests:
// backup.dir moved into a fresh temporary directory, the evidence store too.
#pragma once

#include <sys/stat.h>
#include <utime.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "backup/backup_names.h"
#include "config/config.h"
#include "tests/integration/sandbox.h"

namespace jaga::test {

class BackupFixture {
 public:
  BackupFixture()
      : config_path_(
            private_config(dir_, Sandbox::get().dir() + "/backups", dir_.path() + "/backups")) {
    auto loaded = config::load_config(config_path_);
    if (!loaded) FAIL(loaded.error().message);
    config_ = std::move(*loaded);
  }

  const std::string& config_path() const { return config_path_; }
  const config::Config& config() const { return config_; }
  std::string backups() const { return dir_.path() + "/backups"; }
  const TempDir& dir() const { return dir_; }

  // Runs `jaga backup`, requires success and returns the new backup's directory.
  std::string take() const {
    const ProcessResult r = run_jaga({"--config", config_path_, "backup"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto all = backup::list_backups(backups());
    REQUIRE_FALSE(all.empty());
    return all.back().path;
  }

 private:
  TempDir dir_;
  std::string config_path_;
  config::Config config_;
};

// Sets the modification time of `path` to `age` before now.
inline void age_file(const std::string& path, std::chrono::seconds age) {
  const auto when = std::chrono::system_clock::now() - age;
  const time_t t = std::chrono::system_clock::to_time_t(when);
  struct utimbuf times {
    t, t
  };
  REQUIRE(utime(path.c_str(), &times) == 0);
}

}  // namespace jaga::test
