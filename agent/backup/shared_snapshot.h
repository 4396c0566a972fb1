// Several connections that read one and the same consistent snapshot of a MariaDB server, and
// the GTID position of that snapshot - without FLUSH TABLES WITH READ LOCK, RELOAD or SUPER.
//
// Why it is one snapshot: with the binary log on, START TRANSACTION WITH CONSISTENT SNAPSHOT
// takes the InnoDB read view and the binlog position (status Binlog_snapshot_file/_position)
// under the same commit-order lock, so the position says exactly which transactions the snapshot
// contains: all those written to the binary log before it, none after. Connections whose
// snapshots report the same position therefore see the same committed data. We open the
// snapshots back to back and compare the positions; when a commit slipped in between, all are
// rolled back and opened again (up to kAttempts times). On a server that never stands still the
// dump falls back to a single connection (method "single connection"), which is slower but
// exactly as consistent.
//
// Why the GTID is the snapshot's: BINLOG_GTID_POS(file, position) converts that same binlog
// position into the GTID position the binary log had there, so a replica started from this
// backup at that GTID receives exactly the transactions the backup lacks. Reading
// @@gtid_binlog_pos instead could include a commit made after the snapshot.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/result.h"
#include "db/connection.h"

namespace jaga::backup {

struct SharedSnapshot {
  std::vector<std::unique_ptr<db::Connection>> connections;  // each inside the snapshot
  std::string gtid_position;  // empty when the server writes no binary log
  std::string binlog_file;
  uint64_t binlog_position = 0;
  std::string method;  // for the manifest: how the connections came to share the snapshot
};

// Opens up to `count` connections to `server` in one snapshot (at least one).
Result<SharedSnapshot> open_shared_snapshot(const config::ServerConfig& server, int count);

}  // namespace jaga::backup
