#include "store/peer_store.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <functional>

namespace jaga::store {
namespace {

// A prepared statement, finalized on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return rc_ == SQLITE_OK; }
  void bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  int step() { return sqlite3_step(stmt_); }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string text(int col) const {
    const unsigned char* p = sqlite3_column_text(stmt_, col);
    return p ? reinterpret_cast<const char*>(p) : "";
  }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

Error failed(const EvidenceStore& store, const std::string& doing) {
  return Error{fmt::format("evidence store {}: {}: {}", store.path(), doing,
                           sqlite3_errmsg(store.handle()))};
}

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json parse_json(const std::string& text) {
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

// Runs `body` inside BEGIN IMMEDIATE ... COMMIT, rolling back when it fails.
Result<void> in_transaction(EvidenceStore& store, const std::function<Result<void>()>& body) {
  sqlite3* db = store.handle();
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return failed(store, "starting a transaction");
  }
  Result<void> done = body();
  if (done && sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    done = failed(store, "committing");
  }
  if (!done) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return done;
}

}  // namespace

Result<std::vector<StoredResult>> own_results_after(const EvidenceStore& store, int64_t after,
                                                    int limit) {
  Statement s(store.handle(),
              "SELECT id, run_id, check_name, host, started_at, finished_at, status, summary, "
              "findings, metrics, evidence FROM results "
              "WHERE id > ?1 AND origin_host IS NULL ORDER BY id LIMIT ?2");
  if (!s.ok()) return failed(store, "reading results to serve");
  s.bind(1, after);
  s.bind(2, static_cast<int64_t>(limit));
  std::vector<StoredResult> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    StoredResult r;
    r.id = s.integer(0);
    r.run_id = s.integer(1);
    r.check = s.text(2);
    r.host = s.text(3);
    r.started_at = s.text(4);
    r.finished_at = s.text(5);
    r.status = static_cast<Status>(s.integer(6));
    r.summary = s.text(7);
    r.findings = parse_json(s.text(8));
    r.metrics = parse_json(s.text(9));
    r.evidence = parse_json(s.text(10));
    out.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return failed(store, "reading results to serve");
  return out;
}

Result<int64_t> newest_own_result_id(const EvidenceStore& store) {
  Statement s(store.handle(), "SELECT COALESCE(MAX(id), 0) FROM results WHERE origin_host IS NULL");
  if (!s.ok() || s.step() != SQLITE_ROW) return failed(store, "reading the newest result id");
  return s.integer(0);
}

Result<PeerCursor> load_peer_cursor(const EvidenceStore& store, const std::string& peer) {
  Statement s(store.handle(), "SELECT after_id, last_contact_at FROM peer_cursors WHERE peer = ?1");
  if (!s.ok()) return failed(store, "reading the cursor of peer " + peer);
  s.bind(1, peer);
  PeerCursor cursor;
  const int rc = s.step();
  if (rc == SQLITE_ROW) {
    cursor.after_id = s.integer(0);
    if (!s.is_null(1)) cursor.last_contact = parse_utc(s.text(1));
  } else if (rc != SQLITE_DONE) {
    return failed(store, "reading the cursor of peer " + peer);
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
      Statement run(store.handle(),
                    "INSERT INTO runs (host, command, started_at, finished_at, status, "
                    "jaga_version) VALUES (?1, 'pull', ?2, ?2, ?3, ?4)");
      if (!run.ok()) return failed(store, "preparing a pull run");
      run.bind(1, peer);
      run.bind(2, at);
      run.bind(3, static_cast<int64_t>(worst));
      run.bind(4, std::string(JAGA_VERSION));
      if (run.step() != SQLITE_DONE) return failed(store, "recording a pull run");
      const int64_t run_id = sqlite3_last_insert_rowid(store.handle());
      Statement row(store.handle(),
                    "INSERT INTO results (run_id, check_name, host, started_at, finished_at, "
                    "status, summary, findings, metrics, evidence, origin_host, "
                    "origin_result_id) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12) "
                    "ON CONFLICT (origin_host, origin_result_id) WHERE origin_host IS NOT NULL "
                    "DO NOTHING");
      if (!row.ok()) return failed(store, "preparing to keep pulled results");
      for (const StoredResult& r : batch) {
        row.reset();
        row.bind(1, run_id);
        row.bind(2, r.check);
        row.bind(3, r.host);
        row.bind(4, r.started_at);
        row.bind(5, r.finished_at);
        row.bind(6, static_cast<int64_t>(r.status));
        row.bind(7, r.summary);
        row.bind(8, dump(r.findings));
        row.bind(9, dump(r.metrics));
        row.bind(10, dump(r.evidence));
        row.bind(11, peer);
        row.bind(12, r.id);
        if (row.step() != SQLITE_DONE) {
          return failed(store, fmt::format("keeping result {} pulled from {}", r.id, peer));
        }
      }
    }
    Statement cursor(
        store.handle(),
        "INSERT INTO peer_cursors (peer, after_id, last_contact_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?3) ON CONFLICT (peer) DO UPDATE SET "
        "after_id = MAX(after_id, excluded.after_id), "
        "last_contact_at = excluded.last_contact_at, updated_at = excluded.updated_at");
    if (!cursor.ok()) return failed(store, "preparing the cursor of peer " + peer);
    cursor.bind(1, peer);
    cursor.bind(2, after_id);
    cursor.bind(3, at);
    if (cursor.step() != SQLITE_DONE) return failed(store, "saving the cursor of peer " + peer);
    return Ok();
  });
}

Result<int64_t> count_pulled(const EvidenceStore& store, const std::string& peer) {
  Statement s(store.handle(), "SELECT COUNT(*) FROM results WHERE origin_host = ?1");
  if (!s.ok()) return failed(store, "counting results of peer " + peer);
  s.bind(1, peer);
  if (s.step() != SQLITE_ROW) return failed(store, "counting results of peer " + peer);
  return s.integer(0);
}

}  // namespace jaga::store
