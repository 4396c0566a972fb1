#include "store/peer_store.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <functional>

#include "store/result_rows.h"

namespace jaga::store {
namespace {

// Runs `body` inside BEGIN IMMEDIATE ... COMMIT, rolling back when it fails.
Result<void> in_transaction(EvidenceStore& store, const std::function<Result<void>()>& body) {
  auto transaction = store.transaction();
  if (!transaction.began()) return store.sql_error("starting a transaction");
  Result<void> done = body();
  if (done && !transaction.commit()) done = store.sql_error("committing");
  return done;
}

}  // namespace

Result<std::vector<StoredResult>> own_results_after(const EvidenceStore& store, int64_t after,
                                                    int limit) {
  auto s =
      store.statement(std::string("SELECT ") + kResultColumns +
                      " FROM results WHERE id > ?1 AND origin_host IS NULL ORDER BY id LIMIT ?2");
  if (!s.ok()) return store.sql_error("reading results to serve");
  s.bind(1, after);
  s.bind(2, static_cast<int64_t>(limit));
  std::vector<StoredResult> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    out.push_back(read_result(s));
  }
  if (rc != SQLITE_DONE) return store.sql_error("reading results to serve");
  return out;
}

Result<int64_t> newest_own_result_id(const EvidenceStore& store) {
  auto s = store.statement("SELECT COALESCE(MAX(id), 0) FROM results WHERE origin_host IS NULL");
  if (!s.ok() || s.step() != SQLITE_ROW) return store.sql_error("reading the newest result id");
  return s.integer(0);
}

Result<PeerCursor> load_peer_cursor(const EvidenceStore& store, const std::string& peer) {
  auto s = store.statement("SELECT after_id, last_contact_at FROM peer_cursors WHERE peer = ?1");
  if (!s.ok()) return store.sql_error("reading the cursor of peer " + peer);
  s.bind(1, peer);
  PeerCursor cursor;
  const int rc = s.step();
  if (rc == SQLITE_ROW) {
    cursor.after_id = s.integer(0);
    if (!s.is_null(1)) cursor.last_contact = parse_utc(s.text(1));
  } else if (rc != SQLITE_DONE) {
    return store.sql_error("reading the cursor of peer " + peer);
  }
  return cursor;
}

Result<void> keep_pulled(EvidenceStore& store, const std::string& peer,
                         const std::vector<StoredResult>& batch, int64_t after_id, TimePoint now) {
  const std::string at = format_utc(now);
  return in_transaction(store, [&]() -> Result<void> {
    if (!batch.empty()) {
      Status worst = Status::kOk;
      for (const StoredResult& r : batch) worst = jaga::worse(worst, r.status);
      auto run = store.statement(
          "INSERT INTO runs (host, command, started_at, finished_at, status, "
          "jaga_version) VALUES (?1, 'pull', ?2, ?2, ?3, ?4)");
      if (!run.ok()) return store.sql_error("preparing a pull run");
      run.bind(1, peer);
      run.bind(2, at);
      run.bind(3, static_cast<int64_t>(worst));
      run.bind(4, std::string(JAGA_VERSION));
      if (run.step() != SQLITE_DONE) return store.sql_error("recording a pull run");
      const int64_t run_id = store.last_insert_rowid();
      auto row = store.statement(
          "INSERT INTO results (run_id, check_name, host, started_at, finished_at, "
          "status, summary, findings, metrics, evidence, origin_host, "
          "origin_result_id, repeats, last_started_at) VALUES "
          "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14) "
          "ON CONFLICT (origin_host, origin_result_id) WHERE origin_host IS NOT NULL "
          "DO NOTHING");
      if (!row.ok()) return store.sql_error("preparing to keep pulled results");
      for (const StoredResult& r : batch) {
        row.reset();
        row.bind(1, run_id);
        row.bind(2, r.check);
        row.bind(3, r.host);
        row.bind(4, r.started_at);
        row.bind(5, r.finished_at);
        row.bind(6, static_cast<int64_t>(r.status));
        row.bind(7, r.summary);
        row.bind(8, json_text(r.findings));
        row.bind(9, json_text(r.metrics));
        row.bind(10, json_text(r.evidence));
        row.bind(11, peer);
        row.bind(12, r.id);
        row.bind(13, std::max<int64_t>(r.repeats, 1));
        if (r.repeats > 1) {
          row.bind(14, r.last_started_at);
        } else {
          row.bind_null(14);
        }
        if (row.step() != SQLITE_DONE) {
          return store.sql_error(fmt::format("keeping result {} pulled from {}", r.id, peer));
        }
      }
    }
    auto cursor = store.statement(
        "INSERT INTO peer_cursors (peer, after_id, last_contact_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?3) ON CONFLICT (peer) DO UPDATE SET "
        "after_id = MAX(after_id, excluded.after_id), "
        "last_contact_at = excluded.last_contact_at, updated_at = excluded.updated_at");
    if (!cursor.ok()) return store.sql_error("preparing the cursor of peer " + peer);
    cursor.bind(1, peer);
    cursor.bind(2, after_id);
    cursor.bind(3, at);
    if (cursor.step() != SQLITE_DONE) return store.sql_error("saving the cursor of peer " + peer);
    return Ok();
  });
}

Result<int64_t> count_pulled(const EvidenceStore& store, const std::string& peer) {
  auto s = store.statement("SELECT COUNT(*) FROM results WHERE origin_host = ?1");
  if (!s.ok()) return store.sql_error("counting results of peer " + peer);
  s.bind(1, peer);
  if (s.step() != SQLITE_ROW) return store.sql_error("counting results of peer " + peer);
  return s.integer(0);
}

}  // namespace jaga::store
