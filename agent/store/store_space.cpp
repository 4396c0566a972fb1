#include "store/store_space.h"

#include <sqlite3.h>

#include "store/sqlite_statement.h"

namespace jaga::store {
namespace {

Result<int64_t> pragma_number(const EvidenceStore& store, const char* pragma) {
  SqlStatement s = store.statement(std::string("PRAGMA ") + pragma);
  if (!s.ok() || s.step() != SQLITE_ROW) {
    return store.sql_error(std::string("reading PRAGMA ") + pragma);
  }
  return s.integer(0);
}

// Runs a statement that may return rows (PRAGMA incremental_vacuum, wal_checkpoint) to its end.
Result<void> run(EvidenceStore& store, const std::string& sql) {
  SqlStatement s = store.statement(sql);
  if (!s.ok()) return store.sql_error(sql);
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) return store.sql_error(sql);
  return Ok();
}

}  // namespace

Result<StoreSpace> store_space(const EvidenceStore& store) {
  StoreSpace space;
  auto page_size = pragma_number(store, "page_size");
  if (!page_size) return page_size.error();
  auto pages = pragma_number(store, "page_count");
  if (!pages) return pages.error();
  auto free_pages = pragma_number(store, "freelist_count");
  if (!free_pages) return free_pages.error();
  auto mode = pragma_number(store, "auto_vacuum");
  if (!mode) return mode.error();
  space.page_size = *page_size;
  space.pages = *pages;
  space.free_pages = *free_pages;
  space.incremental = *mode == 2;
  return space;
}

Result<int64_t> give_back_free_pages(EvidenceStore& store) {
  auto before = store_space(store);
  if (!before) return before.error();
  if (!before->incremental || before->free_pages == 0) return int64_t{0};
  if (auto r = run(store, "PRAGMA incremental_vacuum"); !r) return r.error();
  if (auto r = run(store, "PRAGMA wal_checkpoint(TRUNCATE)"); !r) return r.error();
  auto after = store_space(store);
  if (!after) return after.error();
  return before->file_bytes() - after->file_bytes();
}

Result<int64_t> compact_store(EvidenceStore& store) {
  auto before = store_space(store);
  if (!before) return before.error();
  if (auto r = run(store, "PRAGMA auto_vacuum = INCREMENTAL"); !r) return r.error();
  if (auto r = run(store, "VACUUM"); !r) return r.error();
  if (auto r = run(store, "PRAGMA wal_checkpoint(TRUNCATE)"); !r) return r.error();
  auto after = store_space(store);
  if (!after) return after.error();
  return before->file_bytes() - after->file_bytes();
}

}  // namespace jaga::store
