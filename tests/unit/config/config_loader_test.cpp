#include <stdlib.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "config/config.h"
#include "tests/unit/temp_dir.h"

namespace jaga::config {
namespace {

using Catch::Contains;
using Catch::StartsWith;
using testing::TempDir;

constexpr const char* kPath = "/etc/jaga/jaga.toml";
// A password distinctive enough that finding it in a message cannot be a coincidence.
constexpr const char* kPassword = "Rahasia-Dukcapil#2026";

// Sets an environment variable for the lifetime of the guard, then removes it.
class EnvVar {
 public:
  EnvVar(std::string name, const std::string& value) : name_(std::move(name)) {
    REQUIRE(setenv(name_.c_str(), value.c_str(), 1) == 0);
  }
  ~EnvVar() { unsetenv(name_.c_str()); }
  EnvVar(const EnvVar&) = delete;
  EnvVar& operator=(const EnvVar&) = delete;

 private:
  std::string name_;
};

// The smallest configuration that is valid: both servers with a host and a user.
const std::string kMinimal = R"(
[servers.primary]
host = "127.0.0.1"
user = "jaga"

[servers.backup]
host = "10.0.0.2"
user = "jaga"
)";

template <typename T>
std::string error_of(const Result<T>& result) {
  REQUIRE_FALSE(result.ok());
  return result.error().message;
}

Config parse(const std::string& text) {
  Result<Config> config = parse_config(text, kPath);
  INFO(text);
  if (!config) FAIL(config.error().message);
  return *config;
}

std::string parse_error(const std::string& text) { return error_of(parse_config(text, kPath)); }

// The minimal configuration with `lines` added to the end of [servers.primary].
std::string with_primary(const std::string& lines) {
  return "[servers.primary]\nhost = \"127.0.0.1\"\nuser = \"jaga\"\n" + lines +
         "\n[servers.backup]\nhost = \"10.0.0.2\"\nuser = \"jaga\"\n";
}

// A configuration whose primary reads its password from `file` (no backup password).
std::string with_password_file(const std::string& file) {
  return with_primary("password_file = \"" + file + "\"");
}

// ---- good input --------------------------------------------------------------------------------

TEST_CASE("the shipped example configuration parses", "[config]") {
  const std::string path = std::string(JAGA_SOURCE_DIR) + "/config/jaga.example.toml";
  std::ifstream in(path);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  Result<Config> config = parse_config(text.str(), path);
  if (!config) FAIL(config.error().message);
  CHECK(config->primary.endpoint() == "127.0.0.1:3306");
  CHECK(config->primary.password_file == "/etc/jaga/primary.password");
  CHECK(config->backup.endpoint() == "10.0.0.2:3306");
  CHECK(config->server_check.volumes.size() == 2);
  CHECK(config->replication_check.lag_crit_seconds == 300);
}

TEST_CASE("a minimal configuration with two hosts and users is valid", "[config]") {
  const Config config = parse(kMinimal);
  CHECK(config.path == kPath);
  CHECK(config.primary.role == "primary");
  CHECK(config.primary.host == "127.0.0.1");
  CHECK(config.primary.user == "jaga");
  CHECK(config.backup.role == "backup");
  CHECK(config.backup.host == "10.0.0.2");
}

TEST_CASE("keys left out of the configuration take their documented defaults", "[config]") {
  const Config config = parse(kMinimal);
  CHECK_FALSE(config.agent.host_name.empty());  // the machine's hostname
  CHECK(config.agent.evidence_db == "/var/lib/jaga/evidence.db");
  CHECK(config.agent.personal_key.empty());  // personal.key next to the evidence store
  CHECK(config.agent.log_level == "info");
  CHECK(config.agent.log_format == "text");
  CHECK(config.primary.port == 3306);
  CHECK(config.primary.connect_timeout_seconds == 5);
  CHECK(config.primary.read_timeout_seconds == 30);
  CHECK(config.primary.tls_mode == TlsMode::kPreferred);
  CHECK(config.primary.password.empty());
  CHECK(config.server_check.enabled);
  CHECK(config.server_check.connections_warn_percent == 80.0);
  CHECK(config.server_check.volumes.empty());
  CHECK(config.replication_check.enabled);
  CHECK(config.replication_check.lag_warn_seconds == 60);
  CHECK_FALSE(config.replication_check.heartbeat);
}

TEST_CASE("a server reached over a unix socket needs no host", "[config]") {
  const Config config = parse(R"(
[servers.primary]
socket = "/run/mysqld/mysqld.sock"
user = "jaga"
[servers.backup]
host = "10.0.0.2"
user = "jaga"
)");
  CHECK(config.primary.endpoint() == "socket /run/mysqld/mysqld.sock");
}

TEST_CASE("a volume's free-space thresholds are read from [[checks.server.volumes]]", "[config]") {
  const Config config = parse(kMinimal + R"(
[[checks.server.volumes]]
name = "data"
path = "/var/lib/mysql"
warn_free_percent = 20
crit_free_percent = 10.5
)");
  REQUIRE(config.server_check.volumes.size() == 1);
  CHECK(config.server_check.volumes[0].name == "data");
  CHECK(config.server_check.volumes[0].warn_free_percent == 20.0);
  CHECK(config.server_check.volumes[0].crit_free_percent == 10.5);
}

TEST_CASE("verify_ca with a tls_ca is accepted", "[config]") {
  const Config config =
      parse(with_primary("tls_mode = \"verify_ca\"\ntls_ca = \"/etc/jaga/tls/ca.pem\""));
  CHECK(config.primary.tls_mode == TlsMode::kVerifyCa);
  CHECK(config.primary.tls_ca == "/etc/jaga/tls/ca.pem");
}

TEST_CASE("equal WARN and CRIT thresholds are accepted", "[config]") {
  const Config config = parse(kMinimal +
                              "[checks.replication]\nlag_warn_seconds = 60\n"
                              "lag_crit_seconds = 60\n");
  CHECK(config.replication_check.lag_crit_seconds == 60);
}

// ---- syntax and types --------------------------------------------------------------------------

TEST_CASE("a TOML syntax error names file, line and column", "[config]") {
  const std::string text = "[servers.primary]\nhost = \"127.0.0.1\nuser = \"jaga\"\n";
  CHECK_THAT(parse_error(text), StartsWith("/etc/jaga/jaga.toml:2:") && Contains("syntax error"));
}

TEST_CASE("a port written as a string is refused with key, line and both types", "[config]") {
  const std::string message = parse_error(with_primary("port = \"3306\""));
  CHECK_THAT(message, StartsWith("/etc/jaga/jaga.toml:4:"));
  CHECK_THAT(message, Contains("'servers.primary.port' must be an integer, got a string"));
}

TEST_CASE("a port written as a decimal number is refused", "[config]") {
  CHECK_THAT(parse_error(with_primary("port = 3306.0")),
             Contains("'servers.primary.port' must be an integer, got a number"));
}

TEST_CASE("a switch written as a string is refused", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[checks.replication]\nheartbeat = \"yes\"\n"),
             Contains("'checks.replication.heartbeat' must be a boolean (true or false), got a "
                      "string"));
}

