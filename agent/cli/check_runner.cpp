#include "cli/check_runner.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <optional>

#include "db/servers.h"
#include "peer/consistency_client.h"
#include "store/evidence_store.h"

namespace jaga::cli {
namespace {

// The backup host's agent, when [peer] names one to reach (the first peer with a url).
checks::RemoteBackupOpener remote_backup_of(const config::Config& config) {
  if (!config.peer.enabled || config.peer.role != config::PeerRole::kCoordinator) return nullptr;
  for (const config::PeerEntry& peer : config.peer.peers) {
    if (peer.url.empty()) continue;
    return [&config, peer] { return peer::PeerBackupSide::start(config.peer, peer); };
  }
  return nullptr;
}

checks::CheckResult run_one(checks::Check& check, checks::CheckContext& context) {
  const TimePoint started = context.clock.now();
  checks::CheckResult result;
  try {
    result = check.run(context);
  } catch (const std::exception& e) {
    // A bug, not a finding; still a status rather than a crash of the whole run.
    result = checks::CheckResult{};
    result.add(Status::kUnknown, FindingKind::kCheckFailed, {},
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

checks::CheckResult store_result(Status status, const std::string& message, TimePoint at) {
  checks::CheckResult result;
  result.check = kStoreResultName;
  result.add(status, FindingKind::kStoreUnusable, {}, message);
  result.summarize("");
  result.started = at;
  result.finished = at;
  return result;
}

namespace {

// The first problem with the evidence store during a run, and the worst status it earned.
struct StoreProblem {
  Status status = Status::kOk;
  std::string message;

  // Notes a failure of `store` (null: it never opened) with `error`.
  void note(const store::EvidenceStore* store, bool damaged, const Error& error) {
    spdlog::error("{}", error.message);
    if (store != nullptr) damaged = damaged || store->damaged();
    if (message.empty()) message = error.message;
    status = worse(status, damaged ? Status::kCrit : Status::kUnknown);
  }
};

}  // namespace

RecordedRun run_and_record(const config::Config& config, const std::vector<checks::Check*>& chosen,
                           std::string_view command, bool restart, const Clock& clock, Env& env) {
  RecordedRun recorded;
  output::CheckRun& run = recorded.run;
  run.host = config.agent.host_name;
  run.started = clock.now();

  StoreProblem problem;
  bool damaged = false;
  auto store =
      store::EvidenceStore::open(config.agent.evidence_db, config.agent.personal_key, &damaged);
  std::optional<int64_t> run_id;
  if (!store) {
    problem.note(nullptr, damaged, store.error());
  } else if (auto verified =
                 (*store)->quick_check(run.host, run.started, run.started - std::chrono::hours(24));
             !verified) {
    // Nothing more is written into a damaged file: it could only make recovery harder.
    problem.note(store->get(), true, verified.error());
  } else if (auto id = (*store)->begin_run(run.host, std::string(command), run.started); !id) {
    problem.note(store->get(), false, id.error());
  } else {
    run_id = *id;
  }

  db::Servers servers(config.primary, config.backup);
  std::optional<store::StoreCheckpoints> checkpoints;
  if (run_id) checkpoints.emplace(**store, clock);
  checks::CheckContext context{config,
                               servers,
                               clock,
                               checkpoints ? &*checkpoints : nullptr,
                               restart,
                               env,
                               remote_backup_of(config)};
  for (checks::Check* check : chosen) {
    spdlog::info("running check {}", check->name());
    checks::CheckResult result = run_one(*check, context);
    // Under `serve` the journal's priority follows the verdict, so `journalctl -p warning` shows
    // what is wrong; `check` prints the verdict itself and logs it at info.
    const bool by_verdict = command == "serve" && result.status != Status::kOk;
    const spdlog::level::level_enum level = !by_verdict                      ? spdlog::level::info
                                            : result.status == Status::kCrit ? spdlog::level::err
                                                                             : spdlog::level::warn;
    spdlog::log(level, "check {}: {} — {}", result.check, status_name(result.status),
                result.summary);
    if (run_id) {
      if (auto saved = (*store)->record(*run_id, run.host, result); !saved) {
        problem.note(store->get(), false, saved.error());
      }
    }
    run.results.push_back(std::move(result));
  }
  run.finished = clock.now();
  if (run_id) {
    const Status status = worse(run.status(), problem.status);
    if (auto done = (*store)->finish_run(*run_id, status, run.finished); !done) {
      problem.note(store->get(), false, done.error());
    }
  }
  recorded.store_failed = problem.status != Status::kOk;
  if (recorded.store_failed) {
    const bool kept = run_id.has_value();
    run.results.push_back(
        store_result(problem.status,
                     problem.message + (kept ? "; some results of this run are not kept"
                                             : "; the results of this run are not kept"),
                     run.finished));
  }
  return recorded;
}

}  // namespace jaga::cli
