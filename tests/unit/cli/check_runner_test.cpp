// What run_and_record makes of an evidence store that is out of reach or damaged: one more
// result, so that the run's one status (text, Nagios, JSON, exit code) cannot say OK.
#include "cli/check_runner.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "output/check_output.h"
#include "tests/unit/temp_dir.h"

namespace jaga::cli {
namespace {

using Catch::Contains;
using Catch::StartsWith;
using testing::TempDir;

RecordedRun run_without_checks(const std::string& store) {
  config::Config config;
  config.agent.host_name = "db-utama";
  config.agent.evidence_db = store;
  const SystemClock clock;
  SystemEnv env;
  return run_and_record(config, {}, "check", false, clock, env);
}

void require_every_output_says(const output::CheckRun& run, Status status) {
  CHECK(run.status() == status);
  CHECK_THAT(output::render_text(run),
             Contains(fmt::format("Overall: {} (exit {})", status_nagios_name(status),
                                  exit_code(status))));
  CHECK_THAT(output::render_nagios(run),
             StartsWith(fmt::format("JAGA {} - ", status_nagios_name(status))));
  const auto doc = nlohmann::json::parse(output::render_json(run));
  CHECK(doc["status"] == status_name(status));
  CHECK(doc["exit_code"] == exit_code(status));
}

}  // namespace

TEST_CASE("a healthy store adds nothing to the run", "[check_runner]") {
  TempDir dir;
  const RecordedRun recorded = run_without_checks(dir.file("evidence.db"));
  CHECK_FALSE(recorded.store_failed);
  CHECK(recorded.run.results.empty());
  require_every_output_says(recorded.run, Status::kOk);
}

TEST_CASE("a store that cannot be opened makes the run UNKNOWN naming it", "[check_runner]") {
  TempDir dir;
  const RecordedRun recorded = run_without_checks(dir.path());  // a directory
  CHECK(recorded.store_failed);
  REQUIRE(recorded.run.results.size() == 1);
  CHECK(recorded.run.results[0].check == kStoreResultName);
  CHECK_THAT(recorded.run.results[0].summary,
             Contains(dir.path()) && Contains("results of this run are not kept"));
  require_every_output_says(recorded.run, Status::kUnknown);
}

TEST_CASE("a store that is not a database makes the run CRIT naming it", "[check_runner]") {
  TempDir dir;
  const std::string store = dir.write("evidence.db", std::string(8192, 'x'));
  const RecordedRun recorded = run_without_checks(store);
  REQUIRE(recorded.run.results.size() == 1);
  CHECK_THAT(recorded.run.results[0].summary, Contains(store) && Contains("damaged"));
  require_every_output_says(recorded.run, Status::kCrit);
}

}  // namespace jaga::cli
