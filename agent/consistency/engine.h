// The consistency engine: proves that the backup server holds exactly the primary's rows, and
// names every row that differs, without writing anything and without stopping the primary.
//
// Consistency argument. Every comparison uses a *snapshot pair*:
//   1. the primary opens a read-only REPEATABLE READ transaction WITH CONSISTENT SNAPSHOT and then
//      reads its GTID position P. Every transaction visible in the snapshot was written to the
//      binary log before it committed, so P covers the snapshot;
//   2. the backup waits until it has applied P (MASTER_GTID_WAIT / WAIT_FOR_EXECUTED_GTID_SET,
//      bounded; a backup that cannot get there is paused for, never compared) and only then opens
//      its own consistent snapshot, which therefore contains everything the primary's contains.
// The two snapshots can differ only by transactions the primary committed after its snapshot, which
// replication then brought to the backup: a chunk that differs because of lag can only differ on
// rows those transactions touched. So a chunk whose digests differ is only *suspicious*: its rows
// are compared one by one - from the keys and row digests the agent digester kept while it
// digested the chunk on the scan's pair (RowList), or else listed with their digests on both
// servers on a fresh pair - and every candidate row is then compared again, by key, on
// max_rechecks further fresh pairs; a row is reported only if it differs in every round (the kind
// reported is the last round's: the way a row differs may change between rounds, e.g. missing and
// extra under a changed key collation, but a row that differs every time is never dropped). A
// real difference survives all rounds; a lag artefact would have to hit the same row in every one
// of several independent windows of a few milliseconds.
//
// Chunks are ranges of the table's key (primary key, else a NOT NULL unique key, in key order),
// sized so each chunk query takes about chunk_time_target_seconds: no query holds a server for
// long, and a differing chunk is small, so naming its rows costs little - the cost of locating
// differences is proportional to their number, never to the table size (with kept rows, a
// differing chunk is not even read again). The primary digests a
// batch of consecutive chunks on one snapshot (about pair_seconds); while it digests the next
// batch, the backup digests the previous one on its paired snapshot, so both servers work at once.
//
// A table without any usable key cannot be chunked: it is digested whole (COUNT and SUM of row
// digests, so duplicate rows count) and differing rows are identified by their digest only.
//
// The engine is gentle (it pauses while the backup lags more than max_lag_seconds or the primary
// runs more than max_threads_running threads) and resumable (after every batch it hands its state
// to a checkpoint callback; run() continues from such a state).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "consistency/backup_side.h"
#include "consistency/digest_sql.h"
#include "consistency/digester.h"
#include "consistency/row_diff.h"
#include "consistency/table_schema.h"
#include "core/env.h"
#include "core/result.h"
#include "db/connection.h"

namespace jaga::consistency {

struct EngineOptions {
  double chunk_time_target_seconds = 0.005;
  int64_t initial_chunk_rows = 1000;
  int64_t min_chunk_rows = 100;
  int64_t max_chunk_rows = 100000;
  // How long one snapshot pair stays open while the primary digests consecutive chunks.
  double pair_seconds = 0.1;
  int max_chunks_per_pair = 16;  // also a checkpoint at least every this many chunks
  DigestWhere digest_where = DigestWhere::kServer;
  int max_rechecks = 3;
  int64_t max_lag_seconds = 10;
  int64_t max_threads_running = 30;
  double wait_timeout_seconds = 30;
  double max_pause_seconds = 600;
};

struct TableOutcome {
  std::string table;  // schema.table
  KeyKind key_kind = KeyKind::kNone;
  std::vector<std::string> key_columns;
  int64_t rows = 0;  // rows compared (primary side)
  int64_t chunks = 0;
  int64_t rechecked_chunks = 0;  // chunks that differed once
  int64_t transient_chunks = 0;  // ... and then matched (replication lag, not a difference)
  std::vector<RowDifference> differences;
  bool missing_on_backup = false;  // the whole table does not exist on the backup server
  // Why this table could not be compared (e.g. a query the backup refused); "" when it was. The
  // run goes on with the next table: one table's problem never hides another's differences.
  std::string error;
};

struct EngineOutcome {
  std::vector<TableOutcome> tables;  // finished tables, in order
  double paused_seconds = 0;
  bool resumed = false;
  std::optional<Error> error;  // the run stopped early; `tables` holds what was finished
  std::string stopped_at;      // the table being compared when it stopped
  // Differences carried over from the interrupted run were compared again before being reported.
  int64_t carried_over_rechecked = 0;
};

class Engine {
 public:
  using Checkpoint = std::function<void(const nlohmann::json& state)>;

  // REQUIRES: both connections stay open for the engine's lifetime and are used by nobody else.
  // `env` gives the monotonic time of the pacing and the sleep of the pauses (a test's fake
  // pauses without waiting); it outlives the engine.
  Engine(db::Connection& primary, db::Connection& backup, EngineOptions options, Env& env);
  // The backup's side done elsewhere (the backup host's agent, peer/consistency_client.h).
  // options.digest_where then applies to the primary only. REQUIRES: as above, and `backup`
  // outlives the engine.
  Engine(db::Connection& primary, BackupSide& backup, EngineOptions options, Env& env);

