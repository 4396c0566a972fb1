#include "cli/check_runner.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <optional>

#include "db/servers.h"
#include "store/evidence_store.h"

namespace jaga::cli {
namespace {

checks::CheckResult run_one(checks::Check& check, checks::CheckContext& context) {
  const TimePoint started = context.clock.now();
  checks::CheckResult result;
  try {
    result = check.run(context);
  } catch (const std::exception& e) {
    // A bug, not a finding; still a status rather than a crash of the whole run.
    result = checks::CheckResult{};
    result.add(Status::kUnknown,
               fmt::format("internal error in check {}: {}", check.name(), e.what()));
    result.summarize("");
  }
  result.check = std::string(check.name());
  result.started = started;
  result.finished = context.clock.now();
  return result;
}

}  // namespace

Result<std::vector<checks::Check*>> select_checks(
    const std::vector<std::unique_ptr<checks::Check>>& all, const config::Config& config,
    const std::vector<std::string>& names) {
  std::vector<checks::Check*> chosen;
  if (names.empty()) {
    for (const auto& c : all) {
      if (c->enabled(config)) chosen.push_back(c.get());
    }
    return chosen;
  }
  for (const std::string& name : names) {
    checks::Check* found = nullptr;
    std::string known;
    for (const auto& c : all) {
      if (c->name() == name) found = c.get();
      known += (known.empty() ? "" : ", ") + std::string(c->name());
    }
    if (found == nullptr) {
      return Error{fmt::format("unknown check '{}' (known checks: {})", name, known)};
    }
    chosen.push_back(found);
  }
  return chosen;
}

RecordedRun run_and_record(const config::Config& config, const std::vector<checks::Check*>& chosen,
                           std::string_view command, bool restart, const Clock& clock) {
  RecordedRun recorded;
  output::CheckRun& run = recorded.run;
  run.host = config.agent.host_name;
  run.started = clock.now();

  auto store = store::EvidenceStore::open(config.agent.evidence_db, config.agent.personal_key);
  std::optional<int64_t> run_id;
  if (!store) {
    spdlog::error("{}; results of this run are not kept", store.error().message);
  } else if (auto id = (*store)->begin_run(run.host, std::string(command), run.started); !id) {
    spdlog::error("{}; results of this run are not kept", id.error().message);
  } else {
    run_id = *id;
  }

  db::Servers servers(config.primary, config.backup);
  std::optional<store::StoreCheckpoints> checkpoints;
  if (store) checkpoints.emplace(**store, clock);
  checks::CheckContext context{config, servers, clock, checkpoints ? &*checkpoints : nullptr,
                               restart};
  recorded.store_failed = !run_id;
  for (checks::Check* check : chosen) {
    spdlog::info("running check {}", check->name());
    checks::CheckResult result = run_one(*check, context);
    spdlog::info("check {}: {} — {}", result.check, status_name(result.status), result.summary);
    run.status = worse(run.status, result.status);
    if (run_id) {
      if (auto saved = (*store)->record(*run_id, run.host, result); !saved) {
        spdlog::error("{}", saved.error().message);
        recorded.store_failed = true;
      }
    }
    run.results.push_back(std::move(result));
  }
  run.finished = clock.now();
  if (run_id) {
    if (auto done = (*store)->finish_run(*run_id, run.status, run.finished); !done) {
      spdlog::error("{}", done.error().message);
      recorded.store_failed = true;
    }
  }
  return recorded;
}

}  // namespace jaga::cli
