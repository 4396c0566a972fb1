#include "store/evidence_store.h"

#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "privacy/personal_key.h"
#include "store/result_rows.h"
#include "store/store_files.h"

namespace jaga::store {
namespace {

// Each entry migrates the schema from version i to i + 1. Append, never edit: stores in the
// field are at every version that was ever shipped.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE runs (
  id          INTEGER PRIMARY KEY,
  host        TEXT NOT NULL,
  command     TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  status      INTEGER,
  jaga_version TEXT NOT NULL
);
CREATE TABLE results (
  id          INTEGER PRIMARY KEY,
  run_id      INTEGER NOT NULL REFERENCES runs(id),
  check_name  TEXT NOT NULL,
  host        TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  status      INTEGER NOT NULL CHECK (status BETWEEN 0 AND 3),
  summary     TEXT NOT NULL,
  findings    TEXT NOT NULL,
  metrics     TEXT NOT NULL,
  evidence    TEXT NOT NULL
);
CREATE INDEX results_by_check_time ON results(check_name, started_at);
CREATE INDEX results_by_run ON results(run_id);
)sql",
    // 2: progress of long checks, so an interrupted run is continued by the next one.
    R"sql(
CREATE TABLE checkpoints (
  name       TEXT PRIMARY KEY,
  state      TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
)sql",
    // 3: evidence with personal data, kept apart so that no listing prints it by accident.
    R"sql(
ALTER TABLE results ADD COLUMN personal TEXT NOT NULL DEFAULT '{}';
)sql",
    // 4: reports in the SOP-PIAK-07 chain, their versions and signed steps, and the agenda book
    // (see agent/workflow/report_store.h and agent/agenda/agenda_book.h).
    R"sql(
CREATE TABLE reports (
  number          TEXT PRIMARY KEY,
  period_kind     TEXT NOT NULL CHECK (period_kind IN ('daily', 'weekly', 'monthly')),
  period_start    TEXT NOT NULL,
  period_end      TEXT NOT NULL,
  state           TEXT NOT NULL,
  current_version INTEGER NOT NULL,
  created_at      TEXT NOT NULL
);
CREATE TABLE report_versions (
  report      TEXT NOT NULL REFERENCES reports(number),
  version     INTEGER NOT NULL,
  pdf         BLOB NOT NULL,
  json        TEXT NOT NULL,
  pdf_sha256  TEXT NOT NULL,
  json_sha256 TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  reason      TEXT NOT NULL CHECK (reason IN ('drafted', 'revised')),
  PRIMARY KEY (report, version)
);
CREATE TABLE report_steps (
  id               INTEGER PRIMARY KEY,
  report           TEXT NOT NULL REFERENCES reports(number),
  version          INTEGER NOT NULL,
  step             TEXT NOT NULL,
  action           TEXT NOT NULL
                   CHECK (action IN ('draft', 'finalize', 'receive', 'record', 'return')),
  role             TEXT NOT NULL,
  signer           TEXT NOT NULL,
  cert_serial      TEXT NOT NULL,
  cert_fingerprint TEXT NOT NULL,
  at               TEXT NOT NULL,
  duration_seconds REAL,
  standard_seconds REAL NOT NULL,
  late             INTEGER NOT NULL,
  note             TEXT NOT NULL,
  pdf_increment    BLOB,
  pdf_sha256       TEXT NOT NULL,
  signed_json      TEXT NOT NULL,
  json_p7s         BLOB
);
CREATE INDEX report_steps_by_report ON report_steps(report, id);
CREATE TABLE agenda_entries (
  position        INTEGER PRIMARY KEY,
  year            INTEGER NOT NULL,
  seq_in_year     INTEGER NOT NULL,
  agenda_number   TEXT NOT NULL,
  recorded_at     TEXT NOT NULL,
  report          TEXT NOT NULL,
  period_kind     TEXT NOT NULL,
  period_start    TEXT NOT NULL,
  period_end      TEXT NOT NULL,
  document_sha256 TEXT NOT NULL,
  signers         TEXT NOT NULL,
  prev_hash       TEXT NOT NULL,
  entry_hash      TEXT NOT NULL
);
)sql",
    // 5: results pulled from the peer agent (store/peer_store.cpp), each kept once, and how far
    // each peer has been pulled.
    R"sql(
