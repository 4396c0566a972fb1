// The evidence store: every check run and every result, kept in SQLite (WAL mode, synchronous
// FULL) so that a crash, kill -9 or power loss at any moment leaves it consistent. Each write is
// one transaction; a run that was killed stays visible as "interrupted" (no finish time, and no
// process holds its lock: see store/run_lock.h). A store whose file SQLite finds damaged says so
// in every error and counts as damaged() from then on.
// Personal data at rest: the store's files are mode 0640 (the service user and its group, never
// others), and what may hold full row keys - each result's `personal` evidence and every saved
// checkpoint - is sealed (privacy/sealed.h) under the key file privacy/personal_key.h describes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/check_result.h"
#include "core/result.h"
#include "core/status.h"
#include "privacy/sealed.h"
#include "store/run_lock.h"
#include "store/sqlite_statement.h"

struct sqlite3;

namespace jaga::store {

struct StoreCopy;  // store_backup.h

struct StoredResult {
  int64_t id = 0;
  int64_t run_id = 0;
  std::string check;
  std::string host;
  std::string started_at;   // RFC 3339 UTC
  std::string finished_at;  // of the last result it stands for
  Status status = Status::kUnknown;
  std::string summary;
  // A roll-up (store/result_rollup.h) stands for `repeats` consecutive results alike in all a
  // report reads; the last of them started at last_started_at (empty when repeats is 1).
  int64_t repeats = 1;
  std::string last_started_at;
  nlohmann::json findings;
  nlohmann::json metrics;
  nlohmann::json evidence;
  // Never filled by results(): a result's personal evidence (CheckResult::personal) is
  // sealed at rest, and only EvidenceStore::reveal_personal opens it.
  nlohmann::json personal;
  bool personal_sealed = false;  // the store holds sealed personal evidence for this result
};

// The result as `jaga history --format json` and the peer API give it (never `personal`).
nlohmann::json to_json(const StoredResult& r);

// The result as its check gave it, read back (no evidence, never `personal`): status, summary,
// findings and metrics with their thresholds. A metric stored before low_is_bad was kept is
// read as low-is-bad when its WARN threshold lies above its CRIT one (free space).
CheckResult to_check_result(const StoredResult& r);

struct StoredRun {
  int64_t id = 0;
  std::string host;
  std::string command;
  std::string started_at;
  std::optional<std::string> finished_at;  // nullopt: still running, or interrupted
  std::optional<Status> status;
  bool running = false;  // not finished, and the process doing it is still alive
};

// The command under which passed integrity checks of the store are kept as runs.
inline constexpr const char* kQuickCheckCommand = "quick_check";

struct HistoryQuery {
  std::optional<std::string> check;
  std::optional<std::string> since;  // RFC 3339 UTC lower bound on started_at
  std::optional<int64_t> run_id;     // results of this run only
  bool own_only = false;             // results: this host's own, none pulled from a peer
  int limit = 100;
};

// One result as reports read it: no evidence and never the personal column. The views point into
// SQLite's row buffer and are valid only during the visit.
struct ResultRow {
  std::string_view check;
  std::string_view host;
  std::string_view started_at;  // RFC 3339 UTC
  Status status = Status::kUnknown;
  std::string_view summary;
  std::string_view findings;  // JSON array of {status, message}
  std::string_view metrics;   // JSON array of {name, value, unit, warn?, crit?, min?, max?, last?}
  // A roll-up stands for `repeats` results from started_at to last_started_at (empty when
  // repeats is 1), all in one ten-minute window of the office's clock, with the same status,
  // summary and findings; see store/result_rollup.h for what its metrics keep.
  int64_t repeats = 1;
  std::string_view last_started_at;
};

class EvidenceStore {
 public:
  // Opens (creating if needed, mode 0640) the store at `path` and migrates its schema to the
  // current one. Store files found with a wider mode are narrowed to 0640 (logged). `personal_key`
  // is the key file that seals personal data (agent.personal_key); empty: personal.key next to
  // the store. Only writing personal data creates it, only revealing or resuming reads it.
  // On failure, `*damaged` (when given) tells whether SQLite found the file damaged (corrupt, or
  // not a database at all) rather than out of reach (no directory, no permission, locked).
  static Result<std::unique_ptr<EvidenceStore>> open(const std::string& path,
                                                     const std::string& personal_key = "",
                                                     bool* damaged = nullptr);
  ~EvidenceStore();
  EvidenceStore(const EvidenceStore&) = delete;
  EvidenceStore& operator=(const EvidenceStore&) = delete;

  static constexpr int kSchemaVersion = 10;
  int schema_version() const;

  // A run is marked running (store/run_lock.h) from begin_run until finish_run or the end of
  // this object or process.
  Result<int64_t> begin_run(const std::string& host, const std::string& command, TimePoint started);
  Result<void> record(int64_t run_id, const std::string& host, const CheckResult& result);
  Result<void> finish_run(int64_t run_id, Status status, TimePoint finished);
  // A run of `command` by `run_host` that holds one result, `result` of `result_host`, from its
  // start to its finish and with its status: begin_run, record and finish_run in one.
  Result<void> record_run(const std::string& run_host, const std::string& command,
                          const std::string& result_host, const CheckResult& result);

