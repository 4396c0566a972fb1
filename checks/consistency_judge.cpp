#include "checks/consistency_judge.h"

#include <fmt/format.h>

#include <algorithm>

#include "privacy/key_mask.h"

namespace jaga::checks {
namespace {

using consistency::DiffKind;
using consistency::KeyKind;
using consistency::TableOutcome;

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

// A table the backup lacks is said as such; any other difference names its object, its kind
// and the server it is missing on, if it is missing.
FindingKind schema_kind(const consistency::SchemaDifference& d) {
  return d.kind == consistency::ObjectKind::kTable && d.primary && !d.backup
             ? FindingKind::kTableMissingOnBackup
             : FindingKind::kSchemaDifference;
}

nlohmann::json schema_params(const consistency::SchemaDifference& d) {
  if (schema_kind(d) == FindingKind::kTableMissingOnBackup) return {{"table", d.name}};
  nlohmann::json p = {{"object", d.name},
                      {"object_kind", std::string(consistency::object_kind_name(d.kind))}};
  if (!d.backup) p["absent_on"] = "backup";
  if (!d.primary) p["absent_on"] = "primary";
  return p;
}

}  // namespace

CheckResult judge_consistency(const ConsistencyObservation& seen) {
  CheckResult r;
  if (!seen.unreachable.empty()) {
    r.add(Status::kUnknown, FindingKind::kConsistencyUnreachable, {},
          "cannot compare: " + seen.unreachable);
    r.summarize("");
    return r;
  }
  if (!seen.tables_error.empty()) {
    r.add(Status::kUnknown, FindingKind::kTablesUnreadable, {}, seen.tables_error);
    r.summarize("");
    return r;
  }
  nlohmann::json schema_evidence = nlohmann::json::object();
  const bool schema_compared = seen.schema_differences.has_value();
  if (!schema_compared) {
    r.add(Status::kUnknown, FindingKind::kSchemaNotCompared, {},
          "the schemas were not compared: " + seen.schema_error);
    schema_evidence["error"] = seen.schema_error;
  } else {
    nlohmann::json differences = nlohmann::json::array();
    for (const auto& d : *seen.schema_differences) {
      r.add(d.critical() ? Status::kCrit : Status::kWarn, schema_kind(d), schema_params(d),
            "schema: " + d.describe());
      differences.push_back(consistency::to_json(d));
    }
    schema_evidence["differences"] = differences;
    schema_evidence["not_compared"] = seen.not_compared;
    schema_evidence["columns_left_out"] = seen.columns_left_out;
  }
  r.evidence["schema"] = schema_evidence;

  if (seen.tables_planned == 0) {
    r.add(Status::kUnknown, FindingKind::kConsistencyNoTables, {},
          fmt::format("no tables to compare in schema{} {} (does the monitoring "
                      "account have SELECT on them?)",
                      seen.schemas.size() == 1 ? "" : "s", fmt::join(seen.schemas, ", ")));
    r.summarize("");
    return r;
  }

  const consistency::EngineOutcome& outcome = seen.outcome;
  int64_t rows = 0, transient = 0, differing = 0;
  nlohmann::json evidence_tables = nlohmann::json::array();
  nlohmann::json personal_tables = nlohmann::json::array();
  std::vector<std::string> keyless;
  std::vector<const consistency::TableOutcome*> differing_tables;
  for (const auto& t : outcome.tables) {
    rows += t.rows;
    transient += t.transient_chunks;
    differing += static_cast<int64_t>(t.differences.size());
    personal_tables.push_back(consistency::to_json(t));
    evidence_tables.push_back(masked(personal_tables.back()));
    if (t.key_kind == KeyKind::kNone) keyless.push_back(t.table);
    // The schema comparison names a table missing on the backup already.
    if (t.missing_on_backup && !schema_compared) {
      r.add(Status::kCrit, FindingKind::kTableMissingOnBackup, {{"table", t.table}},
            fmt::format("{} does not exist on the backup server", t.table));
    }
    if (!t.error.empty()) {
      r.add(Status::kUnknown, FindingKind::kTableNotCompared, {{"table", t.table}},
            fmt::format("{} was not compared: {}", t.table, t.error));
    }
    if (!t.differences.empty()) differing_tables.push_back(&t);
  }
  // CRIT from differing_rows_crit rows on (1 by default); fewer are WARN: a differing row is
  // never OK, whatever threshold an administrator set.
  const int64_t crit_rows = std::max<int64_t>(1, seen.differing_rows_crit);
  for (const consistency::TableOutcome* t : differing_tables) {
    r.add(differing >= crit_rows ? Status::kCrit : Status::kWarn, FindingKind::kRowsDiffer,
          {{"table", t->table}, {"rows", t->differences.size()}}, describe_differences(*t));
  }
  r.evidence["tables"] = evidence_tables;
  r.personal["tables"] = personal_tables;
  r.evidence["paused_seconds"] = outcome.paused_seconds;
  r.evidence["resumed"] = outcome.resumed;
  r.evidence["run_started_at"] = seen.run_started_at;
  if (!seen.resume_discarded.empty()) r.evidence["resume_discarded"] = seen.resume_discarded;
  r.evidence["digest"] =
      !seen.backup_digested_by.empty()
          ? "md5-128 sum by jaga on each host (by SQL for tables without a key); backup: " +
                seen.backup_digested_by
      : seen.digest_by_agent ? "md5-128 sum by jaga (by SQL for tables without a key)"
                             : "md5-128 sum by SQL";
  if (!seen.peer_session_unused.empty()) {
    r.evidence["peer_session_unused"] = seen.peer_session_unused;
  }
  r.metrics.push_back({"rows_compared", static_cast<double>(rows), "", std::nullopt, std::nullopt});
  r.metrics.push_back({"differing_rows", static_cast<double>(differing), "",
                       crit_rows > 1 ? std::optional<double>(1) : std::nullopt,
                       static_cast<double>(crit_rows)});
  r.metrics.push_back({"paused", outcome.paused_seconds, "s", std::nullopt, std::nullopt});

  if (outcome.error) {
    r.evidence["stopped_at"] = outcome.stopped_at;
    r.evidence["error"] = outcome.error->message;
    r.add(Status::kUnknown, FindingKind::kComparisonStopped,
          {{"compared", outcome.tables.size()},
           {"planned", seen.tables_planned},
           {"progress_kept", seen.progress_kept}},
          fmt::format("comparison stopped at {} after {} of {} tables: {}; {}", outcome.stopped_at,
                      outcome.tables.size(), seen.tables_planned, outcome.error->message,
                      seen.progress_kept ? "progress is kept and the next run continues there"
                                         : "progress is not kept"));
  } else if (outcome.tables.size() != seen.tables_planned) {
    // Every listed table is compared or the run says where it stopped; anything else is not
    // a comparison of every table, whatever the tables that were compared say.
    r.add(Status::kUnknown, FindingKind::kComparisonIncomplete,
          {{"compared", outcome.tables.size()}, {"planned", seen.tables_planned}},
          fmt::format("only {} of {} tables were compared", outcome.tables.size(),
                      seen.tables_planned));
  }
  if (seen.checkpoint_error) {
    r.add(Status::kWarn, FindingKind::kProgressNotSaved, {},
          "progress could not be saved: " + *seen.checkpoint_error);
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
    run_note = fmt::format("; continued run started at {}", seen.run_started_at);
    if (outcome.carried_over_rechecked > 0) {
      run_note +=
          fmt::format(" ({} carried difference{} compared again)", outcome.carried_over_rechecked,
                      outcome.carried_over_rechecked == 1 ? "" : "s");
    }
  }
  if (!seen.resume_discarded.empty()) run_note += "; " + seen.resume_discarded;
  ok += run_note;
  if (schema_compared) {
    ok += seen.not_compared.empty() ? "; schemas identical"
                                    : fmt::format("; schemas identical except not compared: {}",
                                                  fmt::join(seen.not_compared, ", "));
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
