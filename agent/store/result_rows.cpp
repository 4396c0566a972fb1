#include "store/result_rows.h"

namespace jaga::store {

StoredResult read_result(const SqlStatement& s) {
  StoredResult r;
  r.id = s.integer(0);
  r.run_id = s.integer(1);
  r.check = s.text(2);
  r.host = s.text(3);
  r.started_at = s.text(4);
  r.finished_at = s.text(5);
  r.status = static_cast<Status>(s.integer(6));
  r.summary = s.text(7);
  r.findings = parse_json(s.text(8));
  r.metrics = parse_json(s.text(9));
  r.evidence = parse_json(s.text(10));
  r.repeats = s.integer(11);
  if (!s.is_null(12)) r.last_started_at = s.text(12);
  return r;
}

nlohmann::json parse_json(const std::string& text) {
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

std::string json_text(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

CheckResult to_check_result(const StoredResult& r) {
  CheckResult out;
  out.check = r.check;
  out.status = r.status;
  out.summary = r.summary;
  // A roll-up reads as the newest result it stands for.
  const std::string& started =
      r.repeats > 1 && !r.last_started_at.empty() ? r.last_started_at : r.started_at;
  out.started = parse_utc(started).value_or(TimePoint{});
  out.finished = parse_utc(r.finished_at).value_or(out.started);
  if (r.findings.is_array()) {
    for (const nlohmann::json& f : r.findings) {
      if (auto finding = finding_from_json(f)) out.findings.push_back(std::move(*finding));
    }
  }
  if (r.metrics.is_array()) {
    for (const nlohmann::json& m : r.metrics) {
      if (!m.is_object() || !m.contains("value") || !m["value"].is_number()) continue;
      Metric metric;
      metric.name = m.value("name", "");
      metric.value = m["value"].get<double>();
      metric.unit = m.value("unit", "");
      if (m.contains("warn") && m["warn"].is_number()) metric.warn = m["warn"].get<double>();
      if (m.contains("crit") && m["crit"].is_number()) metric.crit = m["crit"].get<double>();
      metric.low_is_bad = m.contains("low_is_bad")
                              ? m["low_is_bad"] == true
                              : metric.warn && metric.crit && *metric.warn > *metric.crit;
      out.metrics.push_back(std::move(metric));
    }
  }
  return out;
}

nlohmann::json to_json(const StoredResult& r) {
  nlohmann::json j = {{"id", r.id},
                      {"run_id", r.run_id},
                      {"check", r.check},
                      {"host", r.host},
                      {"started_at", r.started_at},
                      {"finished_at", r.finished_at},
                      {"status", status_name(r.status)},
                      {"summary", r.summary},
                      {"findings", r.findings},
                      {"metrics", r.metrics},
                      {"evidence", r.evidence}};
  // Only on a roll-up, so that a single result reads as it always did.
  if (r.repeats > 1) {
    j["repeats"] = r.repeats;
    j["last_started_at"] = r.last_started_at;
  }
  return j;
}

}  // namespace jaga::store