TEST_CASE("a threshold written as a string is refused", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[checks.server]\nconnections_warn_percent = \"80\"\n"),
             Contains("'checks.server.connections_warn_percent' must be a number, got a string"));
}

TEST_CASE("a server given as a value instead of a table is refused", "[config]") {
  CHECK_THAT(parse_error("[servers]\nprimary = \"127.0.0.1\"\n"),
             Contains("/etc/jaga/jaga.toml:2:") && Contains("'servers.primary' must be a table"));
}

TEST_CASE("volumes written as one table instead of an array of tables are refused", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[checks.server.volumes]\nname = \"data\"\n"),
             Contains("'checks.server.volumes' must be an array of tables "
                      "([[checks.server.volumes]])"));
}

// ---- unknown keys ------------------------------------------------------------------------------

TEST_CASE("an unknown top-level key is refused with its line", "[config]") {
  CHECK_THAT(parse_error("jadwal = \"daily\"\n" + kMinimal),
             StartsWith("/etc/jaga/jaga.toml:1:") && Contains("unknown key 'jadwal'"));
}

TEST_CASE("an unknown top-level table is refused", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[reports]\ndaily = true\n"),
             Contains("unknown key 'reports'"));
}

TEST_CASE("an unknown key in [agent] is refused with its full name and line", "[config]") {
  const std::string message =
      parse_error("[agent]\nevidence_db = \"/tmp/e.db\"\nloglevel = 1\n" + kMinimal);
  CHECK_THAT(message, StartsWith("/etc/jaga/jaga.toml:3:"));
  CHECK_THAT(message, Contains("unknown key 'agent.loglevel'"));
}

