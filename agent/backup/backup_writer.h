// `jaga backup`: one consistent logical backup of the configured schemas. All tables are read
// from one snapshot (backup/shared_snapshot.h) on `threads` connections at once, each table part
// streamed into its own zstd file, then the manifest is written; the backup directory is
// renamed from its .partial name only when every file and the directory itself are on disk.
// Any failure removes the .partial directory and is an Error saying what failed; a kill leaves
// it behind for the next run to remove (backup/backup_names.h).
#pragma once

#include <string>
#include <vector>

#include "backup/manifest.h"
#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"

namespace jaga::backup {

struct BackupOutcome {
  std::string path;  // the finished backup directory
  Manifest manifest;
  double seconds = 0;
  std::vector<std::string> removed_partials;  // leftovers of earlier runs removed first
  std::vector<std::string> retention_deleted;
};

// Takes a backup of `schemas` (the configured ones when empty) into config.backups.dir.
Result<BackupOutcome> take_backup(const config::Config& config,
                                  const std::vector<std::string>& schemas, const Clock& clock);

}  // namespace jaga::backup
