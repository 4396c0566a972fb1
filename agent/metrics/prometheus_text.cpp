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

// Free space of each configured volume at the newest server check, as a ratio (0 to 1).
void volumes(std::string& out, const Snapshot& s) {
  std::string samples;
  for (const LatestResult& r : s.latest) {
    if (r.check != "server" || !r.metrics.is_array()) continue;
    for (const nlohmann::json& m : r.metrics) {
      if (!m.is_object() || !m.contains("value") || !m["value"].is_number()) continue;
      const std::string name = m.value("name", "");
      if (!name.starts_with("volume_") || !name.ends_with("_free") || name.size() <= 12) continue;
      const std::string volume = name.substr(7, name.size() - 12);
      samples +=
          fmt::format("jaga_volume_free_ratio{{host=\"{}\",volume=\"{}\"}} {}\n",
                      escape_label(r.host), escape_label(volume), m["value"].get<double>() / 100);
    }
  }
  if (samples.empty()) return;
  out +=
      "# HELP jaga_volume_free_ratio Free space of the volume at the newest server check (0 to "
      "1).\n# TYPE jaga_volume_free_ratio gauge\n" +
      samples;
}

// One sample per backup set of the newest backups check, from its metric `prefix` + set name;
// `value` turns the metric's value into the sample (nullopt: none).
void backup_sets(std::string& out, const char* name, const char* help, const Snapshot& s,
                 const std::string& prefix,
                 const std::function<std::optional<double>(const LatestResult&, double)>& value) {
  std::string samples;
  for (const LatestResult& r : s.latest) {
    if (r.check != "backups" || !r.metrics.is_array()) continue;
    for (const nlohmann::json& m : r.metrics) {
      if (!m.is_object() || !m.contains("value") || !m["value"].is_number()) continue;
      const std::string metric = m.value("name", "");
      if (!metric.starts_with(prefix) || metric.size() == prefix.size()) continue;
      const auto v = value(r, m["value"].get<double>());
      if (!v) continue;
      samples += fmt::format("{}{{host=\"{}\",set=\"{}\"}} {}\n", name, escape_label(r.host),
                             escape_label(metric.substr(prefix.size())), *v);
    }
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
  out +=
      "# HELP jaga_up Whether jaga's metrics endpoint answered (always 1 when scraped).\n"
      "# TYPE jaga_up gauge\njaga_up 1\n";
  out += fmt::format(
      "# HELP jaga_build_info The jaga version that serves these metrics.\n"
      "# TYPE jaga_build_info gauge\njaga_build_info{{version=\"{}\"}} 1\n",
      escape_label(JAGA_VERSION));
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
  const auto replication_metric = [](const char* name) {
    return [name](const LatestResult& r) -> std::optional<double> {
      if (r.check != "replication") return std::nullopt;
      return metric_value(r.metrics, name);
    };
  };
  family(out, "jaga_replication_gtid_gap",
         "Transactions of the primary the backup had not applied at the newest replication check.",
         s, false, replication_metric("gtid_gap"));
  family(out, "jaga_replication_errant_transactions",
         "GTIDs the backup executed that the primary never had, at the newest replication check.",
         s, false, replication_metric("errant_transactions"));
  family(out, "jaga_replication_heartbeat_lag_seconds",
         "Time a heartbeat written on the primary took to reach the backup (true lag).", s, false,
         replication_metric("heartbeat_lag"));
  const auto thread = [](const char* field) {
    return [field](const LatestResult& r) -> std::optional<double> {
      if (r.check != "replication" || !r.replica_status.is_object()) return std::nullopt;
      const auto it = r.replica_status.find(field);
      if (it == r.replica_status.end() || !it->is_string()) return std::nullopt;
      return *it == "Yes" ? 1.0 : 0.0;
    };
  };
  family(out, "jaga_replication_io_running",
         "Whether the backup's replication I/O thread ran (1) or not (0) at the newest replication "
         "check.",
         s, false, thread("io_running"));
  family(out, "jaga_replication_sql_running",
         "Whether the backup's replication SQL thread ran (1) or not (0) at the newest "
         "replication check.",
         s, false, thread("sql_running"));
  family(out, "mysql_slave_status_slave_io_running",
         "Whether the backup's replication I/O thread runs (1) or not (0), as mysqld_exporter "
         "names it.",
         s, false, thread("io_running"));
  family(out, "mysql_slave_status_slave_sql_running",
         "Whether the backup's replication SQL thread runs (1) or not (0), as mysqld_exporter "
         "names it.",
         s, false, thread("sql_running"));
  family(out, "mysql_slave_status_seconds_behind_master",
         "Seconds_Behind_Master of the backup, as mysqld_exporter names it; no sample while the "
         "server reports NULL.",
         s, false, replication_metric("replication_lag"));
  const auto consistency_metric = [](const char* name) {
    return [name](const LatestResult& r) -> std::optional<double> {
      if (r.check != "consistency") return std::nullopt;
      return metric_value(r.metrics, name);
    };
  };
  family(out, "jaga_consistency_rows_compared", "Rows compared by the newest consistency check.", s,
         false, consistency_metric("rows_compared"));
  family(out, "jaga_consistency_differing_rows",
         "Rows that differ between primary and backup at the newest consistency check.", s, false,
         consistency_metric("differing_rows"));
  volumes(out, s);
  family(out, "jaga_backup_age_seconds", "Age of the newest backup at the newest backups check.", s,
         false, [](const LatestResult& r) -> std::optional<double> {
           if (r.check != "backups") return std::nullopt;
           return metric_value(r.metrics, "newest_backup_age_seconds");
         });
  backup_sets(out, "jaga_backup_newest_timestamp_seconds",
              "When the newest backup of the set was made, as the newest backups check found it "
              "(Unix time).",
              s, "newest_backup_age_seconds_",
              [](const LatestResult& r, double age) -> std::optional<double> {
                return seconds_since_epoch(r.finished) - age;
              });
  backup_sets(out, "jaga_backup_size_bytes",
              "Size of the newest backup of the set at the newest backups check.", s,
              "newest_backup_bytes_",
              [](const LatestResult&, double bytes) -> std::optional<double> { return bytes; });
  family(out, "jaga_restore_test_success",
         "Whether the newest restore test restored the backup and found every table equal (1) or "
         "not (0).",
         s, false, [](const LatestResult& r) -> std::optional<double> {
           if (r.check != "restore_test") return std::nullopt;
           const auto differing = metric_value(r.metrics, "tables_differing");
           return r.status == Status::kOk && differing.value_or(0) == 0 ? 1.0 : 0.0;
         });
  const auto restore_metric = [](const char* name) {
    return [name](const LatestResult& r) -> std::optional<double> {
      if (r.check != "restore_test") return std::nullopt;
      return metric_value(r.metrics, name);
    };
  };
  family(out, "jaga_restore_test_tables_compared",
         "Tables of the restored backup compared with their source at the newest restore test.", s,
         false, restore_metric("tables_compared"));
  family(out, "jaga_restore_test_tables_differing",
         "Tables of the restored backup that differed from their source at the newest restore "
         "test.",
         s, false, restore_metric("tables_differing"));
  if (!s.last_success.empty()) {
    out +=
        "# HELP jaga_check_last_success_timestamp_seconds When the check last finished OK on the "
        "host (Unix time).\n"
        "# TYPE jaga_check_last_success_timestamp_seconds gauge\n";
    for (const CheckSuccess& c : s.last_success) {
      out +=
          fmt::format("jaga_check_last_success_timestamp_seconds{{check=\"{}\",host=\"{}\"}} {}\n",
                      escape_label(c.check), escape_label(c.host), seconds_since_epoch(c.finished));
    }
  }
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
