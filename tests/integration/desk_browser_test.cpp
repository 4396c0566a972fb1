// The desk in a real headless Chromium (tests/browser/desk_flow_test.mjs, playwright-core):
// officials log in, return, finalize and receive through the pages; screenshots of each page go
// to $JAGA_ARTEFACTS_DIR.
#include <catch2/catch.hpp>

#include "tests/integration/desk_fixture.h"
#include "tests/unit/run_tool.h"

namespace jaga::test {

TEST_CASE("browser: officials return, finalize and receive a report in headless Chromium",
          "[integration][desk][browser]") {
  constexpr const char* kNumber = "LAP/H/20261125";
  DeskOffice o;
  o.draft(kNumber);
  const std::string env = "DESK_URL=https://127.0.0.1:" + std::to_string(kDeskPort) +
                          " DESK_CERT=" + o.desk_cert() + " DESK_NUMBER=" + kNumber +
                          " DESK_PASSWORD=" + kDeskPassword + " DESK_PASSPHRASE=" + kDeskSignerPass;
  const std::string script = " node " JAGA_SOURCE_DIR "/tests/browser/desk_flow_test.mjs 2>&1";
  auto first = jaga::testing::run_tool(env + " DESK_PHASE=1" + script);
  INFO(first.output << o.log());
  REQUIRE(first.exit_code == 0);
  o.draft(kNumber, 80);  // the revision, as `jaga report draft` makes it after a return
  auto second = jaga::testing::run_tool(env + " DESK_PHASE=2" + script);
  INFO(second.output << o.log());
  REQUIRE(second.exit_code == 0);
}

}  // namespace jaga::test
