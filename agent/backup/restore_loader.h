// Loading a jaga backup into a server: schemas and tables from the backup's DDL files, then every
// table part with LOAD DATA LOCAL INFILE, fed straight from the zstd stream through
// mysql_set_local_infile_handler (no temporary files), parts loaded on several connections at
// once. While a part is read its file's SHA-256 is compared with the manifest.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "backup/manifest.h"
#include "core/result.h"
#include "db/connection.h"

namespace jaga::backup {

using ConnectionFactory = std::function<Result<std::unique_ptr<db::Connection>>()>;

// Creates the schemas and tables of `manifest` (read from `backup_dir`) and loads every part on
// `threads` connections. The target must not hold these tables yet.
Result<void> load_backup(const std::string& backup_dir, const Manifest& manifest,
                         const ConnectionFactory& connect, int threads);

}  // namespace jaga::backup
