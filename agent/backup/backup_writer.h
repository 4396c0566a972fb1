// `jaga backup`: one consistent logical backup of the configured schemas. All tables are read
// from one snapshot (backup/shared_snapshot.h) on `threads` connections at once, each table part
// streamed into its own zstd file, then the manifest is written; the backup directory is
// renamed from its .partial name only when every file and the directory itself are on disk and
// the backup, read back, verifies against its manifest. Schema and table names become file
// names only encoded (backup/file_names.h), so nothing is written outside the backup. With an
// agent key ([peer] cert/key) the manifest is signed (backup/manifest_signature.h). Retention
// runs only after a verified backup and never deletes it. Any failure removes the .partial
// directory and is an Error saying what failed; a kill leaves it behind for the next run to
// remove (backup/backup_names.h). A second backup in the same directory waits for the first.
#pragma once

#include <string>
#include <vector>

#include "backup/manifest.h"
#include "config/config.h"
#include "core/env.h"
#include "core/result.h"

namespace jaga::backup {

struct BackupOutcome {
  std::string path;  // the finished backup directory
  Manifest manifest;
  double seconds = 0;
  std::vector<std::string> removed_partials;  // leftovers of earlier runs removed first
  std::vector<std::string> retention_deleted;
  bool signed_manifest = false;  // manifest.json.p7s written with the agent's key
  double verify_seconds = 0;     // reading the written backup back before publishing it
};

// Takes a backup of `schemas` (the configured ones when empty) into config.backups.dir; times,
// waits and timestamps through `env`.
Result<BackupOutcome> take_backup(const config::Config& config,
                                  const std::vector<std::string>& schemas, Env& env);

}  // namespace jaga::backup
