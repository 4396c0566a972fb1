#include "metrics/prometheus_text.h"

#include <fmt/format.h>

#include <functional>

namespace jaga::metrics {
namespace {

double seconds_since_epoch(TimePoint t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

std::optional<double> metric_value(const nlohmann::json& metrics, const std::string& name) {
  if (!metrics.is_array()) return std::nullopt;
  for (const nlohmann::json& m : metrics) {
    if (m.is_object() && m.value("name", "") == name && m.contains("value") &&
        m["value"].is_number()) {
      return m["value"].get<double>();
    }
  }
  return std::nullopt;
}

// One family: HELP, TYPE and a sample for each result `value` gives a number for.
void family(std::string& out, const char* name, const char* help, const Snapshot& s,
            bool with_check,
            const std::function<std::optional<double>(const LatestResult&)>& value) {
  std::string samples;
  for (const LatestResult& r : s.latest) {
    const auto v = value(r);
    if (!v) continue;
    const std::string labels = with_check ? fmt::format("check=\"{}\",host=\"{}\"",
                                                        escape_label(r.check), escape_label(r.host))
                                          : fmt::format("host=\"{}\"", escape_label(r.host));
    samples += fmt::format("{}{{{}}} {}\n", name, labels, *v);
  }
  if (samples.empty()) return;
  out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{}", name, help, name, samples);
}

}  // namespace

std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string render(const Snapshot& s) {
  std::string out;
  family(out, "jaga_check_status",
         "Newest status of the check on the host: 0 OK, 1 WARN, 2 CRIT, 3 UNKNOWN.", s, true,
         [](const LatestResult& r) { return static_cast<double>(r.status); });
  family(out, "jaga_check_last_run_timestamp_seconds",
         "When the newest run of the check on the host finished (Unix time).", s, true,
         [](const LatestResult& r) { return seconds_since_epoch(r.finished); });
  family(out, "jaga_check_duration_seconds", "How long the newest run of the check took.", s, true,
         [](const LatestResult& r) {
           return std::chrono::duration<double>(r.finished - r.started).count();
         });
  family(out, "jaga_replication_lag_seconds",
         "Replication lag the backup server reported at the newest replication check.", s, false,
         [](const LatestResult& r) -> std::optional<double> {
           if (r.check != "replication") return std::nullopt;
           return metric_value(r.metrics, "replication_lag");
         });
  family(out, "jaga_backup_age_seconds", "Age of the newest backup at the newest backups check.", s,
         false, [](const LatestResult& r) -> std::optional<double> {
           if (r.check != "backups") return std::nullopt;
           return metric_value(r.metrics, "newest_backup_age_seconds");
         });
  if (!s.consistency_ok.empty()) {
    out +=
        "# HELP jaga_consistency_last_success_timestamp_seconds When a consistency check last "
        "finished OK on the host (Unix time).\n"
        "# TYPE jaga_consistency_last_success_timestamp_seconds gauge\n";
    for (const auto& [host, at] : s.consistency_ok) {
      out += fmt::format("jaga_consistency_last_success_timestamp_seconds{{host=\"{}\"}} {}\n",
                         escape_label(host), seconds_since_epoch(at));
    }
  }
  return out;
}

}  // namespace jaga::metrics