ALTER TABLE results ADD COLUMN origin_host TEXT;
ALTER TABLE results ADD COLUMN origin_result_id INTEGER;
CREATE UNIQUE INDEX results_by_origin ON results(origin_host, origin_result_id)
  WHERE origin_host IS NOT NULL;
CREATE INDEX results_by_check_host ON results(check_name, host, id);
CREATE TABLE peer_cursors (
  peer            TEXT PRIMARY KEY,
  after_id        INTEGER NOT NULL,
  last_contact_at TEXT,
  updated_at      TEXT NOT NULL
);
)sql",
    // 6: personal data sealed at rest. No schema change: results.personal and checkpoints.state
    // now hold sealed bytes (BLOBs), and EvidenceStore::seal_plaintext seals what earlier
    // versions wrote in clear.
    "",
    // 7: the agenda book's witness (agenda/witness_tables.h): on the witness, every link of the
    // coordinator's book it was shown; on the coordinator, the last link each witness
    // acknowledged.
    R"sql(
CREATE TABLE IF NOT EXISTS agenda_witness (
  book        TEXT NOT NULL,
  position    INTEGER NOT NULL,
  prev_hash   TEXT NOT NULL,
  entry_hash  TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (book, position)
);
CREATE TABLE IF NOT EXISTS agenda_witness_acks (
  peer            TEXT PRIMARY KEY,
  position        INTEGER NOT NULL,
  prev_hash       TEXT NOT NULL,
  entry_hash      TEXT NOT NULL,
  acknowledged_at TEXT NOT NULL
);
)sql",
    // 8: each agenda entry signed by the recording agent's key (agenda/agenda_book.h). Added by
    // EvidenceStore::migrate, unless a store whose version was set back already has it (SQLite
    // has no ADD COLUMN IF NOT EXISTS).
    "",
    // 9: the officials' web desk (desk/account_store.h): accounts bound to signers, sessions
    // (only a hash of each token), failed logins for the throttle, and every desk action.
    R"sql(
CREATE TABLE IF NOT EXISTS desk_users (
  user          TEXT PRIMARY KEY,
  signer        TEXT NOT NULL,
  role          TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  changed_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS desk_sessions (
  token_hash TEXT PRIMARY KEY,
  user       TEXT NOT NULL,
  csrf       TEXT NOT NULL,
  address    TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS desk_failures (
  id      INTEGER PRIMARY KEY,
  subject TEXT NOT NULL,
  at      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS desk_failures_by_subject ON desk_failures(subject, at);
CREATE TABLE IF NOT EXISTS desk_audit (
  id      INTEGER PRIMARY KEY,
  at      TEXT NOT NULL,
  user    TEXT NOT NULL,
  address TEXT NOT NULL,
  action  TEXT NOT NULL,
  report  TEXT NOT NULL,
  outcome TEXT NOT NULL,
  note    TEXT NOT NULL DEFAULT ''
);
)sql",
    // 10: roll-ups of old results (store/result_rollup.h): a row may stand for `repeats`
    // consecutive results alike, the last of which started at last_started_at (NULL for one).
    // Added by EvidenceStore::migrate, unless a store whose version was set back already has
    // them, as for 8.
    "",
};
constexpr int kSealingMigration = 6;
constexpr int kAgentSignatureMigration = 8;
constexpr int kRollupMigration = 10;

// SQLite's word that the file itself is broken, as opposed to out of reach.
bool damage_code(int code) {
  const int primary = code & 0xff;
  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

// Why a store could not be opened, when the file system says more than SQLite does.
std::string open_hint(const std::string& path) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return fmt::format(" (directory {} does not exist)", dir.string());
  }
  if (access(dir.c_str(), W_OK) != 0) {
    return fmt::format(" (directory {} is not writable)", dir.string());
  }
  return "";
}

