#include "output/check_output.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

namespace jaga::output {
namespace {

double millis(TimePoint a, TimePoint b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// A perfdata number: plain decimal digits, as graphers parse them (never "1.2e+06"); "U" for a
// value that could not be measured.
std::string perf_number(double v) {
  if (!std::isfinite(v)) return "U";
  std::string out = fmt::format("{:.6f}", v);
  out.erase(out.find_last_not_of('0') + 1);
  if (out.back() == '.') out.pop_back();
  return out == "-0" ? "0" : out;
}

// A perfdata label: quoted when it holds a space or a quote (a quote is doubled); '=' and '|'
// cannot appear in one at all.
std::string perf_label(const std::string& name) {
  std::string label;
  bool quote = false;
  for (char c : name) {
    if (c == '=' || c == '|') c = '_';
    if (c == ' ' || c == '\'') quote = true;
    label += c == '\'' ? std::string("''") : std::string(1, c);
  }
  return quote ? "'" + label + "'" : label;
}

// Nagios performance data, 'label'=value[unit];[warn];[crit];[min];[max], with thresholds in the
// plugin guidelines' range syntax, alerting on exactly the values the check itself judges:
// "@W:" (inside [W, inf): value >= W) for most metrics, "@~:W" (value <= W) for those whose low
// values are bad, such as free space. A plain "W" would mean "value > W" and "W:" "value < W",
// off by one at the threshold and backwards for free space. min is 0 (no jaga metric is
// negative), max 100 for a percentage.
std::string perfdata(const Metric& m) {
  auto threshold = [&](const std::optional<double>& v) -> std::string {
    if (!v || !std::isfinite(*v)) return "";
    return m.low_is_bad ? "@~:" + perf_number(*v) : "@" + perf_number(*v) + ":";
  };
  std::string out = fmt::format("{}={}{};{};{};0;{}", perf_label(m.name), perf_number(m.value),
                                std::isfinite(m.value) ? m.unit : "", threshold(m.warn),
                                threshold(m.crit), m.unit == "%" ? "100" : "");
  out.erase(out.find_last_not_of(';') + 1);
  return out;
}

// Nagios forbids '|' outside the perfdata separator.
std::string nagios_safe(std::string text) {
  for (char& c : text) {
    if (c == '|') c = '/';
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

}  // namespace

Status CheckRun::status() const {
  Status worst = Status::kOk;
  for (const auto& r : results) worst = worse(worst, r.status);
  return worst;
}

std::string render_text(const CheckRun& run) {
  std::string out =
      fmt::format("jaga {} on {} at {}\n\n", JAGA_VERSION, run.host, format_local(run.started));
  size_t width = 5;
  for (const auto& r : run.results) width = std::max(width, r.check.size());
  for (const auto& r : run.results) {
    out += fmt::format("  {:<7} {:<{}}  {}\n", status_name(r.status), r.check, width, r.summary);
    for (const auto& f : r.findings) {
      if (r.findings.size() > 1 && f.status != Status::kOk) {
        out += fmt::format("  {:<7} {:<{}}    - [{}] {}\n", "", "", width, status_name(f.status),
                           f.message);
      }
    }
  }
  out += fmt::format("\nOverall: {} (exit {}) — {} check{} in {:.1f} s\n",
                     status_nagios_name(run.status()), exit_code(run.status()), run.results.size(),
                     run.results.size() == 1 ? "" : "s", millis(run.started, run.finished) / 1000);
  return out;
}

std::string render_json(const CheckRun& run) {
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& r : run.results) {
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& f : r.findings) findings.push_back(finding_json(f));
    nlohmann::json metrics = nlohmann::json::array();
    for (const auto& m : r.metrics) {
      metrics.push_back({{"name", m.name},
                         {"value", m.value},
                         {"unit", m.unit},
                         {"warn", m.warn ? nlohmann::json(*m.warn) : nullptr},
                         {"crit", m.crit ? nlohmann::json(*m.crit) : nullptr}});
    }
    checks.push_back({{"name", r.check},
                      {"status", status_name(r.status)},
                      {"exit_code", exit_code(r.status)},
                      {"summary", r.summary},
                      {"findings", findings},
                      {"metrics", metrics},
                      {"evidence", r.evidence},
                      {"started_at", format_utc(r.started)},
                      {"finished_at", format_utc(r.finished)},
                      {"duration_ms", millis(r.started, r.finished)}});
  }
  nlohmann::json doc = {{"jaga_version", JAGA_VERSION},
                        {"format_version", 1},
                        {"host", run.host},
                        {"started_at", format_utc(run.started)},
                        {"finished_at", format_utc(run.finished)},
                        {"status", status_name(run.status())},
                        {"exit_code", exit_code(run.status())},
                        {"checks", checks}};
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_nagios(const CheckRun& run) {
  std::string line = fmt::format("JAGA {} - ", status_nagios_name(run.status()));
  std::string perf;
  std::string details;
  bool first = true;
  for (const auto& r : run.results) {
    line += fmt::format("{}{} {}", first ? "" : ", ", r.check, status_name(r.status));
    if (r.status != Status::kOk) line += ": " + nagios_safe(r.summary);
    first = false;
    for (const auto& m : r.metrics) perf += (perf.empty() ? "" : " ") + perfdata(m);
    details += fmt::format("[{}] {}: {}\n", status_name(r.status), r.check, nagios_safe(r.summary));
  }
  if (run.results.empty()) line += "no checks ran";
  return line + (perf.empty() ? "" : " | " + perf) + "\n" + details;
}

}  // namespace jaga::output
