// The replica's view of replication, from MariaDB's SHOW SLAVE STATUS or MySQL 8.0.22+'s
// SHOW REPLICA STATUS, in one flavour-neutral struct. Pure logic: the caller runs the query.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "db/result_set.h"

namespace jaga::db {

// "SHOW SLAVE STATUS" for MariaDB, "SHOW REPLICA STATUS" for MySQL.
const char* replica_status_query(Flavour flavour);

struct ReplicaStatus {
  // False when the server returned no row: it is not configured as a replica, and every other
  // field keeps its default.
  bool configured = false;
  std::string source_host;  // Master_Host / Source_Host
  int source_port = 0;      // Master_Port / Source_Port

  // Verbatim: "Yes", "No", "Connecting" or "Preparing".
  std::string io_running;
  // Verbatim: "Yes" or "No".
  std::string sql_running;
  bool io_ok() const { return io_running == "Yes"; }
  bool sql_ok() const { return sql_running == "Yes"; }

  // Seconds_Behind_Master / Seconds_Behind_Source; nullopt (SQL NULL) when the SQL thread does
  // not run, or the IO thread is not connected.
  std::optional<int64_t> seconds_behind;

  int last_io_errno = 0;  // 0 and "" when the IO thread has no error
  std::string last_io_error;
  int last_sql_errno = 0;  // 0 and "" when the SQL thread has no error
  std::string last_sql_error;

  // MariaDB: Using_Gtid is Slave_Pos or Current_Pos (not "No"). MySQL: Auto_Position is 1.
  bool using_gtid = false;
  // Slave_SQL_Running_State / Replica_SQL_Running_State, verbatim ("" when the thread is stopped).
  std::string sql_state;
  // MySQL only: Executed_Gtid_Set verbatim (may contain newlines; see GtidSet::parse). Empty for
  // MariaDB, whose positions are read from @@gtid_slave_pos and friends instead.
  std::string executed_gtid_set;
};

// Parses the result of replica_status_query(flavour). Columns are found by name, so their order
// and the columns jaga does not read do not matter. The columns are checked first: a missing one
// (a result of the other flavour, or of another statement) is an Error naming the column and the
// flavour expected, even when there is no row. No row => configured = false. Otherwise the first
// row is read (the default connection; jaga does not use multi-source replication), and a number
// column holding anything but a number is an Error naming the column and the value.
Result<ReplicaStatus> parse_replica_status(Flavour flavour, const ResultSet& result);

}  // namespace jaga::db