std::string where_clause(const HistoryQuery& q, const char* check_column) {
  std::string where = " WHERE 1=1";
  if (q.check && check_column) where += fmt::format(" AND {} = ?1", check_column);
  if (q.since) where += " AND started_at >= ?2";
  if (q.run_id && check_column) where += " AND run_id = ?4";
  if (q.own_only && check_column) where += " AND origin_host IS NULL";
  return where;
}

void bind_query(SqlStatement& s, const HistoryQuery& q) {
  if (q.check) s.bind(1, *q.check);
  if (q.since) s.bind(2, *q.since);
  s.bind(3, static_cast<int64_t>(q.limit));
  if (q.run_id) s.bind(4, *q.run_id);
}

}  // namespace

void EvidenceStore::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

EvidenceStore::EvidenceStore(std::unique_ptr<sqlite3, Closer> db, std::string path,
                             std::string key_path)
    : db_(std::move(db)),
      path_(std::move(path)),
      run_locks_(path_),
      key_path_(std::move(key_path)) {}

EvidenceStore::~EvidenceStore() = default;

Error EvidenceStore::error(const std::string& doing) const {
  if (damage_code(sqlite3_extended_errcode(db_.get()))) {
    damaged_ = true;
    return Error{fmt::format("evidence store {} is damaged: {}: {}", path_, doing,
                             sqlite3_errmsg(db_.get()))};
  }
  return Error{fmt::format("evidence store {}: {}: {}", path_, doing, sqlite3_errmsg(db_.get()))};
}

int64_t EvidenceStore::last_insert_rowid() const {
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_.get()));
}

int64_t EvidenceStore::changes() const { return sqlite3_changes64(db_.get()); }

Result<void> EvidenceStore::exec(const std::string& sql) const {
  char* message = nullptr;
  if (const int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message);
      rc != SQLITE_OK) {
    const bool damage = damage_code(rc);
    damaged_ = damaged_ || damage;
    Error e{fmt::format("evidence store {}{}: {}", path_, damage ? " is damaged" : "",
                        message ? message : sqlite3_errstr(rc))};
    sqlite3_free(message);
    return e;
  }
  return Ok();
}

Result<std::unique_ptr<EvidenceStore>> EvidenceStore::open(const std::string& path,
                                                           const std::string& personal_key,
                                                           bool* damaged) {
  if (damaged != nullptr) *damaged = false;
  // Before SQLite creates anything: its -wal and -shm files take the mode of the database file.
  if (auto prepared = prepare_store_files(path); !prepared) {
    return Error{fmt::format("cannot open evidence store {}: {}{}", path, prepared.error().message,
                             open_hint(path))};
  }
  // An empty file is a new store (SQLite writes nothing before the first table).
  struct stat file {};
  const bool fresh = ::stat(path.c_str(), &file) != 0 || file.st_size == 0;
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::unique_ptr<sqlite3, Closer> db(raw);
  if (rc != SQLITE_OK) {
    return Error{fmt::format("cannot open evidence store {}: {}{}", path,
                             raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc), open_hint(path))};
  }
  sqlite3_busy_timeout(raw, 10000);
  // The -wal and -shm files stay when the last connection closes, so that a member of the store's
  // group - who may read the store but not create files beside it - can open it to read.
  int persist_wal = 1;
  sqlite3_file_control(raw, "main", SQLITE_FCNTL_PERSIST_WAL, &persist_wal);
  std::unique_ptr<EvidenceStore> store(new EvidenceStore(
      std::move(db), path, personal_key.empty() ? privacy::default_key_path(path) : personal_key));
  // WAL keeps readers (history, reports) off the writers' backs; synchronous=FULL makes every
  // committed transaction durable across power loss, not just process death. A new store is
  // made in incremental auto-vacuum mode, before anything else is written (it can then give back
  // what retention frees: store/store_space.h); an existing one is left as it is (setting it
  // there would try to write, which a reader in the store's group may not) until
  // store_space.h's compact_store converts it.
  if (auto r = store->exec(std::string(fresh ? "PRAGMA auto_vacuum=INCREMENTAL; " : "") +
                           "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                           "PRAGMA foreign_keys=ON;");
      !r) {
    // SQLite opens lazily: a file of some other kind is only noticed at the first statement.
    if (sqlite3_errcode(raw) == SQLITE_NOTADB) {
      if (damaged != nullptr) *damaged = true;
      return Error{
          fmt::format("evidence store {} is damaged: it is not a SQLite database; move it aside "
                      "or set agent.evidence_db to another file",
                      path)};
    }
    if (damaged != nullptr) *damaged = store->damaged();
    return r.error();
  }
  if (auto r = store->migrate(); !r) {
    if (damaged != nullptr) *damaged = store->damaged();
    return r.error();
  }
  return store;
}

