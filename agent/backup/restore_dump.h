// Restore test of a mysqldump / mariadb-dump file (plain, .gz or .zst) that has no jaga
// manifest: it is decompressed as a stream into the mariadb client connected to the scratch
// server. Then the restored tables are digested and, when the dump recorded its GTID position
// (--gtid --master-data) and the live backup server still stands at exactly that position, their
// row counts and digests are compared with the live server's; otherwise the outcome says what
// could not be proven.
#pragma once

#include <string>

#include "backup/restore_test.h"
#include "backup/scratch_server.h"
#include "config/config.h"
#include "core/env.h"
#include "core/result.h"

namespace jaga::backup {

Result<void> replay_dump(const ScratchServer& server, const std::string& path,
                         const RestoreOptions& options, const config::Config& config,
                         RestoreTestOutcome& outcome, Env& env);

}  // namespace jaga::backup
