// The evidence sections of the report's PDF (see pdf_report.h).
#include <fmt/format.h>

#include <cmath>

#include "report/charts.h"
#include "report/labels.h"
#include "report/pdf_report.h"

namespace jaga::report {
namespace {

// Incidents listed on paper; the JSON twin has them all.
constexpr size_t kMaxIncidentRows = 60;

// Figures without evidence read "tanpa data", never 0 or a bare dash that looks like nothing
// happened.
std::string pct(std::optional<double> v, const std::string& lang) {
  return v ? number_text(*v, 2, lang) + "%" : tr(lang, "no_data");
}
std::string secs(std::optional<double> v, const std::string& lang) {
  return v ? number_text(*v, 0, lang) + (lang == "en" ? " s" : " detik") : tr(lang, "no_data");
}
std::string count(double v, const std::string& lang) { return number_text(v, 0, lang); }
std::optional<double> real(std::optional<int64_t> v) {
  return v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt;
}

std::string signed_delta(std::optional<double> now, std::optional<double> before, int decimals,
                         const std::string& unit, const std::string& lang) {
  if (!now || !before) return "-";
  const double d = *now - *before;
  return (d > 0 ? "+" : "") + number_text(d, decimals, lang) + unit;
}

std::string server_name(const std::string& server, const std::string& lang) {
  return tr(lang, server == "primary" ? "primary" : "backup");
}

}  // namespace

std::string host_label(const ReportModel& m, const std::string& host) {
  return host_label(m.host_labels, host, m.language);
}

std::string check_label(const std::string& check, const std::string& lang) {
  const std::string key = "check." + check;
  const std::string text = tr(lang, key);
  return text == key ? check : text;
}

void draw_summary(PdfDocument& doc, const ReportModel& m) {
  const std::string& l = m.language;
  doc.heading(tr(l, "s.summary"));
  const Headline h = headline(m.summary);
  struct Line {
    const char* key;
    std::optional<double> now, before;
    int decimals;
    std::string unit;
  };
  const Headline p = m.previous.value_or(Headline{});
  const std::string s = l == "en" ? " s" : " detik";
  const std::vector<Line> lines = {
      {"h.primary", h.primary_percent, p.primary_percent, 2, "%"},
      {"h.backup", h.backup_percent, p.backup_percent, 2, "%"},
      {"h.lag_p95", h.lag_p95, p.lag_p95, 0, s},
      {"h.lag_max", h.lag_max, p.lag_max, 0, s},
      {"h.above_warn", h.seconds_above_warn, p.seconds_above_warn, 0, s},
      {"h.incidents", real(h.incidents), real(p.incidents), 0, ""},
      {"h.consistency_runs", real(h.consistency_runs), real(p.consistency_runs), 0, ""},
      {"h.differing", h.differing_rows, p.differing_rows, 0, ""},
      {"h.backups", real(h.backups_taken), real(p.backups_taken), 0, ""},
      {"h.gaps", h.gap_seconds, p.gap_seconds, 0, s},
  };
  const std::string no_data = tr(l, "no_data");
  auto value = [&](std::optional<double> v, const Line& line) {
    if (!v) return no_data;
    if (line.unit == s) return duration_text(*v, l);
    return number_text(*v, line.decimals, l) + line.unit;
  };
  // A previous period without any evidence has nothing to compare with.
  const bool comparable = m.previous && m.previous->results > 0;
  std::vector<std::vector<std::string>> rows;
  for (const Line& line : lines) {
    std::vector<std::string> row = {tr(l, line.key), value(line.now, line)};
    if (m.previous) {
      row.push_back(comparable ? value(line.before, line) : no_data);
      if (!comparable || !line.now || !line.before) {
        row.push_back("-");
      } else if (line.unit == s) {
        const double d = *line.now - *line.before;
        row.push_back(d == 0 ? "0" : (d > 0 ? "+" : "-") + duration_text(std::fabs(d), l));
      } else {
        row.push_back(signed_delta(line.now, line.before, line.decimals, line.unit, l));
      }
    }
    rows.push_back(std::move(row));
  }
  if (m.previous) {
    doc.table({{tr(l, "item"), 4},
               {tr(l, "this_period"), 2, true},
               {tr(l, "previous"), 2, true},
               {tr(l, "change"), 2, true}},
              rows);
  } else {
    doc.table({{tr(l, "item"), 5}, {tr(l, "value"), 2, true}}, rows);
  }
}

void draw_availability(PdfDocument& doc, const ReportModel& m) {
  const std::string& l = m.language;
  doc.heading(tr(l, "s.availability"));
  if (m.summary.availability.empty()) return doc.paragraph(tr(l, "no_evidence"));
  std::vector<std::vector<std::string>> rows;
  for (const Availability& a : m.summary.availability) {
    rows.push_back({server_name(a.server, l), host_label(m, a.host),
                    count(static_cast<double>(a.checks), l),
                    count(static_cast<double>(a.reached), l), pct(a.percent(), l)});
  }
  doc.table({{tr(l, "server"), 2},
             {tr(l, "host"), 3},
             {tr(l, "checks"), 2, true},
             {tr(l, "reached"), 2, true},
             {tr(l, "availability"), 2, true}},
            rows);
}

void draw_replication(PdfDocument& doc, const ReportModel& m) {
  const std::string& l = m.language;
  doc.heading(tr(l, "s.replication"));
  if (m.summary.lag.empty()) return doc.paragraph(tr(l, "no_evidence"));
  std::vector<std::vector<std::string>> rows;
  double warn = 0, crit = 0;
  for (const LagSummary& s : m.summary.lag) {
    // Without a lag sample there is no median, maximum or time above a threshold to show.
    const std::string none = tr(l, "no_data");
    rows.push_back({host_label(m, s.host), count(static_cast<double>(s.samples), l),
                    s.samples ? secs(s.median, l) : none, s.samples ? secs(s.p95, l) : none,
                    s.samples ? secs(s.max, l) : none,
                    s.samples ? duration_text(s.seconds_above_warn, l) : none,
                    s.samples ? duration_text(s.seconds_above_crit, l) : none,
                    count(static_cast<double>(s.without_lag), l)});
    warn = s.warn;
    crit = s.crit;
  }
  doc.table({{tr(l, "host"), 3},
             {tr(l, "samples"), 1.5, true},
             {tr(l, "median"), 1.5, true},
             {tr(l, "p95"), 1.5, true},
             {tr(l, "max"), 1.5, true},
             {tr(l, "above_warn"), 2, true},
             {tr(l, "above_crit"), 2, true},
             {tr(l, "no_lag"), 1.5, true}},
            rows);
  std::vector<ChartThreshold> thresholds;
  if (warn > 0) {
    thresholds.push_back(
        {warn, fmt::format(fmt::runtime(tr(l, "warn_line")), warn), 0.85, 0.55, 0.0});
  }
  if (crit > 0) {
    thresholds.push_back(
        {crit, fmt::format(fmt::runtime(tr(l, "crit_line")), crit), 0.8, 0.1, 0.1});
  }
  draw_chart(doc, tr(l, "lag_chart"), {{"", &m.summary.lag_series, 0.1, 0.3, 0.7}}, thresholds,
             std::nullopt, m.period, l);
}

void draw_consistency(PdfDocument& doc, const ReportModel& m) {
  const std::string& l = m.language;
  doc.heading(tr(l, "s.consistency"));
  if (m.summary.consistency.empty()) return doc.paragraph(tr(l, "no_evidence"));
  std::vector<std::vector<std::string>> rows;
  for (const ConsistencyRun& r : m.summary.consistency) {
    // The English messages are for the JSON and the CLI; the Indonesian report says it in its
    // own words (finding_text.h).
    std::string findings = l == "en" ? "" : r.summary_id;
    if (l == "en") {
      for (const auto& f : r.findings) findings += (findings.empty() ? "" : "\n") + f;
    }
    rows.push_back({short_time(r.started, m.period.zone, m.period.kind != PeriodKind::kDaily),
                    host_label(m, r.host), status_text(r.status, l),
                    r.rows_compared ? count(*r.rows_compared, l) : tr(l, "no_data"),
                    r.differing_rows ? count(*r.differing_rows, l) : tr(l, "no_data"), findings});
  }
  doc.table({{tr(l, "time"), 1.6},
             {tr(l, "host"), 1.6},
             {tr(l, "status"), 1.4},
             {tr(l, "rows"), 2.1, true},
             {tr(l, "differing"), 1.3, true},
             {tr(l, "findings"), 4.6}},
            rows);
}

void draw_backups(PdfDocument& doc, const ReportModel& m) {
  const std::string& l = m.language;
  const BackupSummary& b = m.summary.backups;
  doc.heading(tr(l, "s.backups"));
  if (b.status_checks == 0 && b.taken == 0 && b.restore_tests == 0) {
    return doc.paragraph(tr(l, "no_evidence"));
  }
  const std::string none = tr(l, "no_data");
  std::vector<std::vector<std::string>> rows = {
      {tr(l, "b.status_checks"),
       b.status_checks ? count(static_cast<double>(b.status_checks), l) : none},
      {tr(l, "b.newest_age"), b.newest_age_max ? duration_text(*b.newest_age_max, l) : none},
      {tr(l, "b.taken"), b.taken ? fmt::format("{} / {}", b.taken, b.taken_ok) : none},
      {tr(l, "b.bytes"), b.taken ? size_text(b.bytes, l) : none},
      {tr(l, "b.longest"), b.longest_seconds ? duration_text(*b.longest_seconds, l) : none},
      {tr(l, "b.restore"),
       b.restore_tests ? fmt::format("{} / {}", b.restore_tests, b.restore_passed) : none},
      {tr(l, "b.recovery"), b.restore_median ? duration_text(*b.restore_median, l) + " / " +
                                                   duration_text(b.restore_max.value_or(0), l)
                                             : none},
  };
  doc.table({{tr(l, "item"), 5}, {tr(l, "value"), 3, true}}, rows);
  // The trend over the days of a week or a month: is the backup growing as the data does, and
  // does restoring it take longer?
  if (m.period.kind == PeriodKind::kDaily) return;
  if (b.taken > 0) {
    draw_chart(doc, tr(l, "backup_size_chart"), {{"", &b.size_mib_by_day, 0.1, 0.3, 0.7}}, {},
               std::nullopt, m.period, l);
  }
  if (b.restore_tests > 0) {
    draw_chart(doc, tr(l, "restore_chart"), {{"", &b.restore_seconds_by_day, 0.1, 0.55, 0.3}}, {},
               std::nullopt, m.period, l);
  }
}

void draw_volumes(PdfDocument& doc, const ReportModel& m) {
  const std::string& l = m.language;
  doc.heading(tr(l, "s.volumes"));
  if (m.summary.volumes.empty()) return doc.paragraph(tr(l, "no_evidence"));
  std::vector<std::vector<std::string>> rows;
  std::vector<ChartLine> lines;
  const double palette[][3] = {
      {0.1, 0.3, 0.7}, {0.1, 0.55, 0.3}, {0.6, 0.3, 0.6}, {0.7, 0.45, 0.1}};
  size_t i = 0;
  for (const VolumeSummary& v : m.summary.volumes) {
    rows.push_back({v.name, host_label(m, v.host), pct(v.first, l), pct(v.last, l), pct(v.min, l),
                    v.warn ? pct(v.warn, l) : "-"});  // no threshold set: not missing evidence
    const auto* c = palette[i++ % 4];
    lines.push_back({v.name + " (" + host_label(m, v.host) + ")", &v.series, c[0], c[1], c[2]});
  }
  doc.table({{tr(l, "volume"), 2},
             {tr(l, "host"), 3},
             {tr(l, "first"), 1.5, true},
             {tr(l, "last"), 1.5, true},
             {tr(l, "lowest"), 1.5, true},
             {tr(l, "warn_at"), 1.5, true}},
            rows);
  std::vector<ChartThreshold> thresholds;
  const VolumeSummary& first = m.summary.volumes.front();
  if (first.warn)
    thresholds.push_back({*first.warn,
                          fmt::format(fmt::runtime(tr(l, "warn_line")), *first.warn) + "%", 0.85,
                          0.55, 0});
  if (first.crit)
    thresholds.push_back({*first.crit,
                          fmt::format(fmt::runtime(tr(l, "crit_line")), *first.crit) + "%", 0.8,
                          0.1, 0.1});
  draw_chart(doc, tr(l, "free_chart"), lines, thresholds, 100.0, m.period, l);
}

void draw_security(PdfDocument& doc, const ReportModel& m) {
  const std::string& l = m.language;
  const SecuritySummary& s = m.summary.security;
  doc.heading(tr(l, "s.security"));
  if (s.runs == 0) return doc.paragraph(tr(l, "security_gap"));
  doc.paragraph(fmt::format("{} {} · {}: {}", s.runs, tr(l, "security_runs"),
                            tr(l, "security_worst"), status_text(s.worst, l)));
  for (const std::string& finding : l == "en" ? s.findings : s.findings_id) {
    doc.paragraph("- " + finding);
  }
}

void draw_days(PdfDocument& doc, const ReportModel& m) {
  if (m.summary.days.empty()) return;
  const std::string& l = m.language;
  doc.heading(tr(l, "s.days"));
  std::vector<std::vector<std::string>> rows;
  for (const DaySummary& d : m.summary.days) {
    rows.push_back({day_label(d.date, l), count(static_cast<double>(d.results), l),
                    pct(d.primary_percent, l), pct(d.backup_percent, l), secs(d.lag_p95, l),
                    secs(d.lag_max, l),
                    d.results ? count(static_cast<double>(d.incidents), l) : tr(l, "no_data"),
                    d.consistency ? status_text(*d.consistency, l) : tr(l, "no_data"),
                    d.gap_seconds > 0 ? duration_text(d.gap_seconds, l) : "-"});
  }
  doc.table({{tr(l, "date"), 2.4},
             {tr(l, "results"), 1.4, true},
             {tr(l, "primary"), 1.3, true},
             {tr(l, "backup"), 1.5, true},
             {tr(l, "p95"), 1.0, true},
             {tr(l, "max"), 1.1, true},
             {tr(l, "incidents_short"), 1.4, true},
             {tr(l, "consistency"), 1.9},
             {tr(l, "gap"), 1.5, true}},
            rows);
}

void draw_incidents(PdfDocument& doc, const ReportModel& m) {
  const std::string& l = m.language;
  doc.heading(tr(l, "s.incidents"));
  if (m.summary.incidents.empty()) return doc.paragraph(tr(l, "none"));
  const bool dated = m.period.kind != PeriodKind::kDaily;
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < m.summary.incidents.size() && i < kMaxIncidentRows; ++i) {
    const Incident& inc = m.summary.incidents[i];
    rows.push_back({short_time(inc.start, m.period.zone, dated),
                    inc.open ? tr(l, "ongoing") : short_time(inc.end, m.period.zone, dated),
                    duration_text(inc.seconds(), l),
                    check_label(inc.check, l) + "\n" + host_label(m, inc.host),
                    status_text(inc.status, l), l == "en" ? inc.summary : inc.summary_id});
  }
  doc.table({{tr(l, "start"), dated ? 1.9 : 1.2},
             {tr(l, "end"), dated ? 1.9 : 1.2},
             {tr(l, "duration"), 1.4},
             {tr(l, "check"), 1.9},
             {tr(l, "status"), 1.4},
             {tr(l, "summary"), 5}},
            rows);
  if (m.summary.incidents.size() > kMaxIncidentRows) {
    doc.paragraph(
        fmt::format(fmt::runtime(tr(l, "more")), m.summary.incidents.size() - kMaxIncidentRows));
  }
}

