// `jaga backup [--schema S]`: takes one consistent backup (agent/backup/backup_writer.h), prints
// where it went and records the outcome as evidence "backup" (the run is begun first, so a kill
// leaves it interrupted). Exit 0 when the backup is good, 2 when it failed (nothing half-written
// is left counted as a backup).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "backup/backup_evidence.h"
#include "backup/backup_writer.h"
#include "cli/command.h"
#include "cli/commands.h"
#include "store/evidence_store.h"

namespace jaga::cli {
namespace {

struct BackupOptions {
  std::vector<std::string> schemas;
};

int run_backup(const config::Config& config, const BackupOptions& options, Env& env) {
  const Clock& clock = env.clock();
  CheckResult result;
  result.check = "backup";
  result.started = clock.now();
  auto store = store::EvidenceStore::open(config.agent.evidence_db, config.agent.personal_key);
  if (!store) spdlog::error("{}; this backup is not kept", store.error().message);
  auto run = backup::EvidenceRun::begin(store ? store->get() : nullptr, config.agent.host_name,
                                        "backup", result.started);
  auto outcome = backup::take_backup(config, options.schemas, env);
  result.finished = clock.now();
  const double seconds = std::chrono::duration<double>(result.finished - result.started).count();
  if (!outcome) {
    result.add(Status::kCrit, FindingKind::kBackupFailed, {}, outcome.error().message);
    result.summarize("");
    result.metrics.push_back({"duration_seconds", seconds, "s", {}, {}});
    run.finish(result);
    std::fprintf(stderr, "jaga: %s\n", outcome.error().message.c_str());
    return 2;
  }
  const backup::Manifest& m = outcome->manifest;
  int64_t rows = 0;
  uint64_t raw = 0;
  for (const auto& t : m.tables) rows += t.rows;
  for (const auto& f : m.files) raw += f.raw_bytes;
  for (const auto& p : outcome->removed_partials) {
    result.add(Status::kOk, FindingKind::kBackupLeftoverRemoved, {},
               fmt::format("removed {}, left by a backup that did not finish", p));
  }
  result.summarize(fmt::format("backup {} of {} tables ({} rows) at GTID {}: {:.1f} MB in {:.1f} s",
                               outcome->path, m.tables.size(), rows,
                               m.gtid_position.empty() ? "(none)" : m.gtid_position,
                               static_cast<double>(m.total_bytes()) / 1e6, outcome->seconds));
  result.metrics.push_back({"bytes", static_cast<double>(m.total_bytes()), "B", {}, {}});
  result.metrics.push_back({"duration_seconds", outcome->seconds, "s", {}, {}});
  result.metrics.push_back({"tables", static_cast<double>(m.tables.size()), "", {}, {}});
  result.evidence = {{"path", outcome->path},
                     {"gtid_position", m.gtid_position},
                     {"server", m.server},
                     {"snapshot_method", m.snapshot_method},
                     {"rows", rows},
                     {"raw_bytes", raw},
                     {"retention_deleted", outcome->retention_deleted},
                     {"removed_partials", outcome->removed_partials},
                     {"manifest_signed", outcome->signed_manifest},
                     {"verify_seconds", outcome->verify_seconds}};
  run.finish(result);
  std::printf("%s\n", result.summary.c_str());
  std::printf("snapshot: %s; uncompressed %.1f MB; read back and verified in %.1f s; manifest %s\n",
              m.snapshot_method.c_str(), static_cast<double>(raw) / 1e6, outcome->verify_seconds,
              outcome->signed_manifest ? "signed with the agent's key"
                                       : "not signed (no [peer] cert and key)");
  for (const auto& d : outcome->retention_deleted) std::printf("retention removed %s\n", d.c_str());
  return 0;
}

}  // namespace

void add_backup_commands(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<BackupOptions>();
  CLI::App* backup = app.add_subcommand(
      "backup", "Take a consistent, compressed backup of the configured schemas into backup.dir");
  backup->add_option("--schema", options->schemas,
                     "Only this schema (repeatable; default: backup.schemas)");
  backup->footer(
      "The backup is written as backup.dir/.jaga-<time>.partial and renamed to jaga-<time> only\n"
      "when complete and on disk; a failed or killed backup is never listed as good.");
  commands.push_back({backup, [options](const CommandContext& c) {
                        return run_backup(*c.config, *options, c.env);
                      }});
  add_restore_commands(app, commands);
}

}  // namespace jaga::cli
