#include "core/check_result.h"

#include <algorithm>

namespace jaga {

nlohmann::json finding_json(const Finding& f) {
  nlohmann::json j = {{"status", status_name(f.status)}, {"message", f.message}};
  if (f.kind != FindingKind::kUnclassified) {
    j["kind"] = finding_kind_name(f.kind);
    j["params"] = f.params;
  }
  return j;
}

std::optional<Finding> finding_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  const auto status = j.find("status");
  const auto message = j.find("message");
  if (status == j.end() || !status->is_string() || message == j.end() || !message->is_string()) {
    return std::nullopt;
  }
  Finding f;
  f.status = parse_status(status->get<std::string>()).value_or(Status::kUnknown);
  f.message = message->get<std::string>();
  const auto kind = j.find("kind");
  if (kind != j.end() && kind->is_string()) {
    f.kind = parse_finding_kind(kind->get<std::string>()).value_or(FindingKind::kUnclassified);
  }
  const auto params = j.find("params");
  if (f.kind != FindingKind::kUnclassified && params != j.end() && params->is_object() &&
      std::all_of(params->begin(), params->end(), [](const nlohmann::json& v) {
        return v.is_number() || v.is_string() || v.is_boolean();
      })) {
    f.params = *params;
  }
  return f;
}

void CheckResult::add(Status finding_status, FindingKind kind, nlohmann::json params,
                      std::string message) {
  status = worse(status, finding_status);
  if (params.is_null()) params = nlohmann::json::object();
  findings.push_back({finding_status, kind, std::move(params), std::move(message)});
}

void CheckResult::summarize(const std::string& ok_summary) {
  if (status == Status::kOk) {
    summary = ok_summary;
    return;
  }
  summary.clear();
  for (const Finding& f : findings) {
    if (f.status != status) continue;
    if (!summary.empty()) summary += "; ";
    summary += f.message;
  }
}

}  // namespace jaga