TEST_CASE("an unknown key in [servers.primary] is refused with its full name and line",
          "[config]") {
  const std::string message = parse_error(with_primary("pasword_file = \"/etc/jaga/p\""));
  CHECK_THAT(message, StartsWith("/etc/jaga/jaga.toml:4:"));
  CHECK_THAT(message, Contains("unknown key 'servers.primary.pasword_file'"));
}

TEST_CASE("an unknown key in a [[checks.server.volumes]] entry names the entry and line",
          "[config]") {
  const std::string message = parse_error(kMinimal + R"([[checks.server.volumes]]
name = "data"
path = "/var/lib/mysql"
[[checks.server.volumes]]
name = "backup"
path = "/var/backups/mysql"
warn_percent = 10
)");
  CHECK_THAT(message, StartsWith("/etc/jaga/jaga.toml:15:"));
  CHECK_THAT(message, Contains("unknown key 'checks.server.volumes[1].warn_percent'"));
}

TEST_CASE("an unknown check table is refused", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[checks.backupz]\nenabled = true\n"),
             Contains("unknown key 'checks.backupz'"));
}

// ---- missing keys ------------------------------------------------------------------------------

TEST_CASE("a server without a user is refused naming servers.backup.user", "[config]") {
  CHECK_THAT(parse_error("[servers.primary]\nhost = \"a\"\nuser = \"jaga\"\n"
                         "[servers.backup]\nhost = \"b\"\n"),
             Contains("missing required key 'servers.backup.user'"));
}

TEST_CASE("a configuration without [servers] is refused", "[config]") {
  CHECK_THAT(parse_error("[agent]\nlog_level = \"info\"\n"),
             Contains("missing required key 'servers'"));
}

TEST_CASE("an empty configuration file is refused for lack of [servers]", "[config]") {
  CHECK_THAT(parse_error(""), Contains("missing required key 'servers'"));
}

TEST_CASE("a configuration without [servers.backup] is refused", "[config]") {
  CHECK_THAT(parse_error("[servers.primary]\nhost = \"a\"\nuser = \"jaga\"\n"),
             Contains("missing required key 'servers.backup'"));
}

TEST_CASE("a volume without a path is refused", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[[checks.server.volumes]]\nname = \"data\"\n"),
             Contains("missing required key 'checks.server.volumes[0].path'"));
}

// ---- values out of range -----------------------------------------------------------------------

TEST_CASE("port 0 is refused with the allowed range", "[config]") {
  CHECK_THAT(parse_error(with_primary("port = 0")),
             Contains("/etc/jaga/jaga.toml:4:") &&
                 Contains("'servers.primary.port' must be between 1 and 65535, got 0"));
}

TEST_CASE("port 70000 is refused with the allowed range", "[config]") {
  CHECK_THAT(parse_error(with_primary("port = 70000")),
             Contains("'servers.primary.port' must be between 1 and 65535, got 70000"));
}

TEST_CASE("a zero connect timeout is refused", "[config]") {
  CHECK_THAT(parse_error(with_primary("connect_timeout_seconds = 0")),
             Contains("'servers.primary.connect_timeout_seconds' must be between 1 and 3600"));
}

TEST_CASE("a percentage above 100 is refused", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[checks.server]\nconnections_crit_percent = 101\n"),
             Contains("'checks.server.connections_crit_percent' must be between 0 and 100"));
}

TEST_CASE("a threshold of nan is refused", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[checks.server]\nclock_skew_crit_seconds = nan\n"),
             Contains("'checks.server.clock_skew_crit_seconds' must be between 0 and 86400"));
}

