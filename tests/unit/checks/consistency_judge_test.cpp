// Every rule of the consistency check's judgement (checks/consistency_judge.h), without a
// server: identical only for what was compared, every difference CRIT with its key masked, and
// whatever was not compared UNKNOWN, never OK.
#include "checks/consistency_judge.h"

#include <catch2/catch.hpp>

namespace jaga::checks {
namespace {

using Catch::Contains;
using consistency::KeyKind;
using consistency::TableOutcome;

TableOutcome table(const std::string& name, int64_t rows) {
  TableOutcome t;
  t.table = name;
  t.key_kind = KeyKind::kPrimary;
  t.key_columns = {"nik"};
  t.rows = rows;
  t.chunks = 1;
  return t;
}

// Two tables compared whole, schemas compared and identical.
ConsistencyObservation identical() {
  ConsistencyObservation seen;
  seen.schemas = {"siak"};
  seen.tables_planned = 2;
  seen.schema_differences = std::vector<consistency::SchemaDifference>{};
  seen.outcome.tables = {table("siak.penduduk", 1000), table("siak.keluarga", 300)};
  seen.progress_kept = true;
  seen.run_started_at = "2026-12-06T19:00:00.000Z";
  return seen;
}

double metric(const CheckResult& r, const std::string& name) {
  for (const Metric& m : r.metrics) {
    if (m.name == name) return m.value;
  }
  FAIL("no metric " << name);
  return -1;
}

TEST_CASE("consistency judge: identical only for what was compared", "[checks][judge]") {
  const CheckResult r = judge_consistency(identical());
  CHECK(r.status == Status::kOk);
  CHECK(r.summary == "2 tables, 1300 rows identical on primary and backup; schemas identical");
  CHECK(metric(r, "rows_compared") == 1300);
  CHECK(metric(r, "differing_rows") == 0);
}

TEST_CASE("consistency judge: what was not compared is UNKNOWN", "[checks][judge]") {
  ConsistencyObservation seen;
  seen.unreachable = "backup: cannot connect";
  CHECK(judge_consistency(seen).status == Status::kUnknown);

  seen = {};
  seen.tables_error = "information_schema: access denied";
  CHECK(judge_consistency(seen).status == Status::kUnknown);

  seen = identical();
  seen.tables_planned = 0;
  seen.outcome.tables.clear();
  const CheckResult none = judge_consistency(seen);
  CHECK(none.status == Status::kUnknown);
  CHECK_THAT(none.summary, Contains("no tables to compare in schema siak"));

  seen = identical();
  seen.schema_differences.reset();
  seen.schema_error = "mysql.proc: SELECT denied";
  const CheckResult unschema = judge_consistency(seen);
  CHECK(unschema.status == Status::kUnknown);
  CHECK_THAT(unschema.summary, Contains("the schemas were not compared: mysql.proc"));

  seen = identical();
  seen.outcome.tables[1].error = "SELECT denied on siak.keluarga";
  const CheckResult one = judge_consistency(seen);
  CHECK(one.status == Status::kUnknown);
  CHECK_THAT(one.summary, Contains("siak.keluarga was not compared: SELECT denied"));

  seen = identical();
  seen.outcome.tables.pop_back();
  seen.outcome.error = Error{"lost connection to the backup"};
  seen.outcome.stopped_at = "siak.keluarga";
  const CheckResult stopped = judge_consistency(seen);
  CHECK(stopped.status == Status::kUnknown);
  CHECK_THAT(stopped.summary,
             Contains("comparison stopped at siak.keluarga after 1 of 2 tables: lost connection") &&
                 Contains("progress is kept and the next run continues there"));

  // A run that neither compared every table nor said where it stopped proves nothing of the
  // others. (Before the split this read "1 table, 1000 rows identical": OK.)
  seen = identical();
  seen.outcome.tables.pop_back();
  const CheckResult short_run = judge_consistency(seen);
  CHECK(short_run.status == Status::kUnknown);
  CHECK_THAT(short_run.summary, Contains("only 1 of 2 tables were compared"));
}

TEST_CASE("consistency judge: differing rows are CRIT, their keys masked outside the host",
          "[checks][judge]") {
  ConsistencyObservation seen = identical();
  consistency::RowDifference d;
  d.kind = consistency::DiffKind::kMissingOnBackup;
  d.key = {"3322010101010001"};
  seen.outcome.tables[0].differences = {d};
  const CheckResult r = judge_consistency(seen);
  CHECK(r.status == Status::kCrit);
  CHECK_THAT(r.summary, Contains("siak.penduduk: 1 row differs (1 missing on the backup), e.g. "));
  CHECK_THAT(r.summary, !Contains("3322010101010001"));
  CHECK(r.evidence.dump().find("3322010101010001") == std::string::npos);
  CHECK(r.personal.dump().find("3322010101010001") != std::string::npos);
  CHECK(metric(r, "differing_rows") == 1);
  // Its kind and parameters, for the report's own sentence: the table and a count, no key.
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].kind == FindingKind::kRowsDiffer);
  CHECK(r.findings[0].params == nlohmann::json{{"table", "siak.penduduk"}, {"rows", 1}});

