// A private backup directory and configuration on the real sandbox for the backup tests:
// backup.dir moved into a fresh temporary directory, the evidence store too. By default the
// agent has a key ([peer] cert/key from a throw-away test CA), so its backups' manifests are
// signed; BackupFixture::Options::signing = false leaves [peer] out (manifests not signed).
#pragma once

#include <sys/stat.h>
#include <utime.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <memory>
#include <string>

#include "backup/backup_names.h"
#include "backup/manifest_signature.h"
#include "config/config.h"
#include "tests/integration/sandbox.h"
#include "tests/unit/peer/test_pki.h"

namespace jaga::test {

class BackupFixture {
 public:
  struct Options {
    bool signing = true;
    std::string backup_keys;  // extra lines for [backup] ("keep_daily = 1\n")
  };

  BackupFixture() : BackupFixture(Options{}) {}
  explicit BackupFixture(const Options& options) {
    std::string text = read_file(
        private_config(dir_, Sandbox::get().dir() + "/backups", dir_.path() + "/backups"));
    if (!options.backup_keys.empty()) {
      text = replace_all(text, "\n[backup]\n", "\n[backup]\n" + options.backup_keys);
    }
    if (options.signing) {
      const std::string pki_dir = dir_.path() + "/pki";
      ::mkdir(pki_dir.c_str(), 0700);
      pki_ = std::make_unique<testing::TestPki>(pki_dir);
      pki_->issue("agent", "jaga-cadangan");
      pki_->issue("other", "jaga-utama");
      text += "\n[peer]\nrole = \"agent\"\nlisten = \"127.0.0.1:1\"\ncert = \"" +
              pki_->path("agent.crt") + "\"\nkey = \"" + pki_->path("agent.key") + "\"\nca = \"" +
              pki_->path("ca.crt") + "\"\n[[peer.peers]]\nname = \"utama\"\nfingerprint = \"" +
              pki_->fingerprint("other") + "\"\n";
    }
    config_path_ = dir_.write("jaga.toml", text, 0644);
    auto loaded = config::load_config(config_path_);
    if (!loaded) FAIL(loaded.error().message);
    config_ = std::move(*loaded);
  }

  const std::string& config_path() const { return config_path_; }
  const config::Config& config() const { return config_; }
  std::string backups() const { return dir_.path() + "/backups"; }
  const TempDir& dir() const { return dir_; }
  // The test CA and certificates (nullptr without signing): "agent" is this agent's,
  // "other" the pinned peer's.
  const testing::TestPki* pki() const { return pki_.get(); }

  // Signs BACKUP/manifest.json again with the agent's key after a test changed it, as someone
  // holding that key (root on the host) could.
  void resign(const std::string& backup) const {
    REQUIRE(pki_ != nullptr);
    auto der = backup::sign_manifest(read_file(backup + "/manifest.json"), config_.peer,
                                     std::chrono::system_clock::now());
    REQUIRE(der.ok());
    std::ofstream out(backup + "/" + backup::kManifestSignatureName,
                      std::ios::binary | std::ios::trunc);
    out << *der;
    REQUIRE(out.good());
  }

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
  std::unique_ptr<testing::TestPki> pki_;
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
