// Splitting a table into key ranges that are dumped (and later loaded) in parallel. A table is
// split only when it has a key and the server estimates more than kMinPartRows rows; parts hold
// about the same number of rows, at least enough for every thread to get two.
#pragma once

#include <vector>

#include "backup/manifest.h"
#include "consistency/table_schema.h"
#include "core/result.h"
#include "db/connection.h"

namespace jaga::backup {

inline constexpr int64_t kMinPartRows = 100000;

// Parts covering the whole table, in key order, with their data file names set.
Result<std::vector<TablePart>> plan_parts(db::Connection& connection,
                                          const consistency::TableSchema& table, int threads);

}  // namespace jaga::backup