void draw_gaps(PdfDocument& doc, const ReportModel& m) {
  const std::string& l = m.language;
  doc.heading(tr(l, "s.gaps"));
  std::vector<std::vector<std::string>> rows;
  for (const GapGroup& g : group_gaps(m.summary.gaps)) {
    if (g.kind == Gap::Kind::kNeverRun) {
      rows.push_back({check_label(g.check, l), host_label(m, g.host), tr(l, "gap.never_run"), "-",
                      "-", tr(l, "gap.whole_period")});
      continue;
    }
    rows.push_back({check_label(g.check, l), host_label(m, g.host), tr(l, "gap.no_results"),
                    count(static_cast<double>(g.count), l), duration_text(g.longest_seconds, l),
                    duration_text(g.total_seconds, l)});
  }
  // The same figure as the headline's, in the same words: wall-clock time in which at least one
  // check was silent (overlapping silences counted once).
  rows.push_back({tr(l, "h.gaps"), "", tr(l, "gap.any_check"), "", "",
                  duration_text(headline(m.summary).gap_seconds, l)});
  doc.table({{tr(l, "check"), 1.9},
             {tr(l, "host"), 2.1},
             {tr(l, "kind"), 3.2},
             {tr(l, "gap.count"), 0.8, true},
             {tr(l, "gap.longest"), 1.6, true},
             {tr(l, "gap.total"), 2.6, true}},
            rows);
}

}  // namespace jaga::report