TEST_CASE("a threshold of inf is refused", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[checks.server]\nclock_skew_crit_seconds = inf\n"),
             Contains("'checks.server.clock_skew_crit_seconds' must be between 0 and 86400"));
}

TEST_CASE("the key file for personal data can be placed elsewhere", "[config]") {
  const Config config = parse("[agent]\npersonal_key = \"/etc/jaga/personal.key\"\n" + kMinimal);
  CHECK(config.agent.personal_key == "/etc/jaga/personal.key");
}

TEST_CASE("an empty evidence_db is refused", "[config]") {
  CHECK_THAT(parse_error("[agent]\nevidence_db = \"\"\n" + kMinimal),
             Contains("'agent.evidence_db' must not be empty"));
}

// ---- enumerations ------------------------------------------------------------------------------

TEST_CASE("an unknown tls_mode is refused with the choices", "[config]") {
  const std::string message = parse_error(with_primary("tls_mode = \"maybe\""));
  CHECK_THAT(message, StartsWith("/etc/jaga/jaga.toml:4:"));
  CHECK_THAT(message, Contains("'servers.primary.tls_mode' must be one of") &&
                          Contains("verify_identity") && Contains("got \"maybe\""));
}

TEST_CASE("an unknown log_level is refused with the choices", "[config]") {
  CHECK_THAT(parse_error("[agent]\nlog_level = \"verbose\"\n" + kMinimal),
             Contains("'agent.log_level' must be one of debug, error, info, trace, warn, got "
                      "\"verbose\""));
}

TEST_CASE("an unknown log_format is refused", "[config]") {
  CHECK_THAT(parse_error("[agent]\nlog_format = \"xml\"\n" + kMinimal),
             Contains("'agent.log_format' must be one of json, text, got \"xml\""));
}

// ---- rules across keys -------------------------------------------------------------------------

TEST_CASE("a connections WARN threshold above CRIT is refused", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[checks.server]\nconnections_warn_percent = 96\n"),
             Contains("connections: the WARN threshold (96) must not be higher than the CRIT "
                      "threshold (95)"));
}

TEST_CASE("a replication lag WARN threshold above CRIT is refused", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[checks.replication]\nlag_warn_seconds = 600\n"),
             Contains("replication lag: the WARN threshold (600) must not be higher"));
}

TEST_CASE("a volume's free-space WARN threshold below CRIT is refused", "[config]") {
  CHECK_THAT(parse_error(kMinimal + R"([[checks.server.volumes]]
name = "data"
path = "/var/lib/mysql"
warn_free_percent = 5
crit_free_percent = 15
)"),
             Contains("free space of volume 'data': the WARN threshold (5) must not be lower "
                      "than the CRIT threshold (15)"));
}

TEST_CASE("a server with neither host nor socket is refused", "[config]") {
  CHECK_THAT(parse_error("[servers.primary]\nhost = \"a\"\nuser = \"jaga\"\n"
                         "[servers.backup]\nuser = \"jaga\"\n"),
             StartsWith("/etc/jaga/jaga.toml:4:") &&
                 Contains("servers.backup needs 'host' (with 'port') or 'socket'"));
}

TEST_CASE("a server with both password_file and password_env is refused", "[config]") {
  CHECK_THAT(parse_error(with_primary("password_file = \"/etc/jaga/p\"\npassword_env = \"PW\"")),
             Contains("servers.primary sets both 'password_file' and 'password_env'; keep one"));
}

TEST_CASE("verify_ca without tls_ca is refused", "[config]") {
  CHECK_THAT(parse_error(with_primary("tls_mode = \"verify_ca\"")),
             Contains("servers.primary.tls_mode = \"verify_ca\" needs 'tls_ca'"));
}

TEST_CASE("verify_identity without tls_ca is refused", "[config]") {
  CHECK_THAT(parse_error(with_primary("tls_mode = \"verify_identity\"")),
             Contains("servers.primary.tls_mode = \"verify_identity\" needs 'tls_ca'"));
}