  // Compares `tables` in order. `resume` is a state previously given to `checkpoint` for the
  // same list of tables (ignored when it does not match); the differences of the tables it had
  // finished are verified again before they are reported. A problem of one table (a query the
  // server refuses) is that table's `error` and the run goes on; a problem of the servers (a
  // lost connection, replication stopped) ends the run with `error` set. Never throws.
  EngineOutcome run(const std::vector<TableSchema>& tables,
                    const std::optional<nlohmann::json>& resume, const Checkpoint& checkpoint);

 private:
  struct Digest {
    int64_t rows = 0;
    std::string value;
    bool operator==(const Digest&) const = default;
  };
  struct Chunk {
    std::optional<KeyValue> lo;
    std::optional<KeyValue> hi;
  };
  struct Cursor;

  // A chunk's digest as one server gave it, with its rows' keys and hashes where the digester
  // kept them (RowList::complete()).
  struct ChunkRead {
    Digest digest;
    RowList rows;
  };
  // Chunks the primary digested on one snapshot, and that snapshot's GTID position.
  struct ChunkDigest {
    Chunk chunk;
    ChunkRead primary;
  };
  struct Batch {
    std::string position;
    std::vector<ChunkDigest> chunks;
    bool last = false;  // the last chunk runs to the end of the table
  };

  Result<void> prepare_sessions();
  Result<void> be_gentle(double& paused);
  // Opens the primary's snapshot and returns its GTID position.
  Result<std::string> primary_snapshot();
  // Waits (bounded, counted in `paused`) until the backup applied `position`, then opens its
  // snapshot.
  Result<void> backup_snapshot_at(const std::string& position, double& paused);
  Result<void> begin_pair(double& paused);
  void end_pair();
  // Runs `on_primary` and `on_backup` at once.
  Result<std::pair<db::ResultSet, db::ResultSet>> on_both(
      const std::function<Result<db::ResultSet>()>& on_primary,
      const std::function<Result<db::ResultSet>()>& on_backup);
  // The digester for `t`: tables without a key are always digested by SQL.
  Digester& digester(const TableSchema& t);
  // Digests chunks from `lo` on one primary snapshot for about pair_seconds; adapts chunk_rows.
  Result<Batch> primary_batch(const TableSchema& t, std::optional<KeyValue> lo,
                              int64_t& chunk_rows);
  // Digests the batch's chunks on a backup snapshot at or after the batch's position.
  // Uses only the backup connection, so it runs beside primary_batch.
  Result<std::vector<ChunkRead>> backup_batch(const TableSchema& t, const Batch& batch,
                                              double& paused);
  Result<void> scan(const TableSchema& t, Cursor& cursor, double& paused,
                    const std::function<void()>& save);
  Result<void> resolve_suspicious(const TableSchema& t, Cursor& cursor, double& paused);
  // Whether both servers still answer and the backup replicates, after a table failed.
  Result<void> servers_healthy(double& paused);
  Result<bool> compare_table(const TableSchema& t, Cursor& cursor, double& paused,
                             const std::function<void()>& save);
  Result<std::vector<RowDifference>> narrow(const TableSchema& t, const Chunk& c, double& paused);
  Result<std::vector<RowDifference>> verify(const TableSchema& t,
                                            std::vector<RowDifference> candidates, double& paused);

  db::Connection& primary_;
  std::unique_ptr<BackupSide> own_backup_;  // the DirectBackupSide of the first constructor
  BackupSide& backup_;
  EngineOptions options_;
  std::unique_ptr<Digester> digester_;
  std::unique_ptr<Digester> sql_digester_;
  Env& env_;
  std::optional<MonotonicTime> last_gentle_check_;  // none yet
};

// A key as JSON: one element per column, a string when the value is valid UTF-8, else
// {"hex": "..."} so that binary keys survive checkpoints and evidence byte for byte.
nlohmann::json key_to_json(const KeyValue& key);
// REQUIRES: `j` came from key_to_json (throws nlohmann::json::exception otherwise).
KeyValue key_from_json(const nlohmann::json& j);
// The key for a person: text parts as they are, binary parts as 0x... (not masked).
std::vector<std::string> key_display(const nlohmann::json& j);

// A difference as evidence and checkpoints keep it (by key, or by row digest for a keyless
// table); difference_from_json throws nlohmann::json::exception on a malformed one.
nlohmann::json difference_to_json(const RowDifference& difference, KeyKind key_kind);
RowDifference difference_from_json(const nlohmann::json& j);

nlohmann::json to_json(const TableOutcome& outcome);
TableOutcome table_outcome_from_json(const nlohmann::json& j);

}  // namespace jaga::consistency