int EvidenceStore::schema_version() const {
  SqlStatement s(db_.get(), "PRAGMA user_version");
  return s.ok() && s.step() == SQLITE_ROW ? static_cast<int>(s.integer(0)) : -1;
}

Result<void> EvidenceStore::migrate() {
  // A current store is opened without writing, so that a reader who may not write it (a member
  // of the store's group) can open it.
  if (schema_version() == kSchemaVersion) return Ok();
  // BEGIN IMMEDIATE serializes concurrent first starts: only one process migrates.
  if (auto r = exec("BEGIN IMMEDIATE"); !r) return r;
  const int current = schema_version();
  if (current < 0) {
    Error e = error("reading the schema version");
    exec("ROLLBACK").ok();
    return e;
  }
  if (current > kSchemaVersion) {
    exec("ROLLBACK").ok();
    return Error{
        fmt::format("evidence store {} has schema version {}, newer than this jaga "
                    "understands ({}); upgrade jaga",
                    path_, current, kSchemaVersion)};
  }
  int64_t sealed = 0;
  for (int v = current; v < kSchemaVersion; ++v) {
    auto r = exec(kMigrations[v]);
    if (r && v + 1 == kAgentSignatureMigration) {
      SqlStatement columns(db_.get(),
                           "SELECT 1 FROM pragma_table_info('agenda_entries') WHERE "
                           "name = 'agent_signature'");
      if (!columns.ok()) {
        r = error("reading the agenda book's columns");
      } else if (columns.step() != SQLITE_ROW) {
        r = exec("ALTER TABLE agenda_entries ADD COLUMN agent_signature BLOB");
      }
    }
    if (r && v + 1 == kRollupMigration) {
      SqlStatement columns(db_.get(),
                           "SELECT 1 FROM pragma_table_info('results') WHERE name = 'repeats'");
      if (!columns.ok()) {
        r = error("reading the results' columns");
      } else if (columns.step() != SQLITE_ROW) {
        r = exec(
            "ALTER TABLE results ADD COLUMN repeats INTEGER NOT NULL DEFAULT 1 "
            "CHECK (repeats >= 1); ALTER TABLE results ADD COLUMN last_started_at TEXT;");
      }
    }
    if (r && v + 1 == kSealingMigration) {
      auto count = seal_plaintext();
      if (count) sealed = *count;
      if (!count) r = count.error();
    }
    if (r) r = exec(fmt::format("PRAGMA user_version = {}", v + 1));
    if (!r) {
      exec("ROLLBACK").ok();
      return Error{fmt::format("migrating to schema version {}: {}", v + 1, r.error().message)};
    }
  }
  if (auto r = exec("COMMIT"); !r) return r;
  if (sealed > 0) return erase_plaintext_remnants(sealed);
  return Ok();
}

Result<int64_t> EvidenceStore::begin_run(const std::string& host, const std::string& command,
                                         TimePoint started) {
  SqlStatement s(
      db_.get(),
      "INSERT INTO runs (host, command, started_at, jaga_version) VALUES (?1, ?2, ?3, ?4)");
  if (!s.ok()) return error("preparing a run");
  s.bind(1, host);
  s.bind(2, command);
  s.bind(3, format_utc(started));
  s.bind(4, std::string(JAGA_VERSION));
  if (s.step() != SQLITE_DONE) return error("recording a run");
  const auto id = static_cast<int64_t>(sqlite3_last_insert_rowid(db_.get()));
  if (auto held = run_locks_.hold(id); !held) {
    return Error{fmt::format("evidence store {}: {}", path_, held.error().message)};
  }
  return id;
}

