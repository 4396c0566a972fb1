#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "config/referenced_files.h"
#include "store/evidence_store.h"

namespace jaga::cli {
namespace {

// "finished", "running" (not finished and its process is alive) or "interrupted".
std::string state_of(const store::StoredRun& r) {
  return r.finished_at ? "finished" : r.running ? "running" : "interrupted";
}

nlohmann::json to_json(const store::StoredRun& r) {
  return {{"id", r.id},
          {"host", r.host},
          {"command", r.command},
          {"started_at", r.started_at},
          {"finished_at", r.finished_at ? nlohmann::json(*r.finished_at) : nullptr},
          {"status", r.status ? nlohmann::json(status_name(*r.status)) : nullptr},
          {"state", state_of(r)}};
}

// {"format_version": 1, KEY: [...]}: a document a script can check before it reads on.
template <typename T>
void print_json(const char* key, const std::vector<T>& rows) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : rows) list.push_back(to_json(r));
  const nlohmann::json out = {{"format_version", 1}, {key, std::move(list)}};
  std::printf("%s\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

}  // namespace

int run_history(const config::Config& config, const HistoryOptions& options, const Clock& clock) {
  store::HistoryQuery query;
  query.limit = options.limit;
  if (!options.check.empty()) query.check = options.check;
  if (!options.since.empty()) {
    auto since = parse_since(options.since, clock.now());
    if (!since) {
      std::fprintf(stderr, "jaga: --since: %s\n", since.error().message.c_str());
      return 2;
    }
    query.since = format_utc(*since);
  }
  auto store = store::EvidenceStore::open(config.agent.evidence_db, config.agent.personal_key);
  if (!store) {
    std::fprintf(stderr, "jaga: %s\n", store.error().message.c_str());
    return 1;
  }
  if (options.runs) {
    auto runs = (*store)->runs(query);
    if (!runs) {
      std::fprintf(stderr, "jaga: %s\n", runs.error().message.c_str());
      return 1;
    }
    if (options.format == "json") {
      print_json("runs", *runs);
      return 0;
    }
    for (const auto& r : *runs) {
      std::printf("run %-6lld %s  %-8s %-10s %s\n", static_cast<long long>(r.id),
                  r.started_at.c_str(), r.command.c_str(),
                  r.finished_at
                      ? std::string(status_name(r.status.value_or(Status::kUnknown))).c_str()
                      : state_of(r).c_str(),
                  r.host.c_str());
    }
    if (runs->empty()) std::printf("no runs recorded in %s\n", config.agent.evidence_db.c_str());
    return 0;
  }
  auto results = (*store)->results(query);
  if (!results) {
    std::fprintf(stderr, "jaga: %s\n", results.error().message.c_str());
    return 1;
  }
  if (options.format == "json") {
    print_json("results", *results);
    return 0;
  }
  // The host tells this host's results from those pulled from the peer. A roll-up of old results
  // (store/result_rollup.h) says how many it stands for and when the last of them started.
  for (const auto& r : *results) {
    const std::string rolled =
        r.repeats > 1 ? fmt::format("  (\u00d7{} until {})", r.repeats,
                                    r.last_started_at.size() >= 19 ? r.last_started_at.substr(11, 8)
                                                                   : r.last_started_at)
                      : std::string();
    std::printf("%s  run %-5lld %-14s %-12s %-7s %s%s\n", r.started_at.c_str(),
                static_cast<long long>(r.run_id), r.host.c_str(), r.check.c_str(),
                std::string(status_name(r.status)).c_str(), r.summary.c_str(), rolled.c_str());
  }
  if (results->empty()) {
    std::printf("no results recorded in %s%s\n", config.agent.evidence_db.c_str(),
                options.check.empty() && options.since.empty() ? "" : " for this selection");
  }
  return 0;
}

namespace {

// Whether the user running this can write the evidence store: its files when they exist, else
// the directory it will be created in. Checks run by this user write every result there.
Result<void> store_writable(const std::string& path) {
  std::vector<std::string> files;
  for (const std::string& f : {path, path + "-wal", path + "-shm"}) {
    if (::access(f.c_str(), F_OK) == 0) files.push_back(f);
  }
  if (files.empty()) {
    std::string dir = std::filesystem::path(path).parent_path().string();
    if (dir.empty()) dir = ".";
    files.push_back(dir);
  }
  for (const std::string& f : files) {
    if (::access(f.c_str(), W_OK) != 0) {
      return Error{fmt::format(
          "agent.evidence_db: {} is not writable by this user (uid {}): {}; run jaga as the "
          "service user (sudo -u jaga), or give it the store (chown jaga:jaga)",
          f, ::geteuid(), std::strerror(errno))};
    }
  }
  return Ok();
}

}  // namespace

int run_config_check(const config::Config& config) {
  // Loading checked what every command needs; the files of report drafting are checked here.
  if (auto files = config::check_all_referenced_files(config); !files) {
    std::fprintf(stderr, "jaga: %s\n", files.error().message.c_str());
    return 1;
  }
  if (auto writable = store_writable(config.agent.evidence_db); !writable) {
    std::fprintf(stderr, "jaga: %s: %s\n", config.path.c_str(), writable.error().message.c_str());
    return 1;
  }
  auto server = [](const config::ServerConfig& s) {
    return fmt::format("{} as {} (password {}, TLS {}, connect timeout {} s)", s.endpoint(), s.user,
                       !s.password_file.empty()  ? "from " + s.password_file
                       : !s.password_env.empty() ? "from $" + s.password_env
                                                 : std::string("none"),
                       config::tls_mode_name(s.tls_mode), s.connect_timeout_seconds);
  };
  std::printf("%s: configuration is valid\n", config.path.c_str());
  std::printf("  host name      %s\n", config.agent.host_name.c_str());
  std::printf("  evidence store %s\n", config.agent.evidence_db.c_str());
  std::printf("  primary        %s\n", server(config.primary).c_str());
  std::printf("  backup         %s\n", server(config.backup).c_str());
  std::printf("  checks         server %s, replication %s%s\n",
              config.server_check.enabled ? "on" : "off",
              config.replication_check.enabled ? "on" : "off",
              config.replication_check.heartbeat ? " (with heartbeat)" : "");
  return 0;
}

}  // namespace jaga::cli