TEST_CASE("a password_env that is not a variable name is refused without echoing it", "[config]") {
  const std::string message =
      parse_error(with_primary("password_env = \"" + std::string(kPassword) + "\""));
  CHECK_THAT(message, Contains("'servers.primary.password_env' must be the name of an "
                               "environment variable"));
  CHECK_THAT(message, !Contains(kPassword));
}

TEST_CASE("a password_env written with a leading $ is refused", "[config]") {
  CHECK_THAT(parse_error(with_primary("password_env = \"$JAGA_PRIMARY_PASSWORD\"")),
             Contains("'servers.primary.password_env' must be the name of an environment "
                      "variable"));
}

// ---- reading files -----------------------------------------------------------------------------

TEST_CASE("load_config of a missing file names the file and says No such file", "[config]") {
  TempDir dir;
  const std::string path = dir.path() + "/absent.toml";
  CHECK_THAT(error_of(load_config(path)),
             Contains("configuration file " + path) && Contains("No such file"));
}

TEST_CASE("load_config of a directory says it is a directory", "[config]") {
  TempDir dir;
  CHECK_THAT(error_of(load_config(dir.path())),
             Contains("configuration file " + dir.path()) && Contains("Is a directory"));
}

TEST_CASE("load_config reports errors against the file's own path", "[config]") {
  TempDir dir;
  const std::string path = dir.write("jaga.toml", "[servers.primary]\nport = \"x\"\n");
  CHECK_THAT(error_of(load_config(path)), StartsWith(path + ":2:"));
}

TEST_CASE("a password file of mode 0600 is read without its trailing newline", "[config]") {
  TempDir dir;
  const std::string password = dir.write("primary.password", std::string(kPassword) + "\n");
  const std::string path = dir.write("jaga.toml", with_password_file(password));
  Result<Config> config = load_config(path);
  if (!config) FAIL(config.error().message);
  CHECK(config->primary.password == kPassword);
}

TEST_CASE("a password file of mode 0400 is accepted", "[config]") {
  TempDir dir;
  const std::string password = dir.write("primary.password", kPassword, 0400);
  Config config = parse(with_password_file(password));
  REQUIRE(resolve_passwords(config).ok());
  CHECK(config.primary.password == kPassword);
}

TEST_CASE("a password file's CRLF line ending is stripped", "[config]") {
  TempDir dir;
  const std::string password = dir.write("primary.password", std::string(kPassword) + "\r\n");
  Config config = parse(with_password_file(password));
  REQUIRE(resolve_passwords(config).ok());
  CHECK(config.primary.password == kPassword);
}

TEST_CASE("a world-readable password file is refused with the chmod to run", "[config]") {
  TempDir dir;
  const std::string password = dir.write("primary.password", kPassword, 0644);
  Config config = parse(with_password_file(password));
  const std::string message = error_of(resolve_passwords(config));
  CHECK_THAT(message, Contains("mode 0644") && Contains("chmod 600 " + password));
  CHECK_THAT(message, !Contains(kPassword));
  CHECK(config.primary.password.empty());
}

TEST_CASE("a group-readable password file is refused", "[config]") {
  TempDir dir;
  const std::string password = dir.write("primary.password", kPassword, 0640);
  Config config = parse(with_password_file(password));
  const std::string message = error_of(resolve_passwords(config));
  CHECK_THAT(message, Contains("mode 0640") && Contains("chmod 600 " + password));
  CHECK_THAT(message, !Contains(kPassword));
}

TEST_CASE("load_config refuses a world-readable password file", "[config]") {
  TempDir dir;
  const std::string password = dir.write("primary.password", kPassword, 0644);
  const std::string path = dir.write("jaga.toml", with_password_file(password));
  const std::string message = error_of(load_config(path));
  CHECK_THAT(message, Contains("chmod 600 " + password));
  CHECK_THAT(message, !Contains(kPassword));
}

TEST_CASE("an empty password file is refused", "[config]") {
  TempDir dir;
  const std::string password = dir.write("primary.password", "");
  Config config = parse(with_password_file(password));
  CHECK_THAT(error_of(resolve_passwords(config)),
             Contains("password file " + password) && Contains("is empty"));
}