Result<void> EvidenceStore::record(int64_t run_id, const std::string& host, const CheckResult& r) {
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : r.findings) findings.push_back(finding_json(f));
  nlohmann::json metrics = nlohmann::json::array();
  for (const auto& m : r.metrics) {
    nlohmann::json j = {{"name", m.name}, {"value", m.value}, {"unit", m.unit}};
    if (m.warn) j["warn"] = *m.warn;
    if (m.crit) j["crit"] = *m.crit;
    if (m.low_is_bad) j["low_is_bad"] = true;
    metrics.push_back(j);
  }
  SqlStatement s(db_.get(),
                 "INSERT INTO results (run_id, check_name, host, started_at, finished_at, status, "
                 "summary, findings, metrics, evidence, personal) VALUES "
                 "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
  if (!s.ok()) return error("preparing a result");
  s.bind(1, run_id);
  s.bind(2, r.check);
  s.bind(3, host);
  s.bind(4, format_utc(r.started));
  s.bind(5, format_utc(r.finished));
  s.bind(6, static_cast<int64_t>(r.status));
  s.bind(7, r.summary);
  s.bind(8, json_text(findings));
  s.bind(9, json_text(metrics));
  s.bind(10, json_text(r.evidence));
  const std::string personal = personal_column(run_id, r);
  if (privacy::is_sealed(personal)) {
    s.bind_blob(11, personal);
  } else {
    s.bind(11, personal);
  }
  if (s.step() != SQLITE_DONE) return error("recording the result of check " + r.check);
  return Ok();
}

Result<void> EvidenceStore::record_run(const std::string& run_host, const std::string& command,
                                       const std::string& result_host, const CheckResult& result) {
  auto run = begin_run(run_host, command, result.started);
  if (!run) return run.error();
  if (auto kept = record(*run, result_host, result); !kept) return kept;
  return finish_run(*run, result.status, result.finished);
}

Result<void> EvidenceStore::finish_run(int64_t run_id, Status status, TimePoint finished) {
  SqlStatement s(db_.get(), "UPDATE runs SET finished_at = ?1, status = ?2 WHERE id = ?3");
  if (!s.ok()) return error("preparing to finish a run");
  s.bind(1, format_utc(finished));
  s.bind(2, static_cast<int64_t>(status));
  s.bind(3, run_id);
  if (s.step() != SQLITE_DONE) return error("finishing run " + std::to_string(run_id));
  if (sqlite3_changes(db_.get()) == 0) {
    return Error{
        fmt::format("evidence store {}: cannot finish run {}: no such run", path_, run_id)};
  }
  run_locks_.release(run_id);
  return Ok();
}

Result<void> EvidenceStore::quick_check(const std::string& host, TimePoint now,
                                        std::optional<TimePoint> unless_passed_since) {
  if (unless_passed_since) {
    SqlStatement s(db_.get(),
                   "SELECT started_at FROM runs WHERE command = ?1 AND status = 0 "
                   "ORDER BY id DESC LIMIT 1");
    if (!s.ok()) return error("looking for its last quick_check");
    s.bind(1, std::string(kQuickCheckCommand));
    const int rc = s.step();
    if (rc == SQLITE_ROW && s.text(0) >= format_utc(*unless_passed_since)) return Ok();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return error("looking for its last quick_check");
  }
  std::vector<std::string> problems;
  {
    SqlStatement s(db_.get(), "PRAGMA quick_check(5)");
    if (!s.ok()) return error("running quick_check");
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
      std::string problem = s.text(0);  // "*** in database main ***\nPage 5: ..." is one line here
      std::replace(problem.begin(), problem.end(), '\n', ' ');
      problems.push_back(std::move(problem));
    }
    if (rc != SQLITE_DONE) return error("running quick_check");
  }
  if (problems.size() != 1 || problems.front() != "ok") {
    damaged_ = true;
    return Error{fmt::format(
        "evidence store {} is damaged: quick_check found {}{}; stop jaga, move the file aside "
        "and recover what it holds (sqlite3 FILE .recover)",
        path_, problems.empty() ? std::string("no answer") : problems.front(),
        problems.size() > 1 ? " and more" : "")};
  }
  auto run = begin_run(host, kQuickCheckCommand, now);
  if (!run) return run.error();
  return finish_run(*run, Status::kOk, now);
}

