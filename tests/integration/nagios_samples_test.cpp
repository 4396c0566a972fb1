// Issue 18: the NRPE commands and the Icinga 2 CheckCommand shipped in ops/nagios/ work with the
// jaga they ship with: every NRPE line runs (its arguments parse and it prints one plugin line),
// and every argument of the CheckCommand is an option `jaga check --help` lists.
#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/integration/perfdata.h"
#include "tests/integration/sandbox.h"

namespace jaga::test {
namespace {

using Catch::Contains;
using Catch::StartsWith;

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("every NRPE command in ops/nagios runs and prints one plugin line", "[cli][nagios]") {
  TempDir dir;
  const std::string config = private_config(dir);
  int commands = 0;
  for (const std::string& line : lines_of(JAGA_SOURCE_DIR "/ops/nagios/nrpe.cfg")) {
    if (line.rfind("command[", 0) != 0) continue;
    ++commands;
    INFO(line);
    std::istringstream words(line.substr(line.find('=') + 1));
    std::vector<std::string> argv;
    for (std::string w; words >> w;) argv.push_back(w);
    REQUIRE(argv.size() > 2);
    CHECK(argv[0] == "/usr/bin/jaga");
    CHECK(argv[2] == "/etc/jaga/jaga.toml");
    argv[2] = config;
    const ProcessResult r = run_jaga({argv.begin() + 1, argv.end()});
    INFO(r.out << r.err);
    // Nothing was recorded in this store yet: each says so, as a parsed command would.
    CHECK(r.exit_code == 3);
    CHECK(nagios_line_status(r.out) == Status::kUnknown);
    CHECK_THAT(r.out, Contains("no result of check " + argv[4]));
  }
  CHECK(commands == 5);
}

TEST_CASE("every argument of the Icinga 2 CheckCommand in ops/nagios is a jaga check option",
          "[cli][nagios]") {
  const ProcessResult help = run_jaga({"check", "--help"});
  REQUIRE(help.exit_code == 0);
  const std::regex option(R"re(^\s*"(--[a-z-]+)" = \{)re");
  int options = 0;
  for (const std::string& line : lines_of(JAGA_SOURCE_DIR "/ops/nagios/jaga-icinga2.conf")) {
    std::smatch m;
    if (!std::regex_search(line, m, option)) continue;
    ++options;
    INFO(m[1].str());
    CHECK_THAT(help.out, Contains(m[1].str()));
  }
  CHECK(options == 6);
  CHECK_THAT(help.out, Contains("replication: lag") && Contains("consistency: differing rows"));
}

}  // namespace jaga::test
