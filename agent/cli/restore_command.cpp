// `jaga restore-test BACKUP`: restores a backup into a throw-away server and compares its digests
// (agent/backup/restore_test.h); prints each table and records the outcome as evidence
// "restore_test" (the run is begun first, so a kill leaves it interrupted). Nothing is loaded
// from a backup that does not verify (backup/jaga_backup_check.h). Exit 0 when every table is
// equal, 1 when something could not be proven, 2 when a table differs or the restore failed.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "backup/backup_evidence.h"
#include "backup/restore_test.h"
#include "cli/command.h"
#include "cli/commands.h"
#include "store/evidence_store.h"

namespace jaga::cli {
namespace {

struct RestoreCliOptions {
  std::string backup = "latest";
  int threads = 0;
};

CheckResult to_result(const backup::RestoreTestOutcome& o) {
  CheckResult result;
  result.check = "restore_test";
  for (const auto& t : o.tables) {
    if (!t.equal) {
      result.add(Status::kCrit, FindingKind::kRestoreTableDiffers, {{"table", t.table}},
                 fmt::format("table {} differs: {}", t.table, t.detail));
    }
  }
  for (const auto& u : o.unproven) {
    result.add(Status::kWarn, FindingKind::kRestoreNotProven, {}, "not proven: " + u);
  }
  result.summarize(fmt::format(
      "{} restores: {} tables equal to the {}, restored in {:.1f} s", o.backup, o.tables.size(),
      o.format == "jaga" ? "manifest" : "live backup server", o.restore_seconds));
  result.metrics.push_back({"restore_seconds", o.restore_seconds, "s", {}, {}});
  result.metrics.push_back({"verify_seconds", o.verify_seconds, "s", {}, {}});
  result.metrics.push_back({"tables_compared", static_cast<double>(o.tables.size()), "", {}, {}});
  result.metrics.push_back({"tables_differing", static_cast<double>(o.differing()), "", {}, {}});
  nlohmann::json tables = nlohmann::json::array();
  for (const auto& t : o.tables) {
    tables.push_back({{"table", t.table},
                      {"rows_expected", t.rows_expected},
                      {"rows_found", t.rows_found},
                      {"equal", t.equal},
                      {"detail", t.detail}});
  }
  result.evidence = {{"backup", o.backup},
                     {"format", o.format},
                     {"start_seconds", o.start_seconds},
                     {"digest_seconds", o.digest_seconds},
                     {"tables", tables},
                     {"unproven", o.unproven}};
  return result;
}

int run_restore_test(const config::Config& config, const RestoreCliOptions& cli, Env& env) {
  backup::RestoreOptions options;
  options.threads = cli.threads > 0 ? cli.threads : static_cast<int>(config.backups.threads);
  const TimePoint started = env.clock().now();
  auto store = store::EvidenceStore::open(config.agent.evidence_db, config.agent.personal_key);
  if (!store) spdlog::error("{}; this restore-test is not kept", store.error().message);
  auto run = backup::EvidenceRun::begin(store ? store->get() : nullptr, config.agent.host_name,
                                        "restore-test", started);
  auto outcome = backup::restore_test(config, cli.backup, options, env);
  CheckResult result;
  if (!outcome) {
    result.check = "restore_test";
    result.add(Status::kCrit, FindingKind::kRestoreFailed, {}, outcome.error().message);
    result.summarize("");
  } else {
    result = to_result(*outcome);
  }
  result.started = started;
  result.finished = env.clock().now();
  run.finish(result);
  if (!outcome) {
    std::fprintf(stderr, "jaga: restore test failed: %s\n", outcome.error().message.c_str());
    return 2;
  }
  for (const auto& t : outcome->tables) {
    std::printf("  %-8s %-32s %12lld rows%s%s\n", t.equal ? "equal" : "DIFFERS", t.table.c_str(),
                static_cast<long long>(t.rows_found), t.detail.empty() ? "" : "  ",
                t.detail.c_str());
  }
  for (const auto& u : outcome->unproven) std::printf("  not proven: %s\n", u.c_str());
  std::printf("%s: %s\n", std::string(status_name(result.status)).c_str(), result.summary.c_str());
  std::printf("verify %.1f s, server start %.1f s, restore %.1f s, digests %.1f s\n",
              outcome->verify_seconds, outcome->start_seconds, outcome->restore_seconds,
              outcome->digest_seconds);
  return result.status == Status::kOk ? 0 : result.status == Status::kWarn ? 1 : 2;
}

}  // namespace

void add_restore_commands(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<RestoreCliOptions>();
  CLI::App* restore = app.add_subcommand(
      "restore-test", "Restore a backup into a throw-away server and compare it with its manifest");
  restore
      ->add_option("backup", options->backup,
                   "A jaga backup directory, a name in backup.dir, \"latest\", or a mysqldump "
                   "file (.sql, .sql.gz, .sql.zst)")
      ->capture_default_str();
  restore
      ->add_option("--threads", options->threads,
                   "Connections loading and digesting at once (default: backup.threads)")
      ->check(CLI::Range(1, 64));
  commands.push_back({restore, [options](const CommandContext& c) {
                        return run_restore_test(*c.config, *options, c.env);
                      }});
}

}  // namespace jaga::cli
