#include <fmt/format.h>

#include <cstdio>
#include <functional>
#include <optional>

#include "checks/registry.h"
#include "cli/check_deadline.h"
#include "cli/check_overrides.h"
#include "cli/check_runner.h"
#include "cli/commands.h"
#include "output/check_output.h"
#include "report/report.h"
#include "store/evidence_store.h"

namespace jaga::cli {
namespace {

// The newest result of `check` this host recorded, as it was judged; UNKNOWN when there is none
// or it is older than `max_age` (the check did not run as scheduled: its verdict is stale).
checks::CheckResult newest_recorded(const store::EvidenceStore& store, const std::string& check,
                                    std::chrono::seconds max_age, TimePoint now) {
  store::HistoryQuery q;
  q.check = check;
  q.own_only = true;
  q.limit = 1;
  auto rows = store.results(q);
  checks::CheckResult r;
  r.check = check;
  r.started = r.finished = now;
  if (!rows) {
    r.add(Status::kUnknown, FindingKind::kStoreUnusable, {}, rows.error().message);
  } else if (rows->empty()) {
    r.add(Status::kUnknown, FindingKind::kNoStoredResult, {},
          fmt::format("no result of check {} in the evidence store {} (is `jaga "
                      "serve` running it?)",
                      check, store.path()));
  } else {
    r = store::to_check_result(rows->front());
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(now - r.finished);
    if (age > max_age) {
      // Its numbers are as old as it is: none is passed on as current.
      checks::CheckResult stale;
      stale.check = check;
      stale.started = stale.finished = now;
      stale.add(Status::kUnknown, FindingKind::kStaleStoredResult, {{"age_seconds", age.count()}},
                fmt::format("the newest result is {} old, older than {} (it said: {} {})",
                            format_duration(static_cast<double>(age.count())),
                            format_duration(static_cast<double>(max_age.count())),
                            status_name(r.status), r.summary));
      r = std::move(stale);
    } else {
      r.summary +=
          fmt::format(" (recorded {} ago)",
                      format_duration(static_cast<double>(std::max<int64_t>(0, age.count()))));
    }
  }
  if (r.summary.empty()) r.summarize("");
  return r;
}

// A run that cannot start: the reason on stderr and, for a Nagios poller (which reads stdout
// only), as one UNKNOWN line on stdout.
int refuse(const CheckOptions& options, const std::string& message) {
  std::fprintf(stderr, "jaga: %s\n", message.c_str());
  if (options.format == "nagios") std::printf("JAGA UNKNOWN - %s\n", message.c_str());
  return exit_code(Status::kUnknown);
}

// The one line --timeout prints when the run outlives it, in the run's format.
std::string timeout_line(const CheckOptions& options, double seconds) {
  const std::string checks =
      options.names.empty() ? std::string("the enabled checks")
                            : fmt::format("the check{} {}", options.names.size() == 1 ? "" : "s",
                                          fmt::join(options.names, ", "));
  const std::string text = fmt::format(
      "no result within {:g} s (--timeout); {} did not finish: a server or the evidence store did "
      "not answer in time",
      seconds, checks);
  if (options.format == "json") {
    return nlohmann::json{{"status", "UNKNOWN"}, {"exit_code", 3}, {"summary", text}}.dump() + "\n";
  }
  return "JAGA UNKNOWN - " + text + "\n";
}

int print(const output::CheckRun& run, const std::string& format) {
  const std::string rendered = format == "json"     ? output::render_json(run)
                               : format == "nagios" ? output::render_nagios(run)
                                                    : output::render_text(run);
  std::fwrite(rendered.data(), 1, rendered.size(), stdout);
  std::fflush(stdout);
  // The same value the output printed.
  return exit_code(run.status());
}

int run_from_store(const config::Config& config, const std::vector<checks::Check*>& chosen,
                   const CheckOptions& options, const Clock& clock,
                   const std::function<int(const output::CheckRun&)>& output) {
  const TimePoint now = clock.now();
  output::CheckRun run{config.agent.host_name, now, now, {}};
  std::optional<std::chrono::seconds> max_age;
  if (!options.max_age.empty()) {
    auto since = parse_since(options.max_age, now);
    if (!since || *since > now) {
      return refuse(options, "--max-age " + options.max_age + ": " +
                                 (since ? "must lie in the past" : since.error().message));
    }
    max_age = std::chrono::duration_cast<std::chrono::seconds>(now - *since);
  }
  auto store = store::EvidenceStore::open(config.agent.evidence_db, config.agent.personal_key);
  if (!store) {
    run.results.push_back(store_result(Status::kUnknown, store.error().message, now));
    return output(run);
  }
  const auto expected = report::expected_checks(config, now);
  for (const checks::Check* check : chosen) {
    const std::string name(check->name());
    std::chrono::seconds limit = max_age.value_or(std::chrono::hours(24));
    if (!max_age) {
      for (const report::ExpectedCheck& e : expected) {
        if (e.name == name && e.interval.count() > 0) limit = 2 * e.interval;
      }
    }
    run.results.push_back(newest_recorded(**store, name, limit, now));
  }
  return output(run);
}

}  // namespace

int run_check(const config::Config& base_config, const CheckOptions& options, const Clock& clock,
              Env& env) {
  config::Config config = base_config;
  if (!options.schemas.empty()) config.consistency_check.schemas = options.schemas;
  if (!options.tables.empty()) config.consistency_check.tables = options.tables;
  const auto all = checks::all_checks();
  auto chosen = select_checks(all, config, options.names);
  if (!chosen) return refuse(options, chosen.error().message);
  const bool overridden = !options.warning.empty() || !options.critical.empty();
  if (overridden && options.from_store) {
    return refuse(options,
                  "--warning/--critical judge a check run now; --from-store prints the verdicts "
                  "`jaga serve` recorded with the configured thresholds");
  }
  if (overridden) {
    if (auto applied =
            apply_threshold_overrides(config, options.names, options.warning, options.critical);
        !applied) {
      return refuse(options, applied.error().message);
    }
  }
  std::optional<CheckDeadline> deadline;
  if (!options.timeout.empty()) {
    auto seconds = parse_override_seconds("--timeout", options.timeout);
    if (!seconds || *seconds <= 0) {
      return refuse(options, seconds ? "--timeout " + options.timeout + ": must be more than 0"
                                     : seconds.error().message);
    }
    deadline.emplace(std::chrono::milliseconds(static_cast<int64_t>(*seconds * 1000)),
                     timeout_line(options, *seconds));
  }
  // Exactly one of the run's output and the deadline's line reaches stdout.
  int code = exit_code(Status::kUnknown);
  const auto output = [&](const output::CheckRun& run) {
    if (!deadline) return print(run, options.format);
    deadline->print([&] { code = print(run, options.format); });
    return code;
  };
  if (options.from_store) return run_from_store(config, *chosen, options, clock, output);
  const RecordedRun recorded =
      run_and_record(config, *chosen, "check", options.restart, clock, env);
  // A store problem is one of the run's results.
  return output(recorded.run);
}

}  // namespace jaga::cli
