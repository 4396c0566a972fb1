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
  return r;
}

nlohmann::json parse_json(const std::string& text) {
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

std::string json_text(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json to_json(const StoredResult& r) {
  return {{"id", r.id},
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
}

}  // namespace jaga::store