TEST_CASE("a password file holding only a newline is refused as empty", "[config]") {
  TempDir dir;
  const std::string password = dir.write("primary.password", "\n");
  Config config = parse(with_password_file(password));
  CHECK_THAT(error_of(resolve_passwords(config)), Contains("is empty"));
}

TEST_CASE("a password file of several lines is refused without echoing them", "[config]") {
  TempDir dir;
  const std::string password =
      dir.write("primary.password", std::string(kPassword) + "\nsecond-line-secret\n");
  Config config = parse(with_password_file(password));
  const std::string message = error_of(resolve_passwords(config));
  CHECK_THAT(message, Contains("must hold one line"));
  CHECK_THAT(message, !Contains(kPassword) && !Contains("second-line-secret"));
}

TEST_CASE("a missing password file is refused naming it and servers.backup", "[config]") {
  TempDir dir;
  const std::string password = dir.path() + "/backup.password";
  Config config = parse(
      "[servers.primary]\nhost = \"a\"\nuser = \"jaga\"\n"
      "[servers.backup]\nhost = \"b\"\nuser = \"jaga\"\npassword_file = \"" +
      password + "\"\n");
  CHECK_THAT(error_of(resolve_passwords(config)),
             Contains("password file " + password + " (servers.backup.password_file)") &&
                 Contains("No such file"));
}

TEST_CASE("a password file that is a directory is refused", "[config]") {
  TempDir dir;
  REQUIRE(chmod(dir.path().c_str(), 0700) == 0);
  Config config = parse(with_password_file(dir.path()));
  CHECK_THAT(error_of(resolve_passwords(config)), Contains("is not a regular file"));
}

TEST_CASE("password_env takes the password from the environment", "[config]") {
  EnvVar var("JAGA_TEST_PRIMARY_PASSWORD", kPassword);
  Config config = parse(with_primary("password_env = \"JAGA_TEST_PRIMARY_PASSWORD\""));
  REQUIRE(resolve_passwords(config).ok());
  CHECK(config.primary.password == kPassword);
}

TEST_CASE("password_env naming an unset variable is refused naming the variable", "[config]") {
  unsetenv("JAGA_TEST_UNSET_PASSWORD");
  Config config = parse(with_primary("password_env = \"JAGA_TEST_UNSET_PASSWORD\""));
  CHECK_THAT(error_of(resolve_passwords(config)),
             Contains("environment variable JAGA_TEST_UNSET_PASSWORD "
                      "(servers.primary.password_env) is not set"));
}

TEST_CASE("password_env naming an empty variable is refused", "[config]") {
  EnvVar var("JAGA_TEST_EMPTY_PASSWORD", "");
  Config config = parse(with_primary("password_env = \"JAGA_TEST_EMPTY_PASSWORD\""));
  CHECK_THAT(error_of(resolve_passwords(config)),
             Contains("environment variable JAGA_TEST_EMPTY_PASSWORD") && Contains("empty"));
}

TEST_CASE("a later server's password error does not echo an earlier server's password",
          "[config]") {
  EnvVar var("JAGA_TEST_PRIMARY_PASSWORD", kPassword);
  TempDir dir;
  const std::string backup_password = dir.write("backup.password", kPassword, 0644);
  Config config = parse(
      "[servers.primary]\nhost = \"a\"\nuser = \"jaga\"\n"
      "password_env = \"JAGA_TEST_PRIMARY_PASSWORD\"\n"
      "[servers.backup]\nhost = \"b\"\nuser = \"jaga\"\npassword_file = \"" +
      backup_password + "\"\n");
  CHECK_THAT(error_of(resolve_passwords(config)),
             Contains("servers.backup.password_file") && !Contains(kPassword));
}

// ---- [checks.consistency] ---------------------------------------------------------------------

TEST_CASE("[checks.consistency] left out takes its documented defaults", "[config]") {
  const Config config = parse(kMinimal);
  const ConsistencyCheckConfig& c = config.consistency_check;
  CHECK(c.enabled);
  CHECK(c.schemas == std::vector<std::string>{"siak"});
  CHECK(c.tables.empty());
  CHECK(c.chunk_time_target_seconds == 0.005);
  CHECK(c.max_rechecks == 3);
  CHECK(c.max_lag_seconds == 10);
  CHECK(c.max_threads_running == 30);
  CHECK(c.wait_timeout_seconds == 30.0);
  CHECK(c.max_pause_seconds == 600.0);
}

