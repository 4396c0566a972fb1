// [peer] and [metrics]: good input, and every broken input with the error text it must give.
#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "config/config.h"

namespace jaga::config {
namespace {

using Catch::Contains;

constexpr const char* kPath = "/etc/jaga/jaga.toml";
const std::string kServers =
    "[servers.primary]\nhost = \"127.0.0.1\"\nuser = \"jaga\"\n"
    "[servers.backup]\nhost = \"10.0.0.2\"\nuser = \"jaga\"\n";
const std::string kFingerprint =
    "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:"
    "89";

// A coordinator [peer] with `extra` lines appended to the table and `entry` as the peer.
std::string coordinator(const std::string& extra = "", const std::string& entry =
                                                           "name = \"backup\"\nurl = "
                                                           "\"https://10.0.0.2:9443\"\ncn = "
                                                           "\"jaga-backup\"\n") {
  return kServers +
         "[peer]\nrole = \"coordinator\"\ncert = \"/etc/jaga/pki/a.crt\"\nkey = "
         "\"/etc/jaga/pki/a.key\"\nca = \"/etc/jaga/pki/ca.crt\"\n" +
         extra + "[[peer.peers]]\n" + entry;
}

// The backup host's agent: listens, pins the coordinator by CN.
std::string backup_agent() {
  return kServers +
         "[peer]\nrole = \"agent\"\nlisten = \"127.0.0.1:9443\"\ncert = \"c\"\nkey = \"k\"\nca = "
         "\"ca\"\n[[peer.peers]]\nname = \"primary\"\ncn = \"jaga-primary\"\n";
}

Config parse(const std::string& text) {
  auto config = parse_config(text, kPath);
  INFO(text);
  if (!config) FAIL(config.error().message);
  return *config;
}

std::string error(const std::string& text) {
  auto config = parse_config(text, kPath);
  INFO(text);
  REQUIRE_FALSE(config.ok());
  return config.error().message;
}

TEST_CASE("no [peer] and no [metrics] switch both off", "[config][peer]") {
  const Config c = parse(kServers);
  CHECK_FALSE(c.peer.enabled);
  CHECK(c.metrics.listen_host.empty());
}

TEST_CASE("a coordinator's [peer] with its defaults", "[config][peer]") {
  const Config c = parse(coordinator());
  CHECK(c.peer.enabled);
  CHECK(c.peer.role == PeerRole::kCoordinator);
  CHECK(c.peer.listen_host.empty());
  CHECK(c.peer.pull_interval_seconds == 60);
  CHECK(c.peer.unreachable_crit_after_seconds == 900);
  CHECK(c.peer.read_timeout_seconds == 10);
  REQUIRE(c.peer.peers.size() == 1);
  CHECK(c.peer.peers[0].url == "https://10.0.0.2:9443");
  CHECK(c.peer.peers[0].cn == "jaga-backup");
}

// Issue 18: the backup host's agent scheduled the daily consistency check too, unless overridden.
TEST_CASE("the backup host's agent leaves the consistency check to the coordinator by default",
          "[config][peer]") {
  const auto checks_of = [](const Config& c) {
    std::vector<std::string> names;
    for (const auto& job : c.schedule.jobs) {
      if (job.report.empty()) names.push_back(job.check);
    }
    return names;
  };
  CHECK(checks_of(parse(backup_agent())) ==
        std::vector<std::string>{"server", "replication", "security"});
  CHECK(checks_of(parse(coordinator())) ==
        std::vector<std::string>{"server", "replication", "consistency", "security"});
  // Jobs given by the configuration are kept as given, on either host.
  CHECK(checks_of(parse(backup_agent() + "[schedule]\n[[schedule.jobs]]\ncheck = \"consistency\"\n"
                                         "cron = \"0 3 * * *\"\n")) ==
        std::vector<std::string>{"consistency"});
}

// Issue 16: reports name hosts by their place in the office, never by host name.
TEST_CASE("hosts' display names for reports, with their defaults", "[config][peer]") {
  const Config lone = parse(kServers);
  CHECK(lone.agent.display_name == "Server Utama");
  const Config coord =
      parse(coordinator("", "name = \"b1\"\nurl = \"https://10.0.0.2:9443\"\ncn = \"jaga-b1\"\n") +
            "[[peer.peers]]\nname = \"b2\"\ncn = \"jaga-b2\"\n[[peer.peers]]\nname = \"dr\"\ncn = "
            "\"jaga-dr\"\ndisplay_name = \"Server DRC\"\n");
  CHECK(coord.agent.display_name == "Server Utama");
  REQUIRE(coord.peer.peers.size() == 3);
  CHECK(coord.peer.peers[0].display_name == "Server Cadangan");
  CHECK(coord.peer.peers[1].display_name == "Server Cadangan 2");
  CHECK(coord.peer.peers[2].display_name == "Server DRC");
  const Config agent =
      parse(kServers +
            "[agent]\ndisplay_name = \"Server Cadangan Ungaran\"\n[peer]\nrole = "
            "\"agent\"\nlisten = \"127.0.0.1:9443\"\ncert = \"c\"\nkey = \"k\"\nca = "
            "\"ca\"\n[[peer.peers]]\nname = \"primary\"\ncn = \"jaga-primary\"\n");
  CHECK(agent.agent.display_name == "Server Cadangan Ungaran");
  CHECK(agent.peer.peers[0].display_name == "Server Utama");
}

// Issue 18: report drafting belongs to the coordinator, which holds both hosts' results.
TEST_CASE("the backup host's agent drafts no reports by default, the coordinator all three",
          "[config][peer]") {
  const auto reports_of = [](const Config& c) {
    std::vector<std::string> periods;
    for (const auto& job : c.schedule.jobs) {
      if (!job.report.empty()) periods.push_back(job.report);
    }
    return periods;
  };
  CHECK(reports_of(parse(backup_agent())).empty());
  CHECK(reports_of(parse(coordinator())) == std::vector<std::string>{"daily", "weekly", "monthly"});
  CHECK(reports_of(parse(kServers)) == std::vector<std::string>{"daily", "weekly", "monthly"});
  // Report jobs given by the configuration are kept as given, on either host.
  CHECK(reports_of(parse(backup_agent() + "[schedule]\n[[schedule.reports]]\nperiod = "
                                          "\"monthly\"\ncron = \"0 3 1 * *\"\n")) ==
        std::vector<std::string>{"monthly"});
}

TEST_CASE("an agent's [peer] listens and pins by fingerprint, normalized", "[config][peer]") {
  const Config c = parse(kServers +
                         "[peer]\nrole = \"agent\"\nlisten = \"[::1]:9443\"\ncert = \"c\"\n"
                         "key = \"k\"\nca = \"ca\"\n[[peer.peers]]\nname = \"primary\"\n"
                         "fingerprint = \"" +
                         kFingerprint + "\"\n");
  CHECK(c.peer.listen_host == "::1");
  CHECK(c.peer.listen_port == 9443);
  CHECK(c.peer.peers[0].fingerprint.substr(0, 9) == "AB:CD:EF:");
  CHECK(c.peer.peers[0].fingerprint.size() == 95);
}

TEST_CASE("[metrics] defaults to loopback port 9477", "[config][peer]") {
  const Config c = parse(kServers + "[metrics]\n");
  CHECK(c.metrics.listen_host == "127.0.0.1");
  CHECK(c.metrics.listen_port == 9477);
  CHECK(parse(kServers + "[metrics]\nlisten = \"0.0.0.0:9100\"\n").metrics.listen_port == 9100);
}

TEST_CASE("broken [peer] and [metrics] are refused with file, line and key", "[config][peer]") {
  CHECK_THAT(error(coordinator("role2 = 1\n")),
             Contains("/etc/jaga/jaga.toml:12:9: unknown key 'peer.role2'"));
  CHECK_THAT(error(coordinator("pull_interval_seconds = 0\n")),
             Contains("'peer.pull_interval_seconds' must be between 1 and 86400, got 0"));
  CHECK_THAT(error(kServers + "[peer]\nrole = \"boss\"\ncert = \"c\"\nkey = \"k\"\nca = \"c\"\n"),
             Contains("'peer.role' must be one of agent, coordinator, got \"boss\""));
  CHECK_THAT(error(kServers + "[peer]\nrole = \"agent\"\nlisten = \"x:1\"\nkey = \"k\"\n"
                              "ca = \"c\"\n"),
             Contains("missing required key 'peer.cert'"));
  CHECK_THAT(error(coordinator("listen = \"9443\"\n")),
             Contains("'peer.listen': \"9443\" is not HOST:PORT"));
  CHECK_THAT(error(coordinator("listen = \"host:70000\"\n")),
             Contains("\"host:70000\" is not HOST:PORT"));
  CHECK_THAT(
      error(coordinator("",
                        "name = \"backup\"\nurl = \"http://10.0.0.2:9443\"\n"
                        "cn = \"x\"\n")),
      Contains("'peer.peers[0].url': must be https://HOST:PORT, got \"http://10.0.0.2:9443\""));
  CHECK_THAT(error(coordinator("",
                               "name = \"backup\"\nurl = \"https://b:1\"\n"
                               "fingerprint = \"AB:CD\"\n")),
             Contains("'peer.peers[0].fingerprint': must be the certificate's SHA-256 "
                      "fingerprint, 64 hex digits"));
  CHECK_THAT(error(coordinator("", "name = \"backup\"\nurl = \"https://b:1\"\n")),
             Contains("peer 'backup' must be pinned by exactly one of 'fingerprint' or 'cn'"));
  CHECK_THAT(error(coordinator("", "url = \"https://b:1\"\ncn = \"x\"\n")),
             Contains("missing required key 'peer.peers[0].name'"));
  CHECK_THAT(error(coordinator("", "name = \"backup\"\ncn = \"x\"\n")),
             Contains("peer.role = \"coordinator\" needs at least one [[peer.peers]] entry with "
                      "a url"));
  CHECK_THAT(error(coordinator("unreachable_warn_after_seconds = 1000\n")),
             Contains("'peer.unreachable_warn_after_seconds' must not be greater than "
                      "'peer.unreachable_crit_after_seconds'"));
  CHECK_THAT(error(coordinator() + "[[peer.peers]]\nname = \"backup\"\ncn = \"y\"\n"),
             Contains("peer 'backup' is listed twice"));
  CHECK_THAT(error(kServers + "[peer]\nrole = \"agent\"\ncert = \"c\"\nkey = \"k\"\nca = \"c\"\n"
                              "[[peer.peers]]\nname = \"primary\"\ncn = \"x\"\n"),
             Contains("peer.role = \"agent\" needs 'peer.listen'"));
  CHECK_THAT(error(kServers + "[metrics]\nlisten = \"localhost\"\n"),
             Contains("'metrics.listen': \"localhost\" is not HOST:PORT"));
  CHECK_THAT(error(kServers + "[metrics]\nport = 1\n"), Contains("unknown key 'metrics.port'"));
}

TEST_CASE("the example's [peer] and [metrics] block parses once uncommented", "[config][peer]") {
  std::ifstream in(std::string(JAGA_SOURCE_DIR) + "/config/jaga.example.toml");
  REQUIRE(in);
  std::string line;
  std::string block;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line == "# END peer example") inside = false;
    if (inside) {
      REQUIRE((line == "#" || line.starts_with("# ")));
      block += (line == "#" ? "" : line.substr(2)) + "\n";
    }
    if (line == "# BEGIN peer example") inside = true;
  }
  const Config c = parse(kServers + block);
  CHECK(c.peer.role == PeerRole::kCoordinator);
  CHECK(c.peer.peers.at(0).url == "https://backup.dukcapil.local:9443");
  CHECK(c.metrics.listen_port == 9477);
}

