// The jaga program as an administrator and a monitoring system run it: exit codes, formats,
// configuration errors and the evidence it keeps.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "checks/registry.h"
#include "tests/integration/sandbox.h"

namespace jaga::test {

TEST_CASE("jaga check on the healthy sandbox exits 0 and says OK", "[cli]") {
  TempDir dir;
  const auto r = run_jaga({"--config", private_config(dir), "check"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Overall: OK (exit 0)"));
  CHECK_THAT(r.out, Catch::Contains("server"));
  CHECK_THAT(r.out, Catch::Contains("replication"));
}

TEST_CASE("jaga check --format json prints one parseable document", "[cli]") {
  TempDir dir;
  const auto r = run_jaga({"--config", private_config(dir), "check", "--format", "json"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["status"] == "OK");
  CHECK(doc["exit_code"] == 0);
  // Every enabled check, in the registry's order.
  std::vector<std::string> expected;
  for (const auto& c : checks::all_checks()) {
    if (c->enabled(Sandbox::get().config())) expected.emplace_back(c->name());
  }
  REQUIRE(expected.size() >= 4);
  REQUIRE(doc["checks"].size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) CHECK(doc["checks"][i]["name"] == expected[i]);
}

TEST_CASE("jaga check --format nagios prints the plugin line with performance data", "[cli]") {
  TempDir dir;
  const auto r =
      run_jaga({"--config", private_config(dir), "check", "replication", "--format", "nagios"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("JAGA OK - replication OK | "));
  CHECK_THAT(r.out, Catch::Contains("replication_lag=0s;@60:;@300:;0"));
}

TEST_CASE("jaga check exits 2 when the backup server is down", "[cli][down]") {
  TempDir dir;
  Sandbox& sb = Sandbox::get();
  const std::string port = std::to_string(sb.config().backup.port);
  const auto r = run_jaga({"--config", private_config(dir, "port = " + port, "port = 1"), "check",
                           "--format", "nagios"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.out, Catch::StartsWith("JAGA CRITICAL - "));
}

TEST_CASE("jaga check with an unknown check name exits 3 and lists the known ones", "[cli]") {
  TempDir dir;
  const auto r = run_jaga({"--config", private_config(dir), "check", "replicaton"});
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.err, Catch::Contains("unknown check 'replicaton'"));
  CHECK_THAT(r.err, Catch::Contains("server, replication"));
}

TEST_CASE("jaga with a missing configuration file names the file", "[cli][config]") {
  const auto r = run_jaga({"--config", "/nonexistent/jaga.toml", "check"});
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.err, Catch::Contains("/nonexistent/jaga.toml"));
  CHECK_THAT(r.err, Catch::Contains("No such file or directory"));
}

TEST_CASE("jaga config check reports a syntax error with file and line", "[cli][config]") {
  TempDir dir;
  const std::string path = dir.write("broken.toml", "[agent]\nlog_level = \"info\n");
  const auto r = run_jaga({"--config", path, "config", "check"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains(path + ":2:"));
  CHECK_THAT(r.err, Catch::Contains("syntax error"));
}

TEST_CASE("jaga config check reports an unknown key with file and line", "[cli][config]") {
  TempDir dir;
  const auto r =
      run_jaga({"--config",
                private_config(dir, "[checks.replication]", "[checks.replication]\nlag_wran = 5"),
                "config", "check"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("unknown key 'checks.replication.lag_wran'"));
}

TEST_CASE("jaga config check refuses a world-readable password file", "[cli][config]") {
  TempDir dir;
  const std::string password = dir.write("pw", "secret-pw-123\n", 0644);
  Sandbox& sb = Sandbox::get();
  const auto r = run_jaga(
      {"--config", private_config(dir, sb.dir() + "/jaga.password", password), "config", "check"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("chmod 600 " + password));
  CHECK_THAT(r.err, !Catch::Contains("secret-pw-123"));
}

TEST_CASE("jaga config check accepts the sandbox configuration", "[cli][config]") {
  TempDir dir;
  const auto r = run_jaga({"--config", private_config(dir), "config", "check"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("configuration is valid"));
}

TEST_CASE("jaga history shows what earlier runs recorded", "[cli][history]") {
  TempDir dir;
  const std::string config = private_config(dir);
  REQUIRE(run_jaga({"--config", config, "check", "server"}).exit_code == 0);
  REQUIRE(run_jaga({"--config", config, "check", "replication"}).exit_code == 0);
  const auto all = run_jaga({"--config", config, "history", "--format", "json"});
  INFO(all.err);
  REQUIRE(all.exit_code == 0);
  const auto whole = nlohmann::json::parse(all.out);
  CHECK(whole["format_version"] == 1);
  const auto doc = whole.at("results");
  REQUIRE(doc.size() == 2);
  CHECK(doc[0]["check"] == "replication");  // newest first
  CHECK(doc[1]["check"] == "server");
  const auto only = run_jaga({"--config", config, "history", "--check", "server", "--since", "1h"});
  CHECK(only.exit_code == 0);
  CHECK_THAT(only.out, Catch::Contains("server"));
  CHECK_THAT(only.out, !Catch::Contains("replication"));
  const auto bad = run_jaga({"--config", config, "history", "--since", "last tuesday"});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("cannot understand \"last tuesday\""));
}

}  // namespace jaga::test

namespace jaga::test {

TEST_CASE("log_format json writes one JSON object per line to stderr and the log file",
          "[cli][log]") {
  TempDir dir;
  const std::string log_file = dir.path() + "/jaga.log";
  const std::string config = private_config(
      dir, "log_level = \"info\"",
      "log_level = \"info\"\nlog_format = \"json\"\nlog_file = \"" + log_file + "\"");
  const auto r = run_jaga({"--config", config, "--log-level", "info", "check", "server"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  size_t lines = 0;
  for (const std::string& text : {r.err, read_file(log_file)}) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      const auto j = nlohmann::json::parse(line);
      CHECK(j.contains("time"));
      CHECK(j.contains("level"));
      CHECK(j["message"].is_string());
      ++lines;
    }
  }
  CHECK(lines >= 4);  // "running check server" and its result, on stderr and in the file
}

TEST_CASE("the password never appears in the log, even at trace level", "[cli][log]") {
  TempDir dir;
  Sandbox& sb = Sandbox::get();
  const std::string password = read_file(sb.dir() + "/jaga.password");
  const auto r = run_jaga({"--config", private_config(dir), "--log-level", "trace", "check"});
  REQUIRE(password.size() >= 8);
  CHECK_THAT(r.err + r.out, !Catch::Contains(password.substr(0, password.find('\n'))));
}

}  // namespace jaga::test
