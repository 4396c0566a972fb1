// The throw-away server's start-up waits through the Env: a server that never answers is given
// up after 120 s of the Env's monotonic time (a fake Env passes them at once), and a server that
// exits during start-up is reported with its log. The "servers" here are shell scripts standing in
// for mariadb-install-db and mariadbd; the real ones run in the restore-test integration tests.
#include "backup/scratch_server.h"

#include <catch2/catch.hpp>
#include <chrono>

#include "core/clock.h"
#include "tests/unit/fake_env.h"
#include "tests/unit/temp_dir.h"

namespace jaga::backup {
namespace {

config::BackupConfig stand_in(const testing::TempDir& dir, const std::string& server_script) {
  config::BackupConfig config;
  config.scratch_dir = dir.path();
  config.install_db = dir.write("install-db", "#!/bin/sh\nexit 0\n", 0755);
  config.mariadbd = dir.write("mariadbd", "#!/bin/sh\n" + server_script, 0755);
  return config;
}

TEST_CASE("a scratch server that never answers is given up after 120 s of the Env's time",
          "[backup][scratch][env]") {
  testing::TempDir dir;
  SystemClock clock;
  testing::FakeEnv env(clock);
  const auto started = std::chrono::steady_clock::now();
  auto server = ScratchServer::start(stand_in(dir, "exec sleep 300\n"), env);
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  REQUIRE_FALSE(server.ok());
  CHECK_THAT(server.error().message, Catch::Contains("did not answer within 120 s"));
  CHECK(env.slept() >= std::chrono::seconds(120));
  CHECK(env.slept() < std::chrono::seconds(121));
  CHECK(took < 60);
}

TEST_CASE("a scratch server that exits during start-up is reported with its log",
          "[backup][scratch][env]") {
  testing::TempDir dir;
  SystemEnv env;  // real sleeps: the script must have time to exit
  auto server = ScratchServer::start(stand_in(dir, "exit 1\n"), env);
  REQUIRE_FALSE(server.ok());
  CHECK_THAT(server.error().message, Catch::Contains("exited during start-up"));
}

}  // namespace
}  // namespace jaga::backup