  seen = identical();
  seen.schema_differences.reset();
  seen.schema_error = "denied";
  seen.outcome.tables[1].missing_on_backup = true;
  CHECK_THAT(judge_consistency(seen).summary,
             Contains("siak.keluarga does not exist on the backup server"));
}

TEST_CASE("consistency judge: fewer differing rows than differing_rows_crit are WARN, never OK",
          "[checks][judge]") {
  ConsistencyObservation seen = identical();
  consistency::RowDifference d;
  d.kind = consistency::DiffKind::kDifferent;
  d.key = {"3322010101010001"};
  seen.outcome.tables[0].differences = {d};
  seen.outcome.tables[1].differences = {d};
  seen.differing_rows_crit = 3;
  const CheckResult warned = judge_consistency(seen);
  CHECK(warned.status == Status::kWarn);
  const Metric& m = warned.metrics[1];
  CHECK(m.name == "differing_rows");
  CHECK(m.warn == 1);
  CHECK(m.crit == 3);
  seen.differing_rows_crit = 2;
  CHECK(judge_consistency(seen).status == Status::kCrit);
}

TEST_CASE("consistency judge: schema differences, CRIT for tables and WARN for views",
          "[checks][judge]") {
  ConsistencyObservation seen = identical();
  consistency::SchemaDifference column;
  column.kind = consistency::ObjectKind::kColumn;
  column.name = "siak.penduduk.nama";
  column.primary = "varchar(100)";
  column.backup = "varchar(50)";
  seen.schema_differences = std::vector<consistency::SchemaDifference>{column};
  CHECK(judge_consistency(seen).status == Status::kCrit);
  consistency::SchemaDifference view;
  view.kind = consistency::ObjectKind::kView;
  view.name = "siak.v_ringkas";
  view.primary = "select 1";
  seen.schema_differences = std::vector<consistency::SchemaDifference>{view};
  const CheckResult view_only = judge_consistency(seen);
  CHECK(view_only.status == Status::kWarn);
  // The report says which object is missing where (issue 16), from the kind and parameters.
  REQUIRE(view_only.findings.size() == 1);
  CHECK(view_only.findings[0].kind == FindingKind::kSchemaDifference);
  CHECK(view_only.findings[0].params == nlohmann::json{{"object", "siak.v_ringkas"},
                                                       {"object_kind", "view"},
                                                       {"absent_on", "backup"}});
  consistency::SchemaDifference table;
  table.kind = consistency::ObjectKind::kTable;
  table.name = "siak.keluarga";
  table.primary = "InnoDB utf8mb4_general_ci";
  seen.schema_differences = std::vector<consistency::SchemaDifference>{table};
  const CheckResult missing = judge_consistency(seen);
  REQUIRE(missing.findings.size() == 1);
  CHECK(missing.findings[0].kind == FindingKind::kTableMissingOnBackup);
  CHECK(missing.findings[0].params == nlohmann::json{{"table", "siak.keluarga"}});

  seen = identical();
  seen.not_compared = {"triggers (GRANT TRIGGER)"};
  CHECK_THAT(judge_consistency(seen).summary,
             Contains("schemas identical except not compared: triggers (GRANT TRIGGER)"));
}

TEST_CASE("consistency judge: how the run went is said in every verdict", "[checks][judge]") {
  ConsistencyObservation seen = identical();
  seen.outcome.resumed = true;
  seen.outcome.carried_over_rechecked = 2;
  seen.outcome.tables[0].transient_chunks = 3;
  seen.outcome.paused_seconds = 12;
  const CheckResult resumed = judge_consistency(seen);
  CHECK(resumed.status == Status::kOk);
  CHECK_THAT(resumed.summary,
             Contains("(3 chunks differed only while replication caught up)") &&
                 Contains("paused 12 s") &&
                 Contains("continued run started at 2026-12-06T19:00:00.000Z (2 carried "
                          "differences compared again)"));

  seen.checkpoint_error = "evidence store: disk full";
  const CheckResult unsaved = judge_consistency(seen);
  CHECK(unsaved.status == Status::kWarn);
  CHECK_THAT(unsaved.summary, Contains("progress could not be saved: evidence store: disk full") &&
                                  Contains("continued run started at"));

  seen = identical();
  seen.outcome.tables[1].key_kind = KeyKind::kNone;
  CHECK_THAT(judge_consistency(seen).summary,
             Contains("without a primary or unique key, compared whole and rows named by digest "
                      "only: siak.keluarga"));
}

}  // namespace
}  // namespace jaga::checks
