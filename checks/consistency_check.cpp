#include "checks/consistency_check.h"

#include <fmt/format.h>

#include <string>
#include <string_view>

#include "checks/consistency_judge.h"
#include "consistency/engine.h"
#include "consistency/schema_compare.h"

namespace jaga::checks {
namespace {

// Which tables a saved progress belongs to: a run over other tables must not continue it.
std::string checkpoint_key(const config::ConsistencyCheckConfig& cfg) {
  return fmt::format("consistency:{}:{}", fmt::join(cfg.schemas, ","), fmt::join(cfg.tables, ","));
}

}  // namespace

CheckResult ConsistencyCheck::run(CheckContext& context) {
  const config::ConsistencyCheckConfig& cfg = context.config.consistency_check;
  ConsistencyObservation seen;
  seen.schemas = cfg.schemas;
  seen.differing_rows_crit = cfg.differing_rows_crit;
  auto primary = context.servers.get(db::Role::kPrimary);
  auto backup = primary ? context.servers.get(db::Role::kBackup) : primary;
  if (!primary || !backup) {
    seen.unreachable = (primary ? backup : primary).error().message;
    return judge_consistency(seen);
  }
  auto tables = consistency::load_tables(**primary, cfg.schemas, cfg.tables);
  if (!tables) {
    seen.tables_error = tables.error().message;
    return judge_consistency(seen);
  }
  // Schema first: every definition of both servers, then rows on the columns both hold.
  auto primary_schema = consistency::read_definitions(**primary, cfg.schemas, cfg.tables);
  auto backup_schema = consistency::read_definitions(**backup, cfg.schemas, cfg.tables);
  if (!primary_schema || !backup_schema) {
    seen.schema_error = (primary_schema ? backup_schema.error() : primary_schema.error()).message;
  } else {
    seen.schema_differences = consistency::compare_definitions(*primary_schema, *backup_schema);
    seen.not_compared = consistency::not_compared(*primary_schema, *backup_schema);
    for (auto& t : *tables) {
      std::vector<std::string> columns;
      t = consistency::common_columns(t, *primary_schema, *backup_schema, columns);
      if (!columns.empty()) seen.columns_left_out[t.full_name()] = columns;
    }
  }
  seen.tables_planned = tables->size();
  if (tables->empty()) return judge_consistency(seen);

  consistency::EngineOptions options;
  options.chunk_time_target_seconds = cfg.chunk_time_target_seconds;
  options.max_rechecks = static_cast<int>(cfg.max_rechecks);
  options.max_lag_seconds = cfg.max_lag_seconds;
  options.max_threads_running = cfg.max_threads_running;
  options.wait_timeout_seconds = cfg.wait_timeout_seconds;
  options.max_pause_seconds = cfg.max_pause_seconds;
  // Rows cross the connections when jaga hashes them: only when neither leaves this host.
  const bool local = context.config.primary.on_this_host() && context.config.backup.on_this_host();
  options.digest_where = cfg.digest_where == "agent" || (cfg.digest_where == "auto" && local)
                             ? consistency::DigestWhere::kAgent
                             : consistency::DigestWhere::kServer;
  // Each host's agent digests its own server: the backup's through a peer session.
  std::unique_ptr<consistency::BackupSide> remote;
  if (cfg.digest_where == "agents" || cfg.digest_where == "auto") {
    auto opened = context.remote_backup
                      ? context.remote_backup()
                      : Result<std::unique_ptr<consistency::BackupSide>>(
                            Error{"no backup agent is configured ([peer] has no peer with a url)"});
    if (opened) {
      remote = std::move(*opened);
      seen.backup_digested_by = remote->label();
      // The primary's agent digests the primary; its rows never leave its host either.
      options.digest_where = context.config.primary.on_this_host()
                                 ? consistency::DigestWhere::kAgent
                                 : consistency::DigestWhere::kServer;
    } else if (cfg.digest_where == "agents") {
      seen.unreachable = "digest_where = \"agents\": " + opened.error().message;
      return judge_consistency(seen);
    } else if (context.remote_backup) {
      seen.peer_session_unused = opened.error().message;
    }
  }
  seen.digest_by_agent = options.digest_where == consistency::DigestWhere::kAgent;
  seen.progress_kept = context.checkpoints != nullptr;
  std::optional<consistency::Engine> engine;
  if (remote) {
    engine.emplace(**primary, *remote, options, context.env);
  } else {
    engine.emplace(**primary, **backup, options, context.env);
  }

  const std::string key = checkpoint_key(cfg);
  const TimePoint now = context.clock.now();
  // When the run whose progress is kept began; a continued run keeps that start.
  seen.run_started_at = format_utc(now);
  std::optional<nlohmann::json> resume;
  if (context.checkpoints != nullptr) {
    if (context.restart) {
      (void)context.checkpoints->clear(key);
    } else {
      resume = context.checkpoints->load(key);
    }
  }
  if (resume) {
    const auto started =
        resume->is_object() ? parse_utc(resume->value("run_started_at", "")) : std::nullopt;
    const double age_hours =
        started ? std::chrono::duration<double>(now - *started).count() / 3600 : 0;
    if (!started) {
      seen.resume_discarded =
          "the kept progress of an interrupted run does not say when that run began";
    } else if (age_hours > cfg.resume_max_age_hours || age_hours < 0) {
      seen.resume_discarded = fmt::format(
          "an interrupted run that began at {} was not continued: it is older than {} h "
          "(checks.consistency.resume_max_age_hours)",
          format_utc(*started), cfg.resume_max_age_hours);
    } else {
      seen.run_started_at = format_utc(*started);
    }
    if (!seen.resume_discarded.empty()) {
      resume.reset();
      (void)context.checkpoints->clear(key);
    }
  }
  seen.outcome = engine->run(*tables, resume, [&](const nlohmann::json& state) {
    if (context.checkpoints == nullptr) return;
    nlohmann::json kept = state;
    kept["run_started_at"] = seen.run_started_at;
    if (auto saved = context.checkpoints->save(key, kept); !saved && !seen.checkpoint_error) {
      seen.checkpoint_error = saved.error().message;
    }
  });
  if (!seen.outcome.error && context.checkpoints != nullptr) (void)context.checkpoints->clear(key);
  return judge_consistency(seen);
}

}  // namespace jaga::checks
