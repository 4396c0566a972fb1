#include "store/result_retention.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include "store/sqlite_statement.h"

namespace jaga::store {

Result<int64_t> thin_results_before(EvidenceStore& store, TimePoint cutoff) {
  // started_at is RFC 3339 UTC with milliseconds: it sorts as text, through the index.
  SqlStatement s = store.statement(
      "UPDATE results SET evidence = '{}', personal = '{}' WHERE started_at < ?1 AND "
      "(evidence <> '{}' OR personal <> '{}')");
  if (!s.ok()) return store.sql_error("thinning old results");
  s.bind(1, format_utc(cutoff));
  if (s.step() != SQLITE_DONE) return store.sql_error("thinning old results");
  return store.changes();
}

}  // namespace jaga::store
