#include <catch2/catch.hpp>
#include <string>

#include "config/config.h"

namespace jaga::config {
namespace {

using Catch::Contains;

const std::string kServers = R"(
[servers.primary]
host = "127.0.0.1"
user = "jaga"
[servers.backup]
host = "127.0.0.2"
user = "jaga"
)";

Result<Config> parse(const std::string& extra) {
  return parse_config(kServers + extra, "/etc/jaga/jaga.toml");
}

TEST_CASE("backup keys have defaults and are read", "[config][backup]") {
  auto c = parse("");
  REQUIRE(c.ok());
  CHECK(c->backups.dir == "/var/backups/jaga");
  CHECK(c->backups.schemas == std::vector<std::string>{"siak"});
  CHECK(c->backups.sets.empty());
  c = parse(R"(
[backup]
dir = "/srv/backup"
threads = 4
compression_level = 6
keep_daily = 3
source = "primary"
[[checks.backups.sets]]
name = "nightly"
dir = "/srv/dumps"
pattern = "siak-*.sql.gz"
format = "mysqldump"
rpo_warn_hours = 25
rpo_crit_hours = 49
offhost_dir = "/mnt/cadangan"
)");
  REQUIRE(c.ok());
  CHECK(c->backups.dir == "/srv/backup");
  CHECK(c->backups.threads == 4);
  CHECK(c->backups.source == "primary");
  REQUIRE(c->backups.sets.size() == 1);
  CHECK(c->backups.sets[0].format == "mysqldump");
  CHECK(c->backups.sets[0].rpo_crit_hours == 49);
  CHECK(c->backups.sets[0].offhost_dir == "/mnt/cadangan");
}

TEST_CASE("broken backup configuration names file, line and key", "[config][backup]") {
  auto c = parse("[backup]\nthreads = 0\n");
  REQUIRE_FALSE(c.ok());
  CHECK_THAT(c.error().message,
             Contains("/etc/jaga/jaga.toml:9") && Contains("'backup.threads' must be between 1"));
  c = parse("[backup]\ndir = \"relative\"\n");
  REQUIRE_FALSE(c.ok());
  CHECK_THAT(c.error().message, Contains("'backup.dir' must be an absolute path"));
  c = parse("[backup]\nkeep_dayly = 3\n");
  REQUIRE_FALSE(c.ok());
  CHECK_THAT(c.error().message, Contains("unknown key 'backup.keep_dayly'"));
  c = parse("[backup]\nkeep_daily = 0\nkeep_weekly = 0\nkeep_monthly = 0\n");
  REQUIRE_FALSE(c.ok());
  CHECK_THAT(c.error().message, Contains("retention keeps nothing"));
}

TEST_CASE("a configured scratch server is read from backup.scratch_server", "[config][backup]") {
  auto c = parse("");
  REQUIRE(c.ok());
  CHECK_FALSE(c->backups.has_scratch_server());
  c = parse(R"(
[backup.scratch_server]
socket = "/run/mysqld/scratch.sock"
user = "jaga_restore"
password_env = "JAGA_SCRATCH_PASSWORD"
)");
  REQUIRE(c.ok());
  CHECK(c->backups.has_scratch_server());
  CHECK(c->backups.scratch_server.socket == "/run/mysqld/scratch.sock");
  CHECK(c->backups.scratch_server.user == "jaga_restore");
  CHECK(c->backups.scratch_server.password_env == "JAGA_SCRATCH_PASSWORD");
  CHECK(c->backups.scratch_server.table() == "backup.scratch_server");
}

TEST_CASE("a broken scratch server configuration names backup.scratch_server", "[config][backup]") {
  auto c = parse("[backup.scratch_server]\nuser = \"jaga_restore\"\n");
  REQUIRE_FALSE(c.ok());
  CHECK_THAT(c.error().message,
             Contains("backup.scratch_server needs 'host' (with 'port') or 'socket'"));
  c = parse("[backup.scratch_server]\nhost = \"10.0.0.9\"\n");
  REQUIRE_FALSE(c.ok());
  CHECK_THAT(c.error().message, Contains("'backup.scratch_server.user'"));
  c = parse(
      "[backup.scratch_server]\nhost = \"10.0.0.9\"\nuser = \"r\"\npassword_file = "
      "\"/etc/jaga/p\"\npassword_env = \"P\"\n");
  REQUIRE_FALSE(c.ok());
  CHECK_THAT(c.error().message,
             Contains("backup.scratch_server sets both 'password_file' and 'password_env'"));
  c = parse("[backup.scratch_server]\nhost = \"10.0.0.9\"\nport = 0\nuser = \"r\"\n");
  REQUIRE_FALSE(c.ok());
  CHECK_THAT(c.error().message, Contains("'backup.scratch_server.port' must be between 1"));
}

TEST_CASE("broken backup sets are refused", "[config][backup]") {
  auto c = parse("[[checks.backups.sets]]\nname = \"a\"\ndir = \"/x\"\n");
  REQUIRE_FALSE(c.ok());
  CHECK_THAT(c.error().message, Contains("backup set 'a': missing required key 'format'"));
  c = parse("[[checks.backups.sets]]\nname = \"a\"\ndir = \"/x\"\nformat = \"tar\"\n");
  REQUIRE_FALSE(c.ok());
  CHECK_THAT(c.error().message, Contains("'checks.backups.sets[0].format' must be one of"));
  c = parse(
      "[[checks.backups.sets]]\nname = \"a\"\ndir = \"/x\"\nformat = \"jaga\"\n"
      "rpo_warn_hours = 30\nrpo_crit_hours = 20\n");
  REQUIRE_FALSE(c.ok());
  CHECK_THAT(c.error().message, Contains("rpo_crit_hours (20) is below rpo_warn_hours (30)"));
  c = parse(
      "[[checks.backups.sets]]\nname = \"a\"\ndir = \"/x\"\nformat = \"jaga\"\n"
      "[[checks.backups.sets]]\nname = \"a\"\ndir = \"/y\"\nformat = \"jaga\"\n");
  REQUIRE_FALSE(c.ok());
  CHECK_THAT(c.error().message, Contains("backup set name 'a' is used twice"));
  c = parse("[[checks.backups.sets]]\ndir = \"/x\"\nformat = \"jaga\"\n");
  REQUIRE_FALSE(c.ok());
  CHECK_THAT(c.error().message, Contains("missing required key 'checks.backups.sets[0].name'"));
}

}  // namespace
}  // namespace jaga::config

namespace jaga::config {
namespace {

TEST_CASE("the backups check is on with sets and off without, unless set", "[config][backup]") {
  const std::string set =
      "[[checks.backups.sets]]\nname = \"a\"\ndir = \"/x\"\nformat = \"jaga\"\n";
  CHECK_FALSE(parse("")->backups.check_enabled);
  CHECK(parse(set)->backups.check_enabled);
  CHECK_FALSE(parse("[checks.backups]\nenabled = false\n" + set)->backups.check_enabled);
  CHECK(parse("[checks.backups]\nenabled = true\n")->backups.check_enabled);
}

}  // namespace
}  // namespace jaga::config