Result<std::vector<StoredResult>> EvidenceStore::results(const HistoryQuery& q) const {
  SqlStatement s(db_.get(), std::string("SELECT ") + kResultColumns + ", personal FROM results" +
                                where_clause(q, "check_name") +
                                " ORDER BY started_at DESC, id DESC LIMIT ?3");
  if (!s.ok()) return error("reading results");
  bind_query(s, q);
  std::vector<StoredResult> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    StoredResult r = read_result(s);
    r.personal_sealed = privacy::is_sealed(s.blob(kResultColumnCount));
    out.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return error("reading results");
  return out;
}

Result<std::vector<StoredRun>> EvidenceStore::runs(const HistoryQuery& q) const {
  SqlStatement s(db_.get(), "SELECT id, host, command, started_at, finished_at, status FROM runs" +
                                where_clause(q, nullptr) +
                                " ORDER BY started_at DESC, id DESC LIMIT ?3");
  if (!s.ok()) return error("reading runs");
  bind_query(s, q);
  std::vector<StoredRun> out;
  const RunningRuns running(path_);
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    StoredRun r;
    r.id = s.integer(0);
    r.host = s.text(1);
    r.command = s.text(2);
    r.started_at = s.text(3);
    if (!s.is_null(4)) r.finished_at = s.text(4);
    if (!s.is_null(5)) r.status = static_cast<Status>(s.integer(5));
    r.running = !r.finished_at && running.running(r.id);
    out.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return error("reading runs");
  return out;
}

Result<void> EvidenceStore::scan_results(const std::string& from, const std::string& to,
                                         const std::function<void(const ResultRow&)>& visit) const {
  // The distinct check names by skip-scan over the index, then one index range per check.
  SqlStatement names(db_.get(),
                     "WITH RECURSIVE c(n) AS (SELECT MIN(check_name) FROM results UNION ALL "
                     "SELECT (SELECT MIN(check_name) FROM results WHERE check_name > c.n) FROM c "
                     "WHERE c.n IS NOT NULL) SELECT n FROM c WHERE n IS NOT NULL");
  if (!names.ok()) return error("listing checks");
  std::vector<std::string> checks;
  int rc;
  while ((rc = names.step()) == SQLITE_ROW) checks.push_back(names.text(0));
  if (rc != SQLITE_DONE) return error("listing checks");
  for (const std::string& check : checks) {
    SqlStatement s(db_.get(),
                   "SELECT check_name, host, started_at, status, summary, findings, metrics, "
                   "repeats, last_started_at FROM results WHERE check_name = ?1 AND started_at >= "
                   "?2 AND started_at < ?3 "
                   "ORDER BY started_at, id");
    if (!s.ok()) return error("reading results of check " + check);
    s.bind(1, check);
    s.bind(2, from);
    s.bind(3, to);
    while ((rc = s.step()) == SQLITE_ROW) {
      ResultRow row;
      row.check = s.view(0);
      row.host = s.view(1);
      row.started_at = s.view(2);
      row.status = static_cast<Status>(s.integer(3));
      row.summary = s.view(4);
      row.findings = s.view(5);
      row.metrics = s.view(6);
      row.repeats = s.integer(7);
      row.last_started_at = s.is_null(8) ? std::string_view() : s.view(8);
      visit(row);
    }
    if (rc != SQLITE_DONE) return error("reading results of check " + check);
  }
  return Ok();
}

Result<void> EvidenceStore::clear_checkpoint(const std::string& name) {
  SqlStatement s(db_.get(), "DELETE FROM checkpoints WHERE name = ?1");
  if (!s.ok()) return error("preparing to clear a checkpoint");
  s.bind(1, name);
  if (s.step() != SQLITE_DONE) return error("clearing checkpoint " + name);
  return Ok();
}

}  // namespace jaga::store
