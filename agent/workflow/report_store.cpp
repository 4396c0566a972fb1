#include "workflow/report_store.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <ctime>

#include "store/sqlite_statement.h"

namespace jaga::workflow {
namespace {

constexpr const char* kStepColumns =
    "id, version, step, action, role, signer, cert_serial, cert_fingerprint, at, "
    "duration_seconds, standard_seconds, late, note, pdf_sha256, signed_json";

ChainEvent event_of(const StepRow& r) {
  return ChainEvent{r.step, r.action == "return", r.role, r.version, r.at, r.note};
}

}  // namespace

Error ReportStore::error(const std::string& doing) const { return evidence_.sql_error(doing); }

Result<std::optional<ReportRow>> ReportStore::find(const std::string& number) const {
  auto s = evidence_.statement(
      "SELECT number, period_kind, period_start, period_end, state, current_version, "
      "created_at FROM reports WHERE number = ?1");
  if (!s.ok()) return error("reading report " + number);
  s.bind(1, number);
  const int rc = s.step();
  if (rc == SQLITE_DONE) return std::optional<ReportRow>();
  if (rc != SQLITE_ROW) return error("reading report " + number);
  return std::optional<ReportRow>(ReportRow{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4),
                                            static_cast<int>(s.integer(5)), s.text(6)});
}

Result<std::vector<ReportRow>> ReportStore::list() const {
  auto s = evidence_.statement(
      "SELECT number, period_kind, period_start, period_end, state, current_version, "
      "created_at FROM reports ORDER BY period_start DESC, number DESC");
  if (!s.ok()) return error("reading the report register");
  std::vector<ReportRow> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    out.push_back(ReportRow{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4),
                            static_cast<int>(s.integer(5)), s.text(6)});
  }
  if (rc != SQLITE_DONE) return error("reading the report register");
  return out;
}

Result<std::vector<VersionRow>> ReportStore::versions(const std::string& number,
                                                      bool with_bytes) const {
  auto s = evidence_.statement(
      fmt::format("SELECT version, {}, pdf_sha256, json_sha256, created_at, reason "
                  "FROM report_versions WHERE report = ?1 ORDER BY version",
                  with_bytes ? "pdf, json" : "'', ''"));
  if (!s.ok()) return error("reading the versions of report " + number);
  s.bind(1, number);
  std::vector<VersionRow> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    out.push_back(VersionRow{static_cast<int>(s.integer(0)), s.blob(1), s.text(2), s.text(3),
                             s.text(4), s.text(5), s.text(6)});
  }
  if (rc != SQLITE_DONE) return error("reading the versions of report " + number);
  return out;
}

Result<std::vector<StepRow>> ReportStore::steps(const std::string& number, bool with_bytes) const {
  auto s = evidence_.statement(
      fmt::format("SELECT {}, {} FROM report_steps WHERE report = ?1 ORDER BY id", kStepColumns,
                  with_bytes ? "pdf_increment, json_p7s" : "NULL, NULL"));
  if (!s.ok()) return error("reading the steps of report " + number);
  s.bind(1, number);
  std::vector<StepRow> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    StepRow r;
    r.id = s.integer(0);
    r.version = static_cast<int>(s.integer(1));
    r.step = s.text(2);
    r.action = s.text(3);
    r.role = s.text(4);
    r.signer = s.text(5);
    r.cert_serial = s.text(6);
    r.cert_fingerprint = s.text(7);
    auto at = parse_utc(s.text(8));
    if (!at) {
      return Error{fmt::format("report {} step {}: \"{}\" is not an RFC 3339 UTC time", number,
                               r.id, s.text(8))};
    }
    r.at = *at;
    if (!s.is_null(9)) r.duration_seconds = s.real(9);
    r.standard_seconds = s.real(10);
    r.late = s.integer(11) != 0;
    r.note = s.text(12);
    r.pdf_sha256 = s.text(13);
    r.signed_json = s.text(14);
    r.pdf_increment = s.blob(15);
    r.json_p7s = s.blob(16);
    out.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return error("reading the steps of report " + number);
  return out;
}

Result<ChainState> ReportStore::state(const Definition& d, const std::string& number) const {
  auto rows = steps(number, false);
  if (!rows) return rows.error();
  std::vector<ChainEvent> events;
  for (const StepRow& r : *rows) events.push_back(event_of(r));
  return replay(d, events);
}

Result<std::string> ReportStore::current_pdf(const std::string& number) const {
  auto report = find(number);
  if (!report) return report.error();
  if (!*report) return Error{fmt::format("no report {} in the register", number)};
  auto all = versions(number, true);
  if (!all) return all.error();
  std::string pdf;
  for (const VersionRow& v : *all) {
    if (v.version == (*report)->current_version) pdf = v.pdf;
  }
  auto rows = steps(number, true);
  if (!rows) return rows.error();
  for (const StepRow& r : *rows) {
    if (r.version == (*report)->current_version) pdf += r.pdf_increment;
  }
  return pdf;
}

Result<std::optional<std::pair<std::string, int>>> ReportStore::find_version(
    const std::string& pdf) const {
  auto s = evidence_.statement(
      "SELECT report, version, pdf FROM report_versions WHERE length(pdf) <= ?1");
  if (!s.ok()) return error("looking a document up in the report register");
  s.bind(1, static_cast<int64_t>(pdf.size()));
  // The longest drafted PDF that starts the file: one draft is never a prefix of another in
  // practice (each ends with its own trailer), but the longest is the most specific anyway.
  std::optional<std::pair<std::string, int>> found;
  size_t found_length = 0;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    const std::string drafted = s.blob(2);
    if (drafted.empty() || drafted.size() < found_length) continue;
    if (pdf.compare(0, drafted.size(), drafted) != 0) continue;
    found = std::make_pair(s.text(0), static_cast<int>(s.integer(1)));
    found_length = drafted.size();
  }
  if (rc != SQLITE_DONE) return error("looking a document up in the report register");
  return found;
}

}  // namespace jaga::workflow
