// An independent reader of Nagios performance data, as a grapher or a threshold-re-checking tool
// would read jaga's: 'label'=value[unit];[warn];[crit];[min];[max], the thresholds in the plugin
// guidelines' range syntax ([@]start:end, start "~" for minus infinity, "N" meaning "0:N"). The
// tests use it to check that every metric's thresholds alert on exactly what its check judged.
#pragma once

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/status.h"

namespace jaga::test {

// A threshold range: a value alerts when it lies outside [start, end], or inside it with '@'.
struct PerfRange {
  double start = 0;
  double end = std::numeric_limits<double>::infinity();
  bool inside = false;

  bool alerts(double v) const {
    const bool within = v >= start && v <= end;
    return inside ? within : !within;
  }
};

struct PerfValue {
  std::string label;
  std::optional<double> value;  // nullopt for "U"
  std::string unit;
  std::optional<PerfRange> warn, crit;
  std::optional<double> min, max;

  // The status the thresholds give the value: what a tool re-reading the perfdata would say.
  Status status() const {
    if (!value) return Status::kOk;
    if (crit && crit->alerts(*value)) return Status::kCrit;
    if (warn && warn->alerts(*value)) return Status::kWarn;
    return Status::kOk;
  }
};

// Throws std::runtime_error naming the text when it is not a number.
inline double perf_number(const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) {
    throw std::runtime_error("not a perfdata number: '" + text + "'");
  }
  return v;
}

inline std::optional<PerfRange> parse_perf_range(std::string text) {
  if (text.empty()) return std::nullopt;
  PerfRange r;
  if (text[0] == '@') {
    r.inside = true;
    text.erase(0, 1);
  }
  const auto colon = text.find(':');
  if (colon == std::string::npos) {
    r.end = perf_number(text);
    return r;
  }
  const std::string start = text.substr(0, colon), end = text.substr(colon + 1);
  r.start = start == "~" ? -std::numeric_limits<double>::infinity() : perf_number(start);
  if (!end.empty()) r.end = perf_number(end);
  return r;
}

// The performance data after the first '|' of a plugin's first output line.
inline std::vector<PerfValue> parse_perfdata(const std::string& output) {
  const std::string line = output.substr(0, output.find('\n'));
  const auto bar = line.find('|');
  std::vector<PerfValue> out;
  if (bar == std::string::npos) return out;
  size_t i = bar + 1;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    if (i >= line.size()) break;
    PerfValue p;
    if (line[i] == '\'') {  // quoted label, '' is a quote
      for (++i; i < line.size(); ++i) {
        if (line[i] == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
          p.label += '\'';
          ++i;
        } else if (line[i] == '\'') {
          ++i;
          break;
        } else {
          p.label += line[i];
        }
      }
    } else {
      while (i < line.size() && line[i] != '=') p.label += line[i++];
    }
    if (i >= line.size() || line[i] != '=') throw std::runtime_error("no '=' after " + p.label);
    ++i;
    const size_t end = line.find(' ', i);
    const std::string rest = line.substr(i, end == std::string::npos ? std::string::npos : end - i);
    i = end == std::string::npos ? line.size() : end;
    std::vector<std::string> fields(1);
    for (char c : rest) {
      if (c == ';') {
        fields.emplace_back();
      } else {
        fields.back().push_back(c);
      }
    }
    fields.resize(5);
    std::string v = fields[0];
    if (v != "U") {
      size_t digits = 0;
      while (digits < v.size() && (std::isdigit(static_cast<unsigned char>(v[digits])) ||
                                   v[digits] == '.' || v[digits] == '-')) {
        ++digits;
      }
      p.unit = v.substr(digits);
      p.value = perf_number(v.substr(0, digits));
    }
    p.warn = parse_perf_range(fields[1]);
    p.crit = parse_perf_range(fields[2]);
    if (!fields[3].empty()) p.min = perf_number(fields[3]);
    if (!fields[4].empty()) p.max = perf_number(fields[4]);
    out.push_back(p);
  }
  return out;
}

// The status a plugin line starts with ("JAGA WARNING - ...").
inline std::optional<Status> nagios_line_status(const std::string& output) {
  for (Status s : {Status::kOk, Status::kWarn, Status::kCrit, Status::kUnknown}) {
    if (output.rfind("JAGA " + std::string(status_nagios_name(s)) + " - ", 0) == 0) return s;
  }
  return std::nullopt;
}

}  // namespace jaga::test
