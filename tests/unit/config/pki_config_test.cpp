#include <catch2/catch.hpp>

#include "config/config.h"

namespace jaga::config {
namespace {

constexpr const char* kServers = R"(
[servers.primary]
host = "127.0.0.1"
user = "jaga"
[servers.backup]
host = "127.0.0.2"
user = "jaga"
)";

Result<Config> parse_with(const std::string& pki) {
  return parse_config(std::string(kServers) + pki, "/etc/jaga/jaga.toml");
}

}  // namespace

TEST_CASE("[pki] has defaults and reads dir and trusted_cas", "[config][pki]") {
  auto defaults = parse_with("");
  REQUIRE(defaults.ok());
  CHECK(defaults->pki.dir == "/var/lib/jaga/pki");
  CHECK(defaults->pki.trusted_cas.empty());
  auto set = parse_with("[pki]\ndir = \"/srv/pki\"\ntrusted_cas = [\"/etc/jaga/bsre-ca.pem\"]\n");
  REQUIRE(set.ok());
  CHECK(set->pki.dir == "/srv/pki");
  CHECK(set->pki.trusted_cas == std::vector<std::string>{"/etc/jaga/bsre-ca.pem"});
}

TEST_CASE("broken [pki] settings name the file, line and key", "[config][pki]") {
  CHECK(parse_with("[pki]\ndir = \"relative/pki\"\n").error().message ==
        "/etc/jaga/jaga.toml:9:7: 'pki.dir': must be an absolute path, got \"relative/pki\"");
  CHECK(parse_with("[pki]\ndir = 5\n").error().message ==
        "/etc/jaga/jaga.toml:9:7: 'pki.dir' must be a string, got an integer");
  CHECK(parse_with("[pki]\ntrusted_cas = \"/etc/ca.pem\"\n").error().message ==
        "/etc/jaga/jaga.toml:9:15: 'pki.trusted_cas' must be an array of strings, got a string");
  CHECK(parse_with("[pki]\ntrusted_cas = [\"ca.pem\"]\n").error().message ==
        "/etc/jaga/jaga.toml:9:15: 'pki.trusted_cas': every entry must be an absolute path to a "
        "PEM file, got \"ca.pem\"");
  CHECK_THAT(parse_with("[pki]\ndirectory = \"/x\"\n").error().message,
             Catch::StartsWith("/etc/jaga/jaga.toml:9:13: unknown key 'pki.directory' (known keys "
                               "here: dir, trusted_cas)"));
}

}  // namespace jaga::config
