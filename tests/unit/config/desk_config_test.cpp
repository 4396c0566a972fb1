#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <fstream>

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

constexpr const char* kDesk = R"([desk]
listen = "0.0.0.0:8443"
cert = "/var/lib/jaga/pki/desk.crt"
key = "/var/lib/jaga/pki/desk.key"
public_url = "https://jaga.disdukcapil.local:8443"
)";

Result<Config> parse_with(const std::string& desk) {
  return parse_config(std::string(kServers) + desk, "/etc/jaga/jaga.toml");
}

}  // namespace

TEST_CASE("[desk] is off unless present, and reads its keys", "[config][desk]") {
  auto off = parse_with("");
  REQUIRE(off.ok());
  CHECK_FALSE(off->desk.enabled);
  auto on = parse_with(kDesk);
  REQUIRE(on.ok());
  CHECK(on->desk.enabled);
  CHECK(on->desk.listen_host == "0.0.0.0");
  CHECK(on->desk.listen_port == 8443);
  CHECK(on->desk.cert == "/var/lib/jaga/pki/desk.crt");
  CHECK(on->desk.key == "/var/lib/jaga/pki/desk.key");
  CHECK(on->desk.public_url == "https://jaga.disdukcapil.local:8443");
  CHECK(on->desk.session_idle_minutes == 30);
  auto idle = parse_with(std::string(kDesk) + "session_idle_minutes = 15\n");
  REQUIRE(idle.ok());
  CHECK(idle->desk.session_idle_minutes == 15);
}

TEST_CASE("broken [desk] settings name the file, line and key", "[config][desk]") {
  CHECK_THAT(parse_with("[desk]\ncert = \"/c\"\nkey = \"/k\"\npublic_url = \"https://h\"\n")
                 .error()
                 .message,
             Catch::Contains("'desk.listen'"));
  CHECK(parse_with("[desk]\nlisten = \"0.0.0.0:8443\"\ncert = \"desk.crt\"\nkey = \"/k\"\n"
                   "public_url = \"https://h\"\n")
            .error()
            .message ==
        "/etc/jaga/jaga.toml:10:8: 'desk.cert': must be an absolute path to a PEM file, got "
        "\"desk.crt\"");
  for (const char* url : {"http://h", "https://h/", "https://h/verifikasi", "https://", "h:8443",
                          "https://h:8443?x=1", "https://h\"onload"}) {
    INFO(url);
    const std::string text = fmt::format(
        "[desk]\nlisten = \"0.0.0.0:8443\"\ncert = \"/c\"\nkey = \"/k\"\n"
        "public_url = \"{}\"\n",
        std::string(url).find('"') != std::string::npos ? "https://h\\\"onload" : url);
    auto parsed = parse_with(text);
    REQUIRE_FALSE(parsed.ok());
    CHECK_THAT(parsed.error().message,
               Catch::StartsWith("/etc/jaga/jaga.toml:12:14: 'desk.public_url': must be https://"));
  }
  CHECK_THAT(parse_with(std::string(kDesk) + "session_idle_minutes = 0\n").error().message,
             Catch::Contains("'desk.session_idle_minutes' must be between 1 and 480, got 0"));
  CHECK_THAT(parse_with(std::string(kDesk) + "port = 1\n").error().message,
             Catch::Contains("unknown key 'desk.port'"));
}

TEST_CASE("the example configuration's desk block loads once uncommented", "[config][desk]") {
  std::ifstream in(std::string(JAGA_SOURCE_DIR) + "/config/jaga.example.toml");
  REQUIRE(in);
  std::string block;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    inside = inside || line == "# [desk]";
    if (inside && line.empty()) break;
    if (inside && line.starts_with("# ")) block += line.substr(2) + "\n";
  }
  auto c = parse_with(block);
  if (!c) FAIL(c.error().message);
  CHECK(c->desk.enabled);
  CHECK(c->desk.public_url == "https://jaga.dukcapil.local:8443");
}

}  // namespace jaga::config