  // PRAGMA quick_check over the whole file. It reads every page (about 1.6 s per 200 MB on the
  // development machine), so it is skipped when one passed at or after `unless_passed_since`;
  // without it, it always runs. A pass is kept as a run of kQuickCheckCommand; a failure is an
  // Error naming the store and the first problem found, and the store counts as damaged.
  Result<void> quick_check(const std::string& host, TimePoint now,
                           std::optional<TimePoint> unless_passed_since);
  // SQLite reported the file damaged (SQLITE_CORRUPT, SQLITE_NOTADB) or quick_check failed.
  bool damaged() const { return damaged_; }

  // The personal evidence of result `r` (one of results()), unsealed with the key file: an Error
  // naming the key file when it cannot be read (only the service user may) or does not open it.
  Result<nlohmann::json> reveal_personal(const StoredResult& r) const;
  const std::string& personal_key_path() const { return key_path_; }

  // Progress of long checks (see Checkpoints), sealed at rest. A state that cannot be
  // unsealed (damaged, key file lost or replaced) reads as none, with a warning: the check
  // starts over rather than stopping.
  std::optional<nlohmann::json> load_checkpoint(const std::string& name) const;
  Result<void> save_checkpoint(const std::string& name, const nlohmann::json& state, TimePoint now);
  Result<void> clear_checkpoint(const std::string& name);

  // Newest first.
  Result<std::vector<StoredResult>> results(const HistoryQuery& query) const;
  Result<std::vector<StoredRun>> runs(const HistoryQuery& query) const;

  // For areas that keep their own tables here (workflow/report_store, agenda/agenda_book and
  // witness_tables, metrics, store/peer_store): the only way to their tables. The store owns the
  // connection; none of these lets it escape, and each is used by one thread at a time.
  // A statement prepared on the store's connection (check ok() before binding).
  SqlStatement statement(const std::string& sql) const { return SqlStatement(db_.get(), sql); }
  // BEGIN IMMEDIATE now, ROLLBACK when it goes out of scope uncommitted (check began()).
  SqlTransaction transaction() { return SqlTransaction(db_.get()); }
  // What SQLite said about the last failed call, as "evidence store PATH: doing: reason"; a
  // damaged file is named so and counts as damaged() from then on.
  Error sql_error(const std::string& doing) const { return error(doing); }
  // The rowid of the last row inserted on this connection.
  int64_t last_insert_rowid() const;
  // The rows the last INSERT, UPDATE or DELETE on this connection changed.
  int64_t changes() const;
  // The file, for messages.
  const std::string& path() const { return path_; }
  // Streams the results whose started_at lies in [from, to) (RFC 3339 UTC), check by check in
  // name order and oldest first within a check, through the (check_name, started_at) index.
  // Read-only; memory stays constant whatever the range.
  Result<void> scan_results(const std::string& from, const std::string& to,
                            const std::function<void(const ResultRow&)>& visit) const;

 private:
  // The online backup API copies pages from the store's own connection (store_backup.cpp).
  friend Result<StoreCopy> backup_store(const EvidenceStore& store, const std::string& dir,
                                        TimePoint now);
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  EvidenceStore(std::unique_ptr<sqlite3, Closer> db, std::string path, std::string key_path);
  Result<void> migrate();
  // The key that seals personal data, read once; `create`: made on first need.
  Result<privacy::SealKey> sealing_key(bool create) const;
  // The personal column of result `r` of run `run_id`: "{}" when there is nothing personal, else
  // sealed. When it cannot be sealed the result is still kept, without it (logged as an error).
  std::string personal_column(int64_t run_id, const CheckResult& r);
  // Migration 6: seals the personal data earlier versions kept in clear; counts what it sealed.
  Result<int64_t> seal_plaintext();
  // After seal_plaintext: rewrites the file (VACUUM) and empties the WAL, so that no copy of what
  // was in clear stays in free pages.
  Result<void> erase_plaintext_remnants(int64_t sealed);
  Result<void> exec(const std::string& sql) const;
  Error error(const std::string& doing) const;

  std::unique_ptr<sqlite3, Closer> db_;
  std::string path_;
  RunLocks run_locks_;
  mutable bool damaged_ = false;
  std::string key_path_;
  mutable std::optional<privacy::SealKey> key_;
};

// The checks' view of the store's checkpoints.
class StoreCheckpoints final : public Checkpoints {
 public:
  StoreCheckpoints(EvidenceStore& store, const Clock& clock) : store_(store), clock_(clock) {}
  std::optional<nlohmann::json> load(const std::string& key) override {
    return store_.load_checkpoint(key);
  }
  Result<void> save(const std::string& key, const nlohmann::json& state) override {
    return store_.save_checkpoint(key, state, clock_.now());
  }
  Result<void> clear(const std::string& key) override { return store_.clear_checkpoint(key); }

 private:
  EvidenceStore& store_;
  const Clock& clock_;
};

}  // namespace jaga::store
