#include "desk/status_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "core/status.h"
#include "print/office_words.h"
#include "report/finding_text.h"
#include "report/labels.h"
#include "report/metric_scan.h"

namespace jaga::desk {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

const char* status_class(int status) {
  switch (status) {
    case 0:
      return "st-ok";
    case 1:
      return "st-warn";
    case 2:
      return "st-crit";
    default:
      return "st-unknown";
  }
}

std::string when(DeskState& desk, const std::string& utc) {
  auto t = parse_utc(utc);
  return t ? print::date_time_text(*t, desk.config.schedule.zone) : utc;
}

// "Replikasi", "Konsistensi data"; a check this version does not know by its code.
std::string check_title(const std::string& check) {
  const std::string key = "check." + check;
  const std::string title = report::tr("id", key);
  return title == key ? check : title;
}

// One row per result of `sql`, whose columns are check, host, status, finished_at, metrics and
// whether it was pulled from the peer, and findings. The summary is the reports' Indonesian
// sentence, built from the findings' kinds (never the check's English message).
Result<list> result_rows(DeskState& desk, const std::string& sql, const std::string& since) {
  auto s = desk.evidence.statement(sql);
  if (!s.ok()) return desk.evidence.sql_error("reading results for the status page");
  if (!since.empty()) s.bind(1, since);
  list rows;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    data row;
    const std::string check = s.text(0);
    row.set("check", check_title(check));
    row.set("host", s.text(1));
    const int status = static_cast<int>(std::clamp<int64_t>(s.integer(2), 0, 3));
    row.set("status", report::status_text(static_cast<Status>(status), "id"));
    row.set("class", status_class(status));
    row.set("at", when(desk, s.text(3)));
    const std::string metrics_text = s.text(4);
    report::MetricList metrics;
    metrics.scan(metrics_text);
    row.set("summary",
            report::indonesian_result(check, static_cast<Status>(status), s.text(6), metrics));
    row.set("pulled", s.integer(5) != 0 ? "ditarik dari agen cadangan" : "host ini");
    rows.push_back(row);
  }
  if (rc != SQLITE_DONE) return desk.evidence.sql_error("reading results for the status page");
  return rows;
}

constexpr const char* kColumns =
    "SELECT r.check_name, r.host, r.status, COALESCE(r.finished_at, r.started_at), r.metrics, "
    "r.origin_host IS NOT NULL, r.findings FROM results r ";

}  // namespace

Result<PageData> status_view(DeskState& desk, TimePoint now, PageData page) {
  auto latest = result_rows(desk,
                            std::string(kColumns) +
                                "JOIN (SELECT MAX(id) AS id FROM results GROUP BY check_name, "
                                "host) m ON r.id = m.id ORDER BY r.check_name, r.host",
                            "");
  if (!latest) return latest.error();
  auto backups = result_rows(
      desk, std::string(kColumns) + "WHERE r.check_name = 'backups' ORDER BY r.id DESC LIMIT 10",
      "");
  if (!backups) return backups.error();
  auto consistency = result_rows(
      desk, std::string(kColumns) + "WHERE r.check_name = 'consistency' ORDER BY r.id DESC LIMIT 3",
      "");
  if (!consistency) return consistency.error();
  // The last 24 hours counted by status, through the (check_name, started_at) index.
  const std::string since = format_utc(now - std::chrono::hours(24));
  auto counts = desk.evidence.statement(
      "SELECT check_name, host, status, SUM(repeats) FROM results WHERE started_at >= ?1 "
      "GROUP BY check_name, host, status ORDER BY check_name, host");
  if (!counts.ok()) return desk.evidence.sql_error("counting the last 24 hours");
  counts.bind(1, since);
  std::map<std::pair<std::string, std::string>, std::array<int64_t, 4>> by_check;
  int rc;
  while ((rc = counts.step()) == SQLITE_ROW) {
    const int64_t status = std::clamp<int64_t>(counts.integer(2), 0, 3);
    by_check[{counts.text(0), counts.text(1)}][status] += counts.integer(3);
  }
  if (rc != SQLITE_DONE) return desk.evidence.sql_error("counting the last 24 hours");
  list day;
  for (const auto& [key, n] : by_check) {
    data row;
    row.set("check", check_title(key.first));
    row.set("host", key.second);
    row.set("ok", std::to_string(n[0]));
    row.set("warn", std::to_string(n[1]));
    row.set("crit", std::to_string(n[2]));
    row.set("unknown", std::to_string(n[3]));
    day.push_back(row);
  }
  page.set("latest", *latest);
  page.set("has_latest", !latest->empty());
  page.set("day", day);
  page.set("backups", *backups);
  page.set("consistency", *consistency);
  page.set("now", print::date_time_text(now, desk.config.schedule.zone));
  return page;
}

}  // namespace jaga::desk
