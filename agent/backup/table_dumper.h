// Dumping one part of a table (its rows in a key range) from a connection inside the shared
// snapshot into a zstd-compressed file in LOAD DATA's default text format - fields separated by
// TAB, rows ended by LF, NULL as \N, and \ TAB LF NUL escaped with a backslash - which the
// server bulk-loads far faster than it replays INSERT statements. The rows are streamed
// (mysql_use_result), so memory stays flat whatever the table's size.
#pragma once

#include <cstdint>
#include <string>

#include "backup/manifest.h"
#include "consistency/table_schema.h"
#include "core/env.h"
#include "core/result.h"
#include "db/connection.h"

namespace jaga::backup {

// Appends one field in LOAD DATA's default escaping (NULL when `value` is null).
void append_tsv_field(std::string& out, const char* value, size_t length);

struct DumpedPart {
  ManifestFile file;
  int64_t rows = 0;
  std::string digest;
};

// Streams the rows of `table` in (part.lo, part.hi] into `dir`/`part.data_file` (created through
// `env`) and computes the part's digest (part_digest.h) from the same rows as they pass.
Result<DumpedPart> dump_part(db::Connection& connection, const consistency::TableSchema& table,
                             const TablePart& part, const std::string& dir, int level, int workers,
                             Env& env);

}  // namespace jaga::backup
