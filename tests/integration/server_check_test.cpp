// Server health against the real sandbox: roles, reachability, timeouts, authentication.
#include "checks/server_check.h"

#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>

#include "tests/integration/sandbox.h"

namespace jaga::test {
namespace {

using db::Role;

}  // namespace

TEST_CASE("server check is OK on the healthy sandbox", "[server]") {
  Sandbox& sb = Sandbox::get();
  checks::ServerCheck check;
  const auto result = run_check(check, sb.config());
  INFO(result.summary);
  CHECK(result.status == Status::kOk);
  CHECK_THAT(result.summary, Catch::Contains("primary"));
  CHECK_THAT(result.summary, Catch::Contains("backup"));
  CHECK_THAT(result.summary, Catch::Contains("read-only"));
  CHECK_THAT(result.summary, Catch::Contains("clock skew"));
}

TEST_CASE("writable backup server is WARN", "[server]") {
  Sandbox& sb = Sandbox::get();
  auto backup = sb.admin(Role::kBackup);
  admin_sql(*backup, "SET GLOBAL read_only = OFF");
  checks::ServerCheck check;
  const auto result = run_check(check, sb.config());
  admin_sql(*backup, "SET GLOBAL read_only = ON");
  INFO(result.summary);
  CHECK(result.status == Status::kWarn);
  CHECK_THAT(result.summary, Catch::Contains("backup (127.0.0.1:"));
  CHECK_THAT(result.summary, Catch::Contains("is writable (read_only=OFF)"));
}

TEST_CASE("read-only primary is CRIT", "[server]") {
  Sandbox& sb = Sandbox::get();
  auto primary = sb.admin(Role::kPrimary);
  admin_sql(*primary, "SET GLOBAL read_only = ON");
  checks::ServerCheck check;
  const auto result = run_check(check, sb.config());
  admin_sql(*primary, "SET GLOBAL read_only = OFF");
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK_THAT(result.summary, Catch::Contains("server is read-only"));
}

TEST_CASE("primary server down is CRIT naming it", "[server][down]") {
  Sandbox& sb = Sandbox::get();
  config::Config config = sb.config();
  config.primary.port = 1;
  checks::ServerCheck check;
  const auto result = run_check(check, config);
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK_THAT(result.summary, Catch::Contains("primary (127.0.0.1:1): cannot connect"));
  CHECK_THAT(result.summary, Catch::Contains("is the server running"));
}

TEST_CASE("a hung backup server gives CRIT within the connect timeout, no hang", "[server][down]") {
  Sandbox& sb = Sandbox::get();
  config::Config config = sb.config();
  config.backup.connect_timeout_seconds = 2;
  config.backup.read_timeout_seconds = 2;
  checks::ServerCheck check;
  const auto start = std::chrono::steady_clock::now();
  checks::CheckResult result;
  {
    FrozenServer frozen(sb.server_pid(Role::kBackup));
    result = run_check(check, config);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK_THAT(result.summary, Catch::Contains("backup (127.0.0.1:"));
  CHECK(seconds < 10);
  sb.heal();
}

TEST_CASE("wrong password gives a clear authentication error without the password",
          "[server][auth]") {
  Sandbox& sb = Sandbox::get();
  config::Config config = sb.config();
  config.primary.password = "not-the-password-x9";
  checks::ServerCheck check;
  const auto result = run_check(check, config);
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK_THAT(result.summary, Catch::Contains("Access denied for user 'jaga'"));
  CHECK_THAT(result.summary, Catch::Contains("authentication failed"));
  CHECK_THAT(result.summary, !Catch::Contains("not-the-password-x9"));
}

TEST_CASE("a volume below its free-space threshold is CRIT naming the volume", "[server]") {
  Sandbox& sb = Sandbox::get();
  config::Config config = sb.config();
  config.server_check.volumes = {{"data", sb.dir(), 100.0, 100.0}};
  checks::ServerCheck check;
  const auto result = run_check(check, config);
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK_THAT(result.summary, Catch::Contains("volume 'data'"));
}

TEST_CASE("a volume path that does not exist is UNKNOWN naming the path", "[server]") {
  Sandbox& sb = Sandbox::get();
  config::Config config = sb.config();
  config.server_check.volumes = {{"backup", "/nonexistent/jaga/backups", 15.0, 5.0}};
  checks::ServerCheck check;
  const auto result = run_check(check, config);
  INFO(result.summary);
  CHECK(result.status == Status::kUnknown);
  CHECK_THAT(result.summary, Catch::Contains("/nonexistent/jaga/backups"));
}

TEST_CASE("the monitoring account cannot write to the population schema", "[server][grants]") {
  Sandbox& sb = Sandbox::get();
  auto connection = db::Connection::open(sb.config().primary);
  REQUIRE(connection.ok());
  auto denied = (*connection)->execute("UPDATE siak.data_keluarga SET no_rt = no_rt LIMIT 1");
  REQUIRE_FALSE(denied.ok());
  CHECK_THAT(denied.error().message, Catch::Contains("command denied"));
  auto super = (*connection)->execute("SET GLOBAL read_only = OFF");
  CHECK_FALSE(super.ok());
}

}  // namespace jaga::test

namespace jaga::test {

TEST_CASE("a server restarted within min_uptime_seconds is WARN", "[server]") {
  Sandbox& sb = Sandbox::get();
  config::Config config = sb.config();
  config.server_check.min_uptime_seconds = 1000000000;
  checks::ServerCheck check;
  const auto result = run_check(check, config);
  INFO(result.summary);
  CHECK(result.status == Status::kWarn);
  CHECK_THAT(result.summary, Catch::Contains("primary (127.0.0.1:"));
  CHECK_THAT(result.summary, Catch::Contains(" ago"));
}

TEST_CASE("connections above the CRIT percentage of max_connections are CRIT", "[server]") {
  Sandbox& sb = Sandbox::get();
  config::Config config = sb.config();
  config.server_check.connections_warn_percent = 0;
  config.server_check.connections_crit_percent = 0;
  checks::ServerCheck check;
  const auto result = run_check(check, config);
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK_THAT(result.summary, Catch::Contains("connections in use"));
}

}  // namespace jaga::test