TEST_CASE("an empty [checks.consistency] table takes the defaults", "[config]") {
  const Config config = parse(kMinimal + "[checks.consistency]\n");
  CHECK(config.consistency_check.schemas == std::vector<std::string>{"siak"});
  CHECK(config.consistency_check.tables.empty());
}

TEST_CASE("the example configuration's consistency values load", "[config]") {
  const std::string path = std::string(JAGA_SOURCE_DIR) + "/config/jaga.example.toml";
  std::ifstream in(path);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  Result<Config> config = parse_config(text.str(), path);
  if (!config) FAIL(config.error().message);
  const ConsistencyCheckConfig& c = config->consistency_check;
  CHECK(c.enabled);
  CHECK(c.schemas == std::vector<std::string>{"siak"});
  CHECK(c.tables.empty());
  CHECK(c.chunk_time_target_seconds == 0.005);
  CHECK(c.max_rechecks == 3);
  CHECK(c.max_lag_seconds == 10);
  CHECK(c.max_threads_running == 30);
  CHECK(c.wait_timeout_seconds == 30.0);
  CHECK(c.max_pause_seconds == 600.0);
}

TEST_CASE("every [checks.consistency] key is read", "[config]") {
  const Config config = parse(kMinimal + R"([checks.consistency]
enabled = false
schemas = ["siak", "siak_arsip"]
tables = ["siak.biodata_wni", "data_keluarga"]
chunk_time_target_seconds = 0.5
max_rechecks = 5
max_lag_seconds = 0
max_threads_running = 64
wait_timeout_seconds = 12.5
max_pause_seconds = 0
)");
  const ConsistencyCheckConfig& c = config.consistency_check;
  CHECK_FALSE(c.enabled);
  CHECK(c.schemas == std::vector<std::string>{"siak", "siak_arsip"});
  CHECK(c.tables == std::vector<std::string>{"siak.biodata_wni", "data_keluarga"});
  CHECK(c.chunk_time_target_seconds == 0.5);
  CHECK(c.max_rechecks == 5);
  CHECK(c.max_lag_seconds == 0);
  CHECK(c.max_threads_running == 64);
  CHECK(c.wait_timeout_seconds == 12.5);
  CHECK(c.max_pause_seconds == 0.0);
}

TEST_CASE("a whole number of seconds is accepted for chunk_time_target_seconds", "[config]") {
  const Config config = parse(kMinimal + "[checks.consistency]\nchunk_time_target_seconds = 1\n");
  CHECK(config.consistency_check.chunk_time_target_seconds == 1.0);
}

TEST_CASE("an empty schemas list is refused with file and line", "[config]") {
  // A rule checked after reading: reported at the [checks.consistency] header.
  CHECK_THAT(parse_error(kMinimal + "[checks.consistency]\nschemas = []\n"),
             StartsWith("/etc/jaga/jaga.toml:9:") &&
                 Contains("'checks.consistency.schemas' must name at least one schema"));
}

TEST_CASE("schemas written as a string instead of an array is refused naming the key", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[checks.consistency]\nschemas = \"siak\"\n"),
             StartsWith("/etc/jaga/jaga.toml:10:") &&
                 Contains("'checks.consistency.schemas' must be an array of strings, got a "
                          "string"));
}

TEST_CASE("tables holding a number is refused at that element", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[checks.consistency]\ntables = [\"biodata_wni\", 7]\n"),
             StartsWith("/etc/jaga/jaga.toml:10:26:") &&
                 Contains("'checks.consistency.tables' must be an array of strings, got an "
                          "integer"));
}

TEST_CASE("tables holding a nested array is refused", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[checks.consistency]\ntables = [[\"biodata_wni\"]]\n"),
             Contains("'checks.consistency.tables' must be an array of strings, got an array"));
}

