#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>

#include "cli/commands.h"
#include "consistency/engine.h"
#include "privacy/key_mask.h"
#include "store/evidence_store.h"

namespace jaga::cli {

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
  const nlohmann::json tables = source.value("tables", nlohmann::json::array());
  if (options.format == "json") {
    nlohmann::json out = {{"run_id", r.run_id},
                          {"status", status_name(r.status)},
                          {"started_at", r.started_at},
                          {"revealed", options.reveal},
                          {"tables", nlohmann::json::array()}};
    for (const nlohmann::json& t : tables) {
      out["tables"].push_back(t);
    }
    std::printf("%s\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return 0;
  }
  std::printf("consistency run %lld at %s: %s\n", static_cast<long long>(r.run_id),
              r.started_at.c_str(), std::string(status_name(r.status)).c_str());
  size_t total = 0;
  for (const auto& t : tables) {
    const auto& diffs = t.at("differences");
    total += diffs.size();
    std::printf(
        "  %s: %lld rows compared, %zu differ%s\n", t.value("table", "?").c_str(),
        static_cast<long long>(t.value("rows", int64_t{0})), diffs.size(),
        diffs.empty()
            ? ""
            : fmt::format(" (key: {})",
                          fmt::join(t.value("key_columns", std::vector<std::string>{}), ", "))
                  .c_str());
    for (const auto& d : diffs) {
      const std::string kind = d.value("kind", "?");
      if (d.contains("key")) {
        std::printf(
            "    %-18s %s\n", kind.c_str(),
            privacy::format_key(consistency::key_display(d["key"]), /*reveal=*/true).c_str());
      } else {
        std::printf("    %-18s row digest %s (%lld on primary, %lld on backup)\n", kind.c_str(),
                    d.value("row_digest", "?").c_str(),
                    static_cast<long long>(d.value("primary_count", int64_t{0})),
                    static_cast<long long>(d.value("backup_count", int64_t{0})));
      }
    }
  }
  if (!options.reveal && total > 0) {
    std::printf(
        "keys are masked; an administrator on this host can see them in full with "
        "--reveal\n");
  }
  if (r.evidence.contains("stopped_at")) {
    std::printf("the run stopped early at %s: %s\n",
                r.evidence["stopped_at"].get<std::string>().c_str(), r.summary.c_str());
  }
  return 0;
}

}  // namespace jaga::cli
