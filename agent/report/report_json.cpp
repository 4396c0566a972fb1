#include "report/report_json.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "report/labels.h"

namespace jaga::report {
namespace {

using nlohmann::json;

json number(double v) {
  if (!std::isfinite(v)) return nullptr;
  const double r = std::round(v * 1000.0) / 1000.0;
  if (r == std::floor(r) && std::fabs(r) < 9e15) return static_cast<int64_t>(r);
  return r;
}

json number(const std::optional<double>& v) { return v ? number(*v) : json(nullptr); }

json count(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

// A figure that exists only with evidence: null without it, never 0.
json when(bool evidence, const json& value) { return evidence ? value : json(nullptr); }

json status(Status s) { return std::string(status_name(s)); }

json series(const Series& s) {
  json values = json::array();
  for (const auto& v : s.values) values.push_back(number(v));
  return {{"start", format_utc(s.start)},
          {"step_seconds", s.step.count()},
          {"values", std::move(values)}};
}

const char* gap_kind(Gap::Kind k) {
  switch (k) {
    case Gap::Kind::kNoResults:
      return "no_results";
    case Gap::Kind::kNeverRun:
      return "never_run";
  }
  return "no_results";
}

json headline_json(const Headline& h) {
  return {{"results", h.results},
          {"primary_availability_percent", number(h.primary_percent)},
          {"backup_availability_percent", number(h.backup_percent)},
          {"lag_p95_seconds", number(h.lag_p95)},
          {"lag_max_seconds", number(h.lag_max)},
          {"seconds_lag_above_warn", number(h.seconds_above_warn)},
          {"incidents", count(h.incidents)},
          {"consistency_runs", count(h.consistency_runs)},
          {"differing_rows", number(h.differing_rows)},
          {"backups_taken", count(h.backups_taken)},
          {"gap_seconds", number(h.gap_seconds)}};
}

json deltas(const Headline& now, const Headline& before) {
  json a = headline_json(now), b = headline_json(before), out = json::object();
  for (auto it = a.begin(); it != a.end(); ++it) {
    const json& prev = b[it.key()];
    out[it.key()] = it->is_number() && prev.is_number()
                        ? number(it->get<double>() - prev.get<double>())
                        : json(nullptr);
  }
  return out;
}

// NIPs as printed on official documents ("19800101 200501 1 001"), grouped as on the PDF.
json official(const config::OfficialConfig& o) {
  return {{"name", o.name}, {"nip", nip_text(o.nip)}};
}

json summary_json(const Summary& s) {
  json j;
  j["results"] = s.results;
  json& counts = j["checks"] = json::array();
  for (const auto& c : s.counts) {
    counts.push_back({{"check", c.check},
                      {"host", c.host},
                      {"expected_interval_seconds", number(c.expected_interval_seconds)},
                      {"ok", c.by_status[0]},
                      {"warn", c.by_status[1]},
                      {"crit", c.by_status[2]},
                      {"unknown", c.by_status[3]}});
  }
  json& avail = j["availability"] = json::array();
  for (const auto& a : s.availability) {
    avail.push_back({{"host", a.host},
                     {"server", a.server},
                     {"checks", a.checks},
                     {"reached", a.reached},
                     {"percent", number(a.percent())}});
  }
  json& lag = j["replication"]["lag"] = json::array();
  for (const auto& l : s.lag) {
    lag.push_back({{"host", l.host},
                   {"samples", l.samples},
                   {"without_lag", l.without_lag},
                   {"median_seconds", when(l.samples > 0, number(l.median))},
                   {"p95_seconds", when(l.samples > 0, number(l.p95))},
                   {"max_seconds", when(l.samples > 0, number(l.max))},
                   {"warn_seconds", number(l.warn)},
                   {"crit_seconds", number(l.crit)},
                   {"seconds_above_warn", when(l.samples > 0, number(l.seconds_above_warn))},
                   {"seconds_above_crit", when(l.samples > 0, number(l.seconds_above_crit))}});
  }
  j["replication"]["lag_series_max"] = series(s.lag_series);
  json& vols = j["volumes"] = json::array();
  for (const auto& v : s.volumes) {
    vols.push_back({{"host", v.host},
                    {"name", v.name},
                    {"first_free_percent", number(v.first)},
                    {"last_free_percent", number(v.last)},
                    {"min_free_percent", number(v.min)},
                    {"warn_free_percent", number(v.warn)},
                    {"crit_free_percent", number(v.crit)},
                    {"series_min", series(v.series)}});
  }
  json& runs = j["consistency"] = json::array();
  for (const auto& r : s.consistency) {
    runs.push_back({{"started_at", format_utc(r.started)},
                    {"host", r.host},
                    {"status", status(r.status)},
                    {"rows_compared", number(r.rows_compared)},
                    {"differing_rows", number(r.differing_rows)},
                    {"findings", r.findings}});
  }
  const BackupSummary& b = s.backups;
  j["backups"] = {{"status_checks", b.status_checks},
                  {"verified", when(b.status_checks > 0, b.verified)},
                  {"newest_backup_age_max_seconds", number(b.newest_age_max)},
                  {"taken", b.taken},
                  {"taken_ok", when(b.taken > 0, b.taken_ok)},
                  {"bytes", when(b.taken > 0, number(b.bytes))},
                  {"longest_seconds", number(b.longest_seconds)},
                  {"restore_tests", b.restore_tests},
                  {"restore_passed", when(b.restore_tests > 0, b.restore_passed)},
                  {"restore_median_seconds", number(b.restore_median)},
                  {"restore_max_seconds", number(b.restore_max)}};
  j["security"] = {{"checked", s.security.runs > 0},
                   {"runs", s.security.runs},
                   {"worst", status(s.security.worst)},
                   {"findings", s.security.findings}};
  json& incidents = j["incidents"] = json::array();
  for (const auto& i : s.incidents) {
    incidents.push_back({{"check", i.check},
                         {"host", i.host},
                         {"status", status(i.status)},
                         {"start", format_utc(i.start)},
                         {"end", format_utc(i.end)},
                         {"open_at_end", i.open},
                         {"duration_seconds", number(i.seconds())},
                         {"summary", i.summary}});
  }
  json& gaps = j["gaps"] = json::array();
  for (const auto& g : s.gaps) {
    gaps.push_back({{"kind", gap_kind(g.kind)},
                    {"check", g.check},
                    {"host", g.host},
                    {"start", format_utc(g.start)},
                    {"end", format_utc(g.end)},
                    {"duration_seconds", number(g.seconds())}});
  }
  json& days = j["days"] = json::array();
  for (const auto& d : s.days) {
    days.push_back({{"date", format_date(d.date)},
                    {"results", d.results},
                    {"primary_availability_percent", number(d.primary_percent)},
                    {"backup_availability_percent", number(d.backup_percent)},
                    {"lag_p95_seconds", number(d.lag_p95)},
                    {"lag_max_seconds", number(d.lag_max)},
                    {"incidents", when(d.results > 0, d.incidents)},
                    {"consistency", d.consistency ? status(*d.consistency) : json(nullptr)},
                    {"gap_seconds", number(d.gap_seconds)}});
  }
  return j;
}

json verdict_json(const PeriodVerdict& v) {
  json areas = json::array();
  for (const AreaVerdict& a : v.areas) {
    auto sentences = [](const std::vector<Reason>& reasons) {
      json out = json::array();
      for (const Reason& r : reasons) out.push_back({{"id", r.id}, {"en", r.en}});
      return out;
    };
    areas.push_back({{"area", std::string(area_code(a.area))},
                     {"verdict", std::string(verdict_code(a.verdict))},
                     {"coverage_percent", number(a.coverage_percent)},
                     {"reasons", sentences(a.reasons)},
                     {"missing_evidence", sentences(a.missing)}});
  }
  return {{"overall", std::string(verdict_code(v.overall))},
          {"unassessed_areas", v.unassessed_areas},
          {"areas", std::move(areas)}};
}

}  // namespace

std::string render_json(const ReportModel& m, const config::ReportConfig& config) {
  json j;
  j["format_version"] = kJsonFormatVersion;
  j["number"] = m.number;
  j["language"] = m.language;
  j["period"] = {{"kind", std::string(period_kind_name(m.period.kind))},
                 {"first_day", format_date(m.period.first)},
                 {"last_day", format_date(m.period.last)},
                 {"start", format_utc(m.period.start)},
                 {"end", format_utc(m.period.end)},
                 {"time_zone", m.period.zone.name()}};
  j["drafted_at"] = format_utc(m.drafted_at);
  j["drafted_on"] = m.drafted_on;
  j["agenda_head"] = {{"position", m.agenda_head.position},
                      {"agenda_number", m.agenda_head.agenda_number},
                      {"entry_hash", m.agenda_head.entry_hash}};
  j["letterhead"] = {
      {"government", config.government}, {"agency", config.agency}, {"address", config.address}};
  j["officials"] = {{"apk", official(config.apk)},
                    {"sub_koord", official(config.sub_koord)},
                    {"kabid", official(config.kabid)}};
  j["verdict"] = verdict_json(m.verdict);
  j["summary"] = summary_json(m.summary);
  const Headline now = headline(m.summary);
  j["headline"] = headline_json(now);
  if (m.previous) {
    j["previous_period"] = {{"headline", headline_json(*m.previous)},
                            {"change", deltas(now, *m.previous)}};
  }
  json& recs = j["recommendations"] = json::array();
  for (const auto& r : m.recommendations) {
    recs.push_back({{"code", r.code}, {"id", r.id}, {"en", r.en}});
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace jaga::report