TEST_CASE("a chunk time target of zero is refused with the allowed range", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[checks.consistency]\nchunk_time_target_seconds = 0\n"),
             StartsWith("/etc/jaga/jaga.toml:10:") &&
                 Contains("'checks.consistency.chunk_time_target_seconds' must be between 0.001 "
                          "and 60, got 0"));
}

TEST_CASE("a chunk time target above a minute is refused", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[checks.consistency]\nchunk_time_target_seconds = 61\n"),
             Contains("'checks.consistency.chunk_time_target_seconds' must be between 0.001 and "
                      "60, got 61"));
}

TEST_CASE("a chunk time target written as a string is refused", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[checks.consistency]\nchunk_time_target_seconds = \"1s\"\n"),
             Contains("'checks.consistency.chunk_time_target_seconds' must be a number, got a "
                      "string"));
}

TEST_CASE("zero rechecks are refused", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[checks.consistency]\nmax_rechecks = 0\n"),
             Contains("'checks.consistency.max_rechecks' must be between 1 and 100, got 0"));
}

TEST_CASE("a negative lag limit is refused", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[checks.consistency]\nmax_lag_seconds = -1\n"),
             Contains("'checks.consistency.max_lag_seconds' must be between 0 and"));
}

TEST_CASE("an unknown key in [checks.consistency] is refused with its full name and line",
          "[config]") {
  const std::string message =
      parse_error(kMinimal + "[checks.consistency]\nschemas = [\"siak\"]\nchunk_rows = 1000\n");
  CHECK_THAT(message, StartsWith("/etc/jaga/jaga.toml:11:"));
  CHECK_THAT(message, Contains("unknown key 'checks.consistency.chunk_rows'") &&
                          Contains("chunk_time_target_seconds"));
}

// ---- [checks.security] ------------------------------------------------------------------------

TEST_CASE("[checks.security] keys are read", "[config]") {
  const Config config = parse(kMinimal + R"(
[checks.security]
enabled = false
ignore_accounts = ["root@localhost"]
allowed_wildcard_accounts = ["jaga@10.0.0.%"]
replication_tls = "always"
)");
  const SecurityCheckConfig& c = config.security_check;
  CHECK_FALSE(c.enabled);
  CHECK(c.ignore_accounts == std::vector<std::string>{"root@localhost"});
  CHECK(c.allowed_wildcard_accounts == std::vector<std::string>{"jaga@10.0.0.%"});
  CHECK(c.replication_tls == "always");
}

TEST_CASE("a security account without @ is refused", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[checks.security]\nignore_accounts = [\"root\"]\n"),
             Catch::Contains("checks.security: account \"root\" must be written user@host"));
}

TEST_CASE("an unknown replication_tls is refused with the choices", "[config]") {
  CHECK_THAT(parse_error(kMinimal + "[checks.security]\nreplication_tls = \"sometimes\"\n"),
             Catch::Contains("'checks.security.replication_tls' must be one of always, never, "
                             "remote, got \"sometimes\""));
}

TEST_CASE("digest_where chooses where consistency digests are computed", "[config]") {
  CHECK(parse(kMinimal).consistency_check.digest_where == "auto");
  CHECK(parse(kMinimal + "[checks.consistency]\ndigest_where = \"server\"\n")
            .consistency_check.digest_where == "server");
  CHECK_THAT(parse_error(kMinimal + "[checks.consistency]\ndigest_where = \"cloud\"\n"),
             Catch::Contains("'checks.consistency.digest_where' must be one of agent, agents, "
                             "auto, server, got \"cloud\""));
  CHECK(parse(kMinimal + "[checks.consistency]\ndigest_where = \"agents\"\n")
            .consistency_check.digest_where == "agents");
}

TEST_CASE("a server on a socket or a loopback address is on this host", "[config]") {
  ServerConfig s;
  s.host = "127.0.0.1";
  CHECK(s.on_this_host());
  s.host = "10.0.0.2";
  CHECK_FALSE(s.on_this_host());
  s.socket = "/run/mysqld/mysqld.sock";
  CHECK(s.on_this_host());
}

}  // namespace
}  // namespace jaga::config
