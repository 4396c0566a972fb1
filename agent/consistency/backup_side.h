// The backup server's side of a comparison, as the consistency engine drives it: replication
// state, snapshots at the primary's position, chunk digests and row listings. Two places can do
// this work:
//   DirectBackupSide  jaga's own connection to the backup server (one agent reads both servers,
//                     or the backup host's agent serving a session, peer/consistency_session.h);
//   the peer session  the backup host's agent does it on its own host and only digests, counts
//                     and the keys and row hashes of differing chunks cross the link
//                     (peer/consistency_client.h; docs/consistency.md "The session protocol").
// Either way the engine's guarantees are the same: the snapshot is opened only once the backup
// applied the primary's position, on one connection that nobody else uses.
//
// Not thread-safe: one caller at a time (the engine never overlaps two calls on one side).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "consistency/digester.h"
#include "consistency/table_schema.h"
#include "core/result.h"
#include "db/connection.h"
#include "db/replica_status.h"

namespace jaga::consistency {

// A chunk the primary digested, as the backup side is asked to digest it: its key range
// (exclusive lo, inclusive hi; hi absent = to the end of the table) and the primary's digest, so
// that the side can tell which chunks differ.
struct ChunkRequest {
  std::optional<KeyValue> lo;
  std::optional<KeyValue> hi;
  int64_t primary_rows = 0;
  std::string primary_value;
};

// The backup's digest of one chunk on its snapshot. `rows` holds the keys and hashes of the
// chunk's rows when the side kept them (RowList::complete()); a remote side sends them only for
// a chunk whose digest differs from the primary's.
struct ChunkAnswer {
  int64_t rows = 0;
  std::string value;
  RowList kept;
};

class BackupSide {
 public:
  virtual ~BackupSide() = default;
  // "backup (127.0.0.1:3306)" or "backup via peer backup-1 (https://...)", to begin messages.
  virtual std::string label() const = 0;
  // REPEATABLE READ and UTC for every later snapshot.
  virtual Result<void> prepare() = 0;
  virtual Result<db::ReplicaStatus> replica_status() = 0;
  // Waits at most `wait_seconds` until the backup applied `position` (a GTID position of the
  // primary); then opens a read-only consistent snapshot and returns true. False: not reached in
  // time, no snapshot open.
  virtual Result<bool> snapshot_at(const std::string& position, double wait_seconds) = 0;
  // Ends the snapshot (a no-op when none is open).
  virtual Result<void> end_snapshot() = 0;
  // Digests `chunks` of `t` on the open snapshot, in order, keeping rows within `keep_bytes` in
  // all. REQUIRES: an open snapshot.
  virtual Result<std::vector<ChunkAnswer>> digest(const TableSchema& t,
                                                  const std::vector<ChunkRequest>& chunks,
                                                  size_t keep_bytes) = 0;
  // As Digester::rows and Digester::rows_by_key, on the open snapshot.
  virtual Result<db::ResultSet> rows(const TableSchema& t, const std::optional<KeyValue>& lo,
                                     const std::optional<KeyValue>& hi) = 0;
  virtual Result<db::ResultSet> rows_by_key(const TableSchema& t,
                                            const std::vector<KeyValue>& keys) = 0;
  virtual Result<bool> has_table(const std::string& schema, const std::string& name) = 0;
  // Whether the server (and the link to it) still answers.
  virtual Result<void> ping() = 0;
};

// The backup side over a connection of this process. Keyless tables are always digested by SQL.
class DirectBackupSide final : public BackupSide {
 public:
  // REQUIRES: `backup` outlives this and is used by nobody else meanwhile.
  DirectBackupSide(db::Connection& backup, DigestWhere where);
  std::string label() const override { return backup_.label(); }
  Result<void> prepare() override;
  Result<db::ReplicaStatus> replica_status() override;
  Result<bool> snapshot_at(const std::string& position, double wait_seconds) override;
  Result<void> end_snapshot() override;
  Result<std::vector<ChunkAnswer>> digest(const TableSchema& t,
                                          const std::vector<ChunkRequest>& chunks,
                                          size_t keep_bytes) override;
  Result<db::ResultSet> rows(const TableSchema& t, const std::optional<KeyValue>& lo,
                             const std::optional<KeyValue>& hi) override;
  Result<db::ResultSet> rows_by_key(const TableSchema& t,
                                    const std::vector<KeyValue>& keys) override;
  Result<bool> has_table(const std::string& schema, const std::string& name) override;
  Result<void> ping() override;
  // The backup's GTID state (MariaDB @@gtid_slave_pos, MySQL @@GLOBAL.gtid_executed).
  Result<std::string> gtid_state();

 private:
  Digester& digester(const TableSchema& t);

  db::Connection& backup_;
  std::unique_ptr<Digester> digester_;
  std::unique_ptr<Digester> sql_digester_;
};

}  // namespace jaga::consistency
