// [workflow]: defaults, good values, and mistakes named with file, line and key.
#include <catch2/catch.hpp>
#include <string>

#include "config/config.h"

namespace jaga::config {
namespace {

using Catch::Contains;

// Both servers on lines 1-6; what a test adds starts on line 7.
const std::string kServers =
    "[servers.primary]\nhost = \"127.0.0.1\"\nuser = \"jaga\"\n"
    "[servers.backup]\nhost = \"10.0.0.2\"\nuser = \"jaga\"\n";

std::string error_of(const std::string& text) {
  auto config = parse_config(kServers + text, "/etc/jaga/jaga.toml");
  REQUIRE_FALSE(config.ok());
  return config.error().message;
}

TEST_CASE("[workflow] defaults to the shipped SOP-PIAK-07 definition", "[workflow][config]") {
  auto config = parse_config(kServers, "/etc/jaga/jaga.toml");
  REQUIRE(config.ok());
  CHECK(config->workflow.definition == "/etc/jaga/sop-piak-07.toml");
  CHECK(config->workflow.agenda_number_format == "{seq:04}/PIAK/{year}");
  auto set = parse_config(kServers +
                              "[workflow]\ndefinition = \"/srv/sop.toml\"\n"
                              "agenda_number_format = \"{seq}/{month_roman}/{year}\"\n",
                          "/etc/jaga/jaga.toml");
  REQUIRE(set.ok());
  CHECK(set->workflow.definition == "/srv/sop.toml");
  CHECK(set->workflow.agenda_number_format == "{seq}/{month_roman}/{year}");
}

TEST_CASE("broken [workflow] keys are named with file and line", "[workflow][config]") {
  CHECK_THAT(error_of("[workflow]\ndefinition = 3\n"),
             Contains("/etc/jaga/jaga.toml:8:") &&
                 Contains("'workflow.definition' must be a string, got an integer"));
  CHECK_THAT(error_of("[workflow]\ndefinition = \"\"\n"),
             Contains(":8:") && Contains("'workflow.definition': must not be empty"));
  CHECK_THAT(error_of("[workflow]\nagenda_number_format = \"{year}\"\n"),
             Contains(":8:") && Contains("'workflow.agenda_number_format'") &&
                 Contains("it must contain {seq}"));
  CHECK_THAT(error_of("[workflow]\nsteps = 1\n"),
             Contains(":8:") && Contains("unknown key 'workflow.steps'"));
}

}  // namespace
}  // namespace jaga::config
