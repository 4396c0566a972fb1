// Issue 18: under systemd (JOURNAL_STREAM set) each line on stderr starts with its sd-daemon(3)
// priority, so that journald keeps warnings and errors apart from the rest.
#include <stdlib.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <regex>
#include <sstream>

#include "store/evidence_store.h"
#include "tests/integration/sandbox.h"

namespace jaga::test {
namespace {

using Catch::Contains;

TEST_CASE("under journald every log line carries its priority", "[cli][log]") {
  TempDir dir;
  const std::string config = dir.write(
      "jaga.toml", "[agent]\nevidence_db = \"" + dir.path() +
                       "/evidence.db\"\n[servers.primary]\nhost = \"127.0.0.1\"\nport = 1\n"
                       "user = \"jaga\"\n[servers.backup]\nhost = \"127.0.0.1\"\nport = 1\n"
                       "user = \"jaga\"\n");
  // A store file others may read is narrowed to 0640 with a warning.
  REQUIRE(store::EvidenceStore::open(dir.path() + "/evidence.db").ok());
  REQUIRE(::chmod((dir.path() + "/evidence.db").c_str(), 0644) == 0);
  ::setenv("JOURNAL_STREAM", "8:12345", 1);
  const auto r = run_jaga({"--config", config, "--log-level", "debug", "check", "server"});
  ::unsetenv("JOURNAL_STREAM");
  INFO(r.err);
  CHECK(r.exit_code == 2);  // both servers down
  std::istringstream in(r.err);
  std::string line;
  int lines = 0;
  bool warning = false;
  const std::regex prefixed(R"(^<[2-7]>(critical|error|warning|info|debug|trace): .*)");
  while (std::getline(in, line)) {
    CHECK(std::regex_match(line, prefixed));
    warning |= line.starts_with("<4>warning: evidence store file");
    ++lines;
  }
  CHECK(lines > 0);
  CHECK(warning);
}

}  // namespace
}  // namespace jaga::test
