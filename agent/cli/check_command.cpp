#include <cstdio>

#include "checks/registry.h"
#include "cli/check_runner.h"
#include "cli/commands.h"
#include "output/check_output.h"

namespace jaga::cli {

int run_check(const config::Config& base_config, const CheckOptions& options, const Clock& clock) {
  config::Config config = base_config;
  if (!options.schemas.empty()) config.consistency_check.schemas = options.schemas;
  if (!options.tables.empty()) config.consistency_check.tables = options.tables;
  const auto all = checks::all_checks();
  auto chosen = select_checks(all, config, options.names);
  if (!chosen) {
    std::fprintf(stderr, "jaga: %s\n", chosen.error().message.c_str());
    return exit_code(Status::kUnknown);
  }

  const RecordedRun recorded = run_and_record(config, *chosen, "check", options.restart, clock);
  const output::CheckRun& run = recorded.run;
  std::string rendered = options.format == "json"     ? output::render_json(run)
                         : options.format == "nagios" ? output::render_nagios(run)
                                                      : output::render_text(run);
  std::fwrite(rendered.data(), 1, rendered.size(), stdout);
  std::fflush(stdout);
  // The same value the output printed: a store problem is one of the run's results.
  return exit_code(run.status());
}

}  // namespace jaga::cli
