// `jaga restore-test BACKUP`: proves a backup restores. Before anything is loaded the backup is
// verified as `check backups` does (backup/jaga_backup_check.h: the manifest's signature, every
// listed file's size and SHA-256, DDL included, and no unlisted files); a CRIT there refuses the
// restore, a WARN (not signed, a stray file) is reported as not proven. A throw-away server is
// started (backup/scratch_server.h), the backup is loaded into it, every table part's digest is
// computed again with the consistency engine's SQL and compared with the manifest, and the server
// is stopped and removed. A mysqldump file without manifest is replayed instead and compared with
// the live backup server where that proves something (backup/restore_dump.h).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/env.h"
#include "core/result.h"
#include "db/connection.h"

namespace jaga::backup {

struct RestoreOptions {
  int threads = 2;
  // Runs on the scratch server after loading and before digesting (tests change data here).
  std::function<void(db::Connection&)> before_digest;
  // The random part of the schema names on a configured scratch server (tests choose it, to
  // meet a schema that already exists); empty: 8 random hex digits.
  std::function<std::string()> schema_tag;
};

struct TableComparison {
  std::string table;  // schema.table
  int64_t rows_expected = 0;
  int64_t rows_found = 0;
  bool equal = true;
  std::string detail;  // why it differs: which parts, counts (no row keys)
};

struct RestoreTestOutcome {
  std::string backup;          // path tested
  std::string format;          // "jaga" or "mysqldump"
  double verify_seconds = 0;   // verifying every file and the signature before loading
  double start_seconds = 0;    // scratch server initialisation and start
  double restore_seconds = 0;  // loading the data: the office's recovery time
  double digest_seconds = 0;
  std::vector<TableComparison> tables;
  std::vector<std::string> unproven;  // what the test could not prove, in sentences
  int differing() const;
};

// `backup` is a path, a name inside backup.dir, or "latest" (the newest finished jaga backup).
Result<std::string> resolve_backup(const config::Config& config, const std::string& backup);

// `env` times each phase, gives the time at which the manifest's signature is judged and waits
// for the scratch server.
Result<RestoreTestOutcome> restore_test(const config::Config& config, const std::string& backup,
                                        const RestoreOptions& options, Env& env);

}  // namespace jaga::backup
