#include "checks/consistency_check.h"

#include <fmt/format.h>

#include <string>
#include <string_view>

#include "consistency/engine.h"
#include "consistency/schema_compare.h"
#include "privacy/key_mask.h"

namespace jaga::checks {
namespace {

using consistency::DiffKind;
using consistency::KeyKind;
using consistency::TableOutcome;

// Which tables a saved progress belongs to: a run over other tables must not continue it.
std::string checkpoint_key(const config::ConsistencyCheckConfig& cfg) {
  return fmt::format("consistency:{}:{}", fmt::join(cfg.schemas, ","), fmt::join(cfg.tables, ","));
}

std::string describe_differences(const TableOutcome& t) {
  int64_t missing = 0, extra = 0, different = 0;
  std::vector<std::string> shown;
  for (const auto& d : t.differences) {
    (d.kind == DiffKind::kMissingOnBackup ? missing
     : d.kind == DiffKind::kExtraOnBackup ? extra
                                          : different)++;
    if (shown.size() < 3) {
      shown.push_back(t.key_kind == KeyKind::kNone
                          ? "row digest " + d.row_digest
                          : privacy::format_key(
                                consistency::key_display(consistency::key_to_json(d.key)), false));
    }
  }
  std::vector<std::string> parts;
  if (missing > 0) parts.push_back(fmt::format("{} missing on the backup", missing));
  if (extra > 0) parts.push_back(fmt::format("{} extra on the backup", extra));
  if (different > 0) parts.push_back(fmt::format("{} with different values", different));
  return fmt::format("{}: {} row{} differ{} ({}), e.g. {}{}{}", t.table, t.differences.size(),
                     t.differences.size() == 1 ? "" : "s", t.differences.size() == 1 ? "s" : "",
                     fmt::join(parts, ", "), fmt::join(shown, "; "),
                     t.differences.size() > shown.size() ? "; ..." : "",
                     t.key_kind == KeyKind::kNone
                         ? " (without a primary or unique key, rows are named by digest only)"
                         : "");
}

// A table's evidence with every row key masked, for everything that may leave the host.
nlohmann::json masked(nlohmann::json table) {
  for (auto& d : table["differences"]) {
    if (!d.contains("key")) continue;
    nlohmann::json parts = nlohmann::json::array();
    for (const auto& part : consistency::key_display(d["key"])) {
      parts.push_back(privacy::mask_value(part));
    }
    d["key"] = parts;
  }
  return table;
}

}  // namespace

CheckResult ConsistencyCheck::run(CheckContext& context) {
  const config::ConsistencyCheckConfig& cfg = context.config.consistency_check;
  CheckResult r;
  auto primary = context.servers.get(db::Role::kPrimary);
  if (!primary) {
    r.add(Status::kUnknown, "cannot compare: " + primary.error().message);
    r.summarize("");
    return r;
  }
  auto backup = context.servers.get(db::Role::kBackup);
  if (!backup) {
    r.add(Status::kUnknown, "cannot compare: " + backup.error().message);
    r.summarize("");
    return r;
  }
  auto tables = consistency::load_tables(**primary, cfg.schemas, cfg.tables);
  if (!tables) {
    r.add(Status::kUnknown, tables.error().message);
    r.summarize("");
    return r;
  }
  // Schema first: every definition of both servers, then rows on the columns both hold.
  auto primary_schema = consistency::read_definitions(**primary, cfg.schemas, cfg.tables);
  auto backup_schema = consistency::read_definitions(**backup, cfg.schemas, cfg.tables);
  nlohmann::json schema_evidence = nlohmann::json::object();
  const bool schema_compared = primary_schema && backup_schema;
  if (!schema_compared) {
    const Error& e = primary_schema ? backup_schema.error() : primary_schema.error();
    r.add(Status::kUnknown, "the schemas were not compared: " + e.message);
    schema_evidence["error"] = e.message;
  } else {
    nlohmann::json differences = nlohmann::json::array();
    for (const auto& d : consistency::compare_definitions(*primary_schema, *backup_schema)) {
      r.add(d.critical() ? Status::kCrit : Status::kWarn, "schema: " + d.describe());
      differences.push_back(consistency::to_json(d));
    }
    schema_evidence["differences"] = differences;
    schema_evidence["not_compared"] = consistency::not_compared(*primary_schema, *backup_schema);
    nlohmann::json left_out = nlohmann::json::object();
    for (auto& t : *tables) {
      std::vector<std::string> columns;
      t = consistency::common_columns(t, *primary_schema, *backup_schema, columns);
      if (!columns.empty()) left_out[t.full_name()] = columns;
    }
    schema_evidence["columns_left_out"] = left_out;
  }
  r.evidence["schema"] = schema_evidence;

  if (tables->empty()) {
    r.add(Status::kUnknown,
          fmt::format("no tables to compare in schema{} {} (does the monitoring "
                      "account have SELECT on them?)",
                      cfg.schemas.size() == 1 ? "" : "s", fmt::join(cfg.schemas, ", ")));
    r.summarize("");
    return r;
  }

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
  consistency::Engine engine(**primary, **backup, options);

  const std::string key = checkpoint_key(cfg);
  const TimePoint now = context.clock.now();
  // When the run whose progress is kept began; a continued run keeps that start.
  std::string run_started_at = format_utc(now);
  std::optional<nlohmann::json> resume;
  std::string discarded;  // why kept progress was not used
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
      discarded = "the kept progress of an interrupted run does not say when that run began";
    } else if (age_hours > cfg.resume_max_age_hours || age_hours < 0) {
      discarded = fmt::format(
          "an interrupted run that began at {} was not continued: it is older than {} h "
          "(checks.consistency.resume_max_age_hours)",
          format_utc(*started), cfg.resume_max_age_hours);
    } else {
      run_started_at = format_utc(*started);
    }
    if (!discarded.empty()) {
      resume.reset();
      (void)context.checkpoints->clear(key);
    }
  }
  std::optional<Error> checkpoint_error;
  const auto outcome = engine.run(*tables, resume, [&](const nlohmann::json& state) {
    if (context.checkpoints == nullptr) return;
    nlohmann::json kept = state;
    kept["run_started_at"] = run_started_at;
    if (auto saved = context.checkpoints->save(key, kept); !saved && !checkpoint_error) {
      checkpoint_error = saved.error();
    }
  });

  int64_t rows = 0, transient = 0, differing = 0;
  nlohmann::json evidence_tables = nlohmann::json::array();
  nlohmann::json personal_tables = nlohmann::json::array();
  std::vector<std::string> keyless;
  for (const auto& t : outcome.tables) {
    rows += t.rows;
    transient += t.transient_chunks;
    differing += static_cast<int64_t>(t.differences.size());
    personal_tables.push_back(consistency::to_json(t));
    evidence_tables.push_back(masked(personal_tables.back()));
    if (t.key_kind == KeyKind::kNone) keyless.push_back(t.table);
    // The schema comparison names a table missing on the backup already.
    if (t.missing_on_backup && !schema_compared) {
      r.add(Status::kCrit, fmt::format("{} does not exist on the backup server", t.table));
    }
    if (!t.error.empty()) {
      r.add(Status::kUnknown, fmt::format("{} was not compared: {}", t.table, t.error));
    }
    if (!t.differences.empty()) r.add(Status::kCrit, describe_differences(t));
  }
  r.evidence["tables"] = evidence_tables;
  r.personal["tables"] = personal_tables;
  r.evidence["paused_seconds"] = outcome.paused_seconds;
  r.evidence["resumed"] = outcome.resumed;
  r.evidence["run_started_at"] = run_started_at;
  if (!discarded.empty()) r.evidence["resume_discarded"] = discarded;
  r.evidence["digest"] = options.digest_where == consistency::DigestWhere::kAgent
                             ? "md5-128 sum by jaga (by SQL for tables without a key)"
                             : "md5-128 sum by SQL";
  r.metrics.push_back({"rows_compared", static_cast<double>(rows), "", std::nullopt, std::nullopt});
  r.metrics.push_back({"differing_rows", static_cast<double>(differing), "", std::nullopt, 1});
  r.metrics.push_back({"paused", outcome.paused_seconds, "s", std::nullopt, std::nullopt});

  if (outcome.error) {
    r.evidence["stopped_at"] = outcome.stopped_at;
    r.evidence["error"] = outcome.error->message;
    r.add(Status::kUnknown,
          fmt::format("comparison stopped at {} after {} of {} tables: {}; {}", outcome.stopped_at,
                      outcome.tables.size(), tables->size(), outcome.error->message,
                      context.checkpoints != nullptr
                          ? "progress is kept and the next run continues there"
                          : "progress is not kept"));
  } else if (context.checkpoints != nullptr) {
    (void)context.checkpoints->clear(key);
  }
  if (checkpoint_error) {
    r.add(Status::kWarn, "progress could not be saved: " + checkpoint_error->message);
  }

  std::string ok = fmt::format("{} table{}, {} rows identical on primary and backup",
                               outcome.tables.size(), outcome.tables.size() == 1 ? "" : "s", rows);
  if (transient > 0) {
    ok += fmt::format(" ({} chunk{} differed only while replication caught up)", transient,
                      transient == 1 ? "" : "s");
  }
  if (outcome.paused_seconds > 0) ok += fmt::format("; paused {:.0f} s", outcome.paused_seconds);
  // Whether these results come from one run, in every verdict, not only an OK one.
  std::string run_note;
  if (outcome.resumed) {
    run_note = fmt::format("; continued run started at {}", run_started_at);
    if (outcome.carried_over_rechecked > 0) {
      run_note +=
          fmt::format(" ({} carried difference{} compared again)", outcome.carried_over_rechecked,
                      outcome.carried_over_rechecked == 1 ? "" : "s");
    }
  }
  if (!discarded.empty()) run_note += "; " + discarded;
  ok += run_note;
  if (schema_compared) {
    const auto& skipped = schema_evidence["not_compared"];
    ok += skipped.empty() ? "; schemas identical"
                          : fmt::format("; schemas identical except not compared: {}",
                                        fmt::join(skipped.get<std::vector<std::string>>(), ", "));
  }
  if (!keyless.empty()) {
    ok += fmt::format(
        "; without a primary or unique key, compared whole and rows named by "
        "digest only: {}",
        fmt::join(keyless, ", "));
  }
  r.summarize(ok);
  if (r.status != Status::kOk) r.summary += run_note;
  return r;
}

}  // namespace jaga::checks
