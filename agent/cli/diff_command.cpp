#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>

#include "cli/commands.h"
#include "consistency/engine.h"
#include "privacy/key_mask.h"
#include "store/evidence_store.h"

namespace jaga::cli {
namespace {

// Whether `object`'s `key`, when present, satisfies `is` (a json type test).
bool typed(const nlohmann::json& object, const char* key,
           bool (nlohmann::json::*is)() const noexcept) {
  return !object.contains(key) || (object[key].*is)();
}

// What a consistency run writes: an object whose optional "tables" is an array of objects, each
// with an array of "differences" that are objects, every known field of the type the engine
// gives it. Anything else was damaged or edited; both output formats refuse it alike.
Result<void> check_shape(const nlohmann::json& source) {
  using J = nlohmann::json;
  if (!source.is_object()) return Error{"it is not a JSON object"};
  if (!typed(source, "stopped_at", &J::is_string)) return Error{"\"stopped_at\" is not a text"};
  if (!source.contains("tables")) return Ok();
  const J& tables = source["tables"];
  if (!tables.is_array()) return Error{"\"tables\" is not an array"};
  for (const J& t : tables) {
    if (!t.is_object()) return Error{"a table is not an object"};
    if (!t.contains("differences") || !t["differences"].is_array()) {
      return Error{"a table has no array of \"differences\""};
    }
    if (!typed(t, "table", &J::is_string) || !typed(t, "rows", &J::is_number_integer) ||
        !typed(t, "key_columns", &J::is_array) || !typed(t, "error", &J::is_string)) {
      return Error{"a table's name, row count or key columns are of the wrong type"};
    }
    for (const J& column : t.value("key_columns", J::array())) {
      if (!column.is_string()) return Error{"a key column is not a text"};
    }
    for (const J& d : t["differences"]) {
      if (!d.is_object() || !typed(d, "kind", &J::is_string) || !typed(d, "key", &J::is_array) ||
          !typed(d, "row_digest", &J::is_string) ||
          !typed(d, "primary_count", &J::is_number_integer) ||
          !typed(d, "backup_count", &J::is_number_integer)) {
        return Error{"a difference is not an object of the expected fields"};
      }
    }
  }
  return Ok();
}

// The schema comparison as the masked evidence keeps it (definitions hold no row data): an
// object whose optional "differences" are objects of texts (a definition may be null: absent).
Result<void> check_schema_shape(const nlohmann::json& evidence) {
  using J = nlohmann::json;
  if (!evidence.contains("schema")) return Ok();
  const J& schema = evidence["schema"];
  if (!schema.is_object() || !typed(schema, "differences", &J::is_array) ||
      !typed(schema, "not_compared", &J::is_array) || !typed(schema, "error", &J::is_string)) {
    return Error{"\"schema\" is not an object of the expected fields"};
  }
  for (const J& d : schema.value("differences", J::array())) {
    const auto text_or_null = [&](const char* key) {
      return d.contains(key) && (d[key].is_string() || d[key].is_null());
    };
    if (!d.is_object() || !d.contains("kind") || !d["kind"].is_string() || !d.contains("name") ||
        !d["name"].is_string() || !text_or_null("primary") || !text_or_null("backup")) {
      return Error{"a schema difference is not an object of the expected fields"};
    }
  }
  for (const J& kind : schema.value("not_compared", J::array())) {
    if (!kind.is_string()) return Error{"a kind of object not compared is not a text"};
  }
  return Ok();
}

std::string render_schema_text(const nlohmann::json& evidence) {
  if (!evidence.contains("schema")) return "";
  const nlohmann::json& schema = evidence["schema"];
  if (schema.contains("error")) {
    return fmt::format("  schema: not compared: {}\n", schema["error"].get<std::string>());
  }
  const auto& differences = schema.value("differences", nlohmann::json::array());
  std::string out = fmt::format("  schema: {} difference{}\n", differences.size(),
                                differences.size() == 1 ? "" : "s");
  const auto definition = [](const nlohmann::json& d) {
    return d.is_null() ? std::string("(absent)") : d.get<std::string>();
  };
  for (const auto& d : differences) {
    out += fmt::format("    {} {}\n      primary: {}\n      backup:  {}\n",
                       d["kind"].get<std::string>(), d["name"].get<std::string>(),
                       definition(d["primary"]), definition(d["backup"]));
  }
  for (const auto& kind : schema.value("not_compared", nlohmann::json::array())) {
    out += fmt::format("    not compared: {}\n", kind.get<std::string>());
  }
  return out;
}

std::string render_json(const store::StoredResult& r, const nlohmann::json& tables, bool reveal) {
  nlohmann::json out = {{"run_id", r.run_id},
                        {"status", status_name(r.status)},
                        {"started_at", r.started_at},
                        {"revealed", reveal},
                        {"tables", nlohmann::json::array()}};
  for (const nlohmann::json& t : tables) out["tables"].push_back(t);
  if (r.evidence.contains("schema")) out["schema"] = r.evidence["schema"];
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_text(const store::StoredResult& r, const nlohmann::json& tables, bool reveal) {
  std::string out =
      fmt::format("consistency run {} at {}: {}\n", r.run_id, r.started_at, status_name(r.status));
  out += render_schema_text(r.evidence);
  size_t total = 0;
  for (const auto& t : tables) {
    if (!t.value("error", "").empty()) {
      out += fmt::format("  {}: not compared: {}\n", t.value("table", "?"),
                         t["error"].get<std::string>());
      continue;
    }
    const auto& diffs = t["differences"];
    total += diffs.size();
    out += fmt::format(
        "  {}: {} rows compared, {} differ{}\n", t.value("table", "?"), t.value("rows", int64_t{0}),
        diffs.size(),
        diffs.empty()
            ? ""
            : fmt::format(" (key: {})",
                          fmt::join(t.value("key_columns", std::vector<std::string>{}), ", ")));
    for (const auto& d : diffs) {
      const std::string kind = d.value("kind", "?");
      if (d.contains("key")) {
        out +=
            fmt::format("    {:<18} {}\n", kind,
                        privacy::format_key(consistency::key_display(d["key"]), /*reveal=*/true));
      } else {
        out += fmt::format("    {:<18} row digest {} ({} on primary, {} on backup)\n", kind,
                           d.value("row_digest", "?"), d.value("primary_count", int64_t{0}),
                           d.value("backup_count", int64_t{0}));
      }
    }
  }
  if (!reveal && total > 0) {
    out += "keys are masked; an administrator on this host can see them in full with --reveal\n";
  }
  if (r.evidence.contains("stopped_at")) {
    out += fmt::format("the run stopped early at {}: {}\n",
                       r.evidence["stopped_at"].get<std::string>(), r.summary);
  }
  return out;
}

}  // namespace

int run_diff_show(const config::Config& config, const DiffOptions& options) {
  auto store = store::EvidenceStore::open(config.agent.evidence_db, config.agent.personal_key);
  if (!store) {
    std::fprintf(stderr, "jaga: %s\n", store.error().message.c_str());
    return 1;
  }
  store::HistoryQuery query;
  query.check = "consistency";
  query.run_id = options.run_id;
  query.limit = 1;
  auto results = (*store)->results(query);
  if (!results) {
    std::fprintf(stderr, "jaga: %s\n", results.error().message.c_str());
    return 1;
  }
  if (results->empty()) {
    std::fprintf(stderr,
                 "jaga: run %lld has no consistency result in %s (see: jaga history "
                 "--check consistency)\n",
                 static_cast<long long>(options.run_id), config.agent.evidence_db.c_str());
    return 1;
  }
  const store::StoredResult& r = results->front();
  // Masked keys live in the evidence, full keys only in the personal evidence (see CheckResult),
  // which is sealed: revealing it needs the key file, which only the service user may read.
  nlohmann::json source = r.evidence;
  if (options.reveal) {
    auto personal = (*store)->reveal_personal(r);
    if (!personal) {
      std::fprintf(stderr, "jaga: %s\n", personal.error().message.c_str());
      return 1;
    }
    if (!personal->contains("tables") && r.evidence.contains("tables")) {
      std::fprintf(stderr,
                   "jaga: the full keys of run %lld were not kept (see the log of that run); "
                   "`jaga diff show %lld` shows them masked\n",
                   static_cast<long long>(options.run_id), static_cast<long long>(options.run_id));
      return 1;
    }
    source = std::move(*personal);
    // Full keys are personal data: leave a trace of who looked, without the keys themselves.
    spdlog::warn("full keys of consistency run {} revealed to uid {}", options.run_id, getuid());
  }
  const auto damaged = [&](const std::string& why) {
    std::fprintf(stderr,
                 "jaga: the %s evidence of consistency run %lld in %s is not what a consistency "
                 "run writes (%s); the store may be damaged or edited\n",
                 options.reveal ? "personal" : "masked", static_cast<long long>(options.run_id),
                 config.agent.evidence_db.c_str(), why.c_str());
    return 1;
  };
  if (auto shape = check_shape(source); !shape) return damaged(shape.error().message);
  if (auto shape = check_schema_shape(r.evidence); !shape) return damaged(shape.error().message);
  const nlohmann::json tables = source.value("tables", nlohmann::json::array());
  std::string out;
  try {
    out = options.format == "json" ? render_json(r, tables, options.reveal)
                                   : render_text(r, tables, options.reveal);
  } catch (const nlohmann::json::exception& e) {
    // A value of the wrong type inside a table or difference (a number where a name belongs).
    return damaged(e.what());
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace jaga::cli
