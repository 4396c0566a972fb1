// Loading a jaga backup into a server: schemas and tables from the backup's DDL files, then every
// table part with LOAD DATA LOCAL INFILE, fed straight from the zstd stream through
// mysql_set_local_infile_handler (no temporary files), parts loaded on several connections at
// once. While a part is read its file's SHA-256 is compared with the manifest.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "backup/manifest.h"
#include "core/result.h"
#include "db/connection.h"

namespace jaga::backup {

using ConnectionFactory = std::function<Result<std::unique_ptr<db::Connection>>()>;

// Where a backup is loaded: connections to the server and the name each of the backup's schemas
// gets there (a configured scratch server holds the restore in schemas of its own).
struct RestoreTarget {
  ConnectionFactory connect;
  std::map<std::string, std::string> schema_names;  // backup schema -> target; absent: same name

  const std::string& schema(const std::string& backup_schema) const;
};

// Creates the schemas and tables of `manifest` (DDL read from `backup_dir`). CREATE DATABASE
// fails on a schema that exists, so nothing already on the target is touched.
Result<void> create_tables(const std::string& backup_dir, const Manifest& manifest,
                           const RestoreTarget& target);

// Called on the loading connection right after a part was loaded (the digest of the part can then
// overlap the loading of others).
using PartLoaded = std::function<void(db::Connection&, const ManifestTable&, const TablePart&)>;

// Loads every part into the tables create_tables made, on `threads` connections, each part
// checked against its SHA-256 in the manifest as it is read.
Result<void> load_parts(const std::string& backup_dir, const Manifest& manifest,
                        const RestoreTarget& target, int threads,
                        const PartLoaded& loaded = nullptr);

}  // namespace jaga::backup
