// jaga store backup DIR: a consistent copy of the evidence store (store/store_backup.h), for the
// office's backups (docs/operations.md "Backing up the evidence store"). jaga store compact: the
// one-off rewrite that lets a store made by an earlier jaga give back what retention frees
// (store/store_space.h).
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "store/evidence_store.h"
#include "store/store_backup.h"
#include "store/store_space.h"

namespace jaga::cli {

void add_store_commands(CLI::App& app, Commands& commands) {
  CLI::App* store = app.add_subcommand("store", "Work with the evidence store");
  store->require_subcommand(1);
  auto dir = std::make_shared<std::string>();
  CLI::App* backup = store->add_subcommand(
      "backup", "Copy the evidence store into DIR as one consistent file, while jaga serve runs");
  backup->add_option("dir", *dir, "An existing directory (e.g. on the backup volume)")->required();
  backup->footer(
      "Writes DIR/evidence-YYYYMMDDTHHMMSSZ.db (mode 0640) with SQLite's online backup API and\n"
      "checks it with quick_check. The personal-data key (agent.personal_key) is not copied: keep\n"
      "it apart from the copies. Exit 0 when the copy is whole, 1 otherwise.");
  Command command;
  command.app = backup;
  command.run = [dir](const CommandContext& c) {
    const config::AgentConfig& agent = c.config->agent;
    auto opened = store::EvidenceStore::open(agent.evidence_db, agent.personal_key);
    if (!opened) {
      std::fprintf(stderr, "jaga: %s\n", opened.error().message.c_str());
      return 1;
    }
    auto copy = store::backup_store(**opened, *dir, c.clock.now());
    if (!copy) {
      std::fprintf(stderr, "jaga: %s\n", copy.error().message.c_str());
      return 1;
    }
    std::printf("%s (%lld bytes)\n", copy->path.c_str(), static_cast<long long>(copy->bytes));
    return 0;
  };
  commands.push_back(std::move(command));

  CLI::App* compact = store->add_subcommand(
      "compact", "Rewrite the evidence store so that it gives back the space retention frees");
  compact->footer(
      "Rewrites the whole store (SQLite VACUUM) in incremental auto-vacuum mode, which stores\n"
      "made by this jaga have from the start; after that, jaga serve gives the pages that\n"
      "agent.keep_evidence_days frees back to the file system every day. Needs free disk space\n"
      "about the size of the store; run it once, at a quiet time (jaga serve waits meanwhile).\n"
      "Exit 0 when done, 1 otherwise.");
  Command compact_command;
  compact_command.app = compact;
  compact_command.run = [](const CommandContext& c) {
    const config::AgentConfig& agent = c.config->agent;
    auto opened = store::EvidenceStore::open(agent.evidence_db, agent.personal_key);
    if (!opened) {
      std::fprintf(stderr, "jaga: %s\n", opened.error().message.c_str());
      return 1;
    }
    auto freed = store::compact_store(**opened);
    if (!freed) {
      std::fprintf(stderr, "jaga: %s\n", freed.error().message.c_str());
      return 1;
    }
    auto space = store::store_space(**opened);
    if (!space) {
      std::fprintf(stderr, "jaga: %s\n", space.error().message.c_str());
      return 1;
    }
    std::printf("%s: %lld bytes, %lld given back; it now gives back freed pages itself\n",
                agent.evidence_db.c_str(), static_cast<long long>(space->file_bytes()),
                static_cast<long long>(*freed));
    return 0;
  };
  commands.push_back(std::move(compact_command));
}

}  // namespace jaga::cli
