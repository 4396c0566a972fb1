// The [report] section: defaults, a full table, and broken input reported with file, line, key.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <string>

#include "config/config.h"

namespace jaga::config {
namespace {

using Catch::Contains;

constexpr const char* kPath = "/etc/jaga/jaga.toml";
// Lines 1-6.
const std::string kServers =
    "[servers.primary]\nhost = \"127.0.0.1\"\nuser = \"jaga\"\n"
    "[servers.backup]\nhost = \"10.0.0.2\"\nuser = \"jaga\"\n";

std::string error_of(const std::string& text) {
  Result<Config> config = parse_config(kServers + text, kPath);
  REQUIRE_FALSE(config.ok());
  return config.error().message;
}

TEST_CASE("no [report]: Indonesian, WIB, /var/lib/jaga/reports", "[report][config]") {
  auto c = parse_config(kServers, kPath);
  REQUIRE(c.ok());
  CHECK(c->report.dir == "/var/lib/jaga/reports");
  CHECK(c->report.language == "id");
  CHECK(c->report.zone.offset() == std::chrono::hours(7));
  CHECK(c->report.number_format == "LAP/{kind}/{yyyy}{mm}{dd}");
  CHECK(c->report.apk.name.empty());
}

TEST_CASE("a full [report] table", "[report][config]") {
  auto c =
      parse_config(kServers +
                       "[report]\ndir = \"/srv/laporan\"\nlanguage = \"en\"\n"
                       "time_zone = \"Asia/Makassar\"\n"
                       "number_format = \"{kind}-{yyyy}.{mm}.{dd}/SIAK\"\n"
                       "[report.letterhead]\ngovernment = \"PEMERINTAH KABUPATEN SEMARANG\"\n"
                       "agency = \"DINAS KEPENDUDUKAN\"\naddress = \"Jl. Pemuda No 7\"\n"
                       "[report.officials.apk]\nname = \"Budi\"\nnip = \"19800101 200501 1 001\"\n"
                       "[report.officials.kabid]\nname = \"Sri\"\n"
                       "email = \"kabid.dafduk@dukcapil.local\"\n",
                   kPath);
  if (!c) FAIL(c.error().message);
  CHECK(c->report.dir == "/srv/laporan");
  CHECK(c->report.language == "en");
  CHECK(c->report.zone.offset() == std::chrono::hours(8));
  CHECK(c->report.government == "PEMERINTAH KABUPATEN SEMARANG");
  CHECK(c->report.address == "Jl. Pemuda No 7");
  CHECK(c->report.apk.nip == "198001012005011001");
  CHECK(c->report.kabid.name == "Sri");
  CHECK(c->report.sub_koord.name.empty());
  CHECK(c->report.kabid.email == "kabid.dafduk@dukcapil.local");
  CHECK(c->report.apk.email.empty());
  CHECK(c->report.official("kabid") == &c->report.kabid);
  CHECK(c->report.official("scheduler") == nullptr);
}

TEST_CASE("[report.verdict] sets the coverage and WARN thresholds of the verdict",
          "[report][config]") {
  auto defaults = parse_config(kServers, kPath);
  REQUIRE(defaults.ok());
  CHECK(defaults->report.verdict.min_coverage_percent == 90);
  CHECK(defaults->report.verdict.max_warn_hours == 24);
  auto c = parse_config(
      kServers + "[report.verdict]\nmin_coverage_percent = 95.5\nmax_warn_hours = 8\n", kPath);
  if (!c) FAIL(c.error().message);
  CHECK(c->report.verdict.min_coverage_percent == 95.5);
  CHECK(c->report.verdict.max_warn_hours == 8);
  CHECK_THAT(error_of("[report.verdict]\nmin_coverage_percent = 120\n"),
             Contains("'report.verdict.min_coverage_percent' must be between 0 and 100, got 120"));
}

TEST_CASE("broken [report] input names the file, line and key", "[report][config]") {
  CHECK(error_of("[report]\nlanguage = \"jv\"\n") ==
        "/etc/jaga/jaga.toml:8:12: 'report.language' must be one of en, id, got \"jv\"");
  CHECK_THAT(
      error_of("[report]\ntime_zone = \"Europe/Berlin\"\n"),
      Contains("jaga.toml:8:") && Contains("'report.time_zone'") && Contains("Asia/Jakarta"));
  CHECK_THAT(error_of("[report]\nnumber_format = \"LAP/{yyyy}{mm}{dd}\"\n"),
             Contains("'report.number_format': must contain {kind}"));
  CHECK_THAT(error_of("[report]\nnumber_format = \"LAP {kind}{yyyy}{mm}{dd}\"\n"),
             Contains("character ' ' is not allowed"));
  CHECK_THAT(error_of("[report]\nnumber_format = \"{kind}{yyyy}{mm}\"\n"),
             Contains("must contain {dd}"));
  CHECK_THAT(error_of("[report]\ndir = \"\"\n"), Contains("'report.dir': must name a directory"));
  CHECK_THAT(error_of("[report.letterhead]\nlogo = \"/etc/jaga/logo.jpg\"\n"),
             Contains("'report.letterhead.logo': must be a PNG file"));
  CHECK_THAT(error_of("[report.letterhead]\nmotto = \"x\"\n"),
             Contains("unknown key 'report.letterhead.motto'"));
  CHECK_THAT(error_of("[report.officials.apk]\nnip = \"198001012005011001\"\n"),
             Contains("missing required key 'report.officials.apk.name'"));
  CHECK_THAT(error_of("[report.officials.kabid]\nname = \"Sri\"\nnip = \"12345\"\n"),
             Contains("jaga.toml:9:") && Contains("a NIP has 18 digits, this one has 5"));
  CHECK_THAT(error_of("[report.officials.kabid]\nname = \"Sri\"\nnip = \"1980-01-01\"\n"),
             Contains("'report.officials.kabid.nip': a NIP has 18 digits (spaces allowed)"));
  for (const char* email : {"kabid", "@dukcapil.local", "kabid@", "Sri <sri@x.id>", "a@b,c@d"}) {
    INFO(email);
    CHECK_THAT(
        error_of(fmt::format("[report.officials.kabid]\nname = \"Sri\"\nemail = \"{}\"\n", email)),
        Contains("'report.officials.kabid.email': must be a plain address like"));
  }
  CHECK_THAT(error_of("[report.officials.camat]\nname = \"X\"\n"),
             Contains("unknown key 'report.officials.camat'"));
  CHECK_THAT(error_of("[report]\ndir = 5\n"),
             Contains("'report.dir' must be a string, got an integer"));
}

}  // namespace
}  // namespace jaga::config