TEST_CASE("[notify] takes a webhook and where its token is, never the token", "[config][notify]") {
  const Config c = parse(kServers +
                         "[notify]\nwebhook_url = \"https://hooks.example/jaga\"\n"
                         "webhook_token_file = \"/etc/jaga/webhook.token\"\n");
  CHECK(c.notify.webhook_url == "https://hooks.example/jaga");
  CHECK(c.notify.webhook_token_file == "/etc/jaga/webhook.token");
  CHECK(c.notify.timeout_seconds == 10);
  CHECK_THAT(
      error(kServers + "[notify]\nwebhook_url = \"ftp://x\"\n"),
      Contains("'notify.webhook_url': must start with https:// or http://, got \"ftp://x\""));
  CHECK_THAT(error(kServers + "[notify]\ntimeout_seconds = 5\n"),
             Contains("[notify] needs 'notify.webhook_url' or 'notify.smtp_url' (or both)"));
  CHECK_THAT(error(kServers + "[notify]\nwebhook_url = \"http://x\"\nwebhook_token_env = "
                              "\"sekret value\"\n"),
             Contains("'notify.webhook_token_env' must be the name of an environment variable"));
  CHECK_THAT(error(kServers + "[notify]\nwebhook_url = \"http://x\"\nwebhook_token_env = "
                              "\"T\"\nwebhook_token_file = \"/f\"\n"),
             Contains("give at most one of"));
}

}  // namespace
}  // namespace jaga::config
