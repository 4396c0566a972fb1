#include "db/replica_status.h"

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

namespace jaga::db {
namespace {

using Catch::Contains;
using Field = std::pair<std::string, Value>;

// One row with these columns, in this order.
ResultSet one_row(const std::vector<Field>& fields) {
  ResultSet result;
  result.rows.emplace_back();
  for (const auto& [column, value] : fields) {
    result.columns.push_back(column);
    result.rows[0].push_back(value);
  }
  return result;
}

// `result` with some values of its first row replaced.
ResultSet changed(ResultSet result, const std::vector<Field>& changes) {
  for (const auto& [column, value] : changes) {
    const int index = result.column_index(column);
    REQUIRE(index >= 0);
    result.rows[0][static_cast<size_t>(index)] = value;
  }
  return result;
}

ResultSet without_rows(ResultSet result) {
  result.rows.clear();
  return result;
}

ReplicaStatus parse_ok(Flavour flavour, const ResultSet& result) {
  Result<ReplicaStatus> status = parse_replica_status(flavour, result);
  REQUIRE(status.ok());
  return *status;
}

std::string parse_error(Flavour flavour, const ResultSet& result) {
  Result<ReplicaStatus> status = parse_replica_status(flavour, result);
  REQUIRE_FALSE(status.ok());
  return status.error().message;
}

// SHOW SLAVE STATUS of a MariaDB 10.11.19 replica (server_id 2, MASTER_USE_GTID=slave_pos)
// replicating from a primary on port 33298, recorded after it had caught up. All 54 columns in the
// server's order.
ResultSet mariadb_healthy() {
  return one_row({
      {"Slave_IO_State", "Waiting for master to send event"},
      {"Master_Host", "127.0.0.1"},
      {"Master_User", "repl"},
      {"Master_Port", "33298"},
      {"Connect_Retry", "60"},
      {"Master_Log_File", "mysql-bin.000001"},
      {"Read_Master_Log_Pos", "1407"},
      {"Relay_Log_File", "r-relay-bin.000002"},
      {"Relay_Log_Pos", "1706"},
      {"Relay_Master_Log_File", "mysql-bin.000001"},
      {"Slave_IO_Running", "Yes"},
      {"Slave_SQL_Running", "Yes"},
      {"Replicate_Do_DB", ""},
      {"Replicate_Ignore_DB", ""},
      {"Replicate_Do_Table", ""},
      {"Replicate_Ignore_Table", ""},
      {"Replicate_Wild_Do_Table", ""},
      {"Replicate_Wild_Ignore_Table", ""},
      {"Last_Errno", "0"},
      {"Last_Error", ""},
      {"Skip_Counter", "0"},
      {"Exec_Master_Log_Pos", "1407"},
      {"Relay_Log_Space", "2011"},
      {"Until_Condition", "None"},
      {"Until_Log_File", ""},
      {"Until_Log_Pos", "0"},
      {"Master_SSL_Allowed", "No"},
      {"Master_SSL_CA_File", ""},
      {"Master_SSL_CA_Path", ""},
      {"Master_SSL_Cert", ""},
      {"Master_SSL_Cipher", ""},
      {"Master_SSL_Key", ""},
      {"Seconds_Behind_Master", "0"},
      {"Master_SSL_Verify_Server_Cert", "No"},
      {"Last_IO_Errno", "0"},
      {"Last_IO_Error", ""},
      {"Last_SQL_Errno", "0"},
      {"Last_SQL_Error", ""},
      {"Replicate_Ignore_Server_Ids", ""},
      {"Master_Server_Id", "1"},
      {"Master_SSL_Crl", ""},
      {"Master_SSL_Crlpath", ""},
      {"Using_Gtid", "Slave_Pos"},
      {"Gtid_IO_Pos", "0-1-7"},
      {"Replicate_Do_Domain_Ids", ""},
      {"Replicate_Ignore_Domain_Ids", ""},
      {"Parallel_Mode", "optimistic"},
      {"SQL_Delay", "0"},
      {"SQL_Remaining_Delay", std::nullopt},
      {"Slave_SQL_Running_State", "Slave has read all relay log; waiting for more updates"},
      {"Slave_DDL_Groups", "6"},
      {"Slave_Non_Transactional_Groups", "0"},
      {"Slave_Transactional_Groups", "1"},
      {"Replicate_Rewrite_DB", ""},
  });
}

constexpr const char* kMariaDBDuplicateKey =
    "Could not execute Write_rows_v1 event on table siak.x; Duplicate entry '11' for key "
    "'PRIMARY', Error_code: 1062; handler error HA_ERR_FOUND_DUPP_KEY; the event's master log "
    "mysql-bin.000001, end_log_pos 1957";

// The same replica after a row inserted locally collided with the primary's insert (row events).
// Recorded values that differ from mariadb_healthy().
ResultSet mariadb_sql_error() {
  const std::vector<Field> differences = {
      {"Read_Master_Log_Pos", "1988"},
      {"Relay_Log_Pos", "878"},
      {"Slave_SQL_Running", "No"},
      {"Last_Errno", "1062"},
      {"Last_Error", kMariaDBDuplicateKey},
      {"Exec_Master_Log_Pos", "1780"},
      {"Relay_Log_Space", "1391"},
      {"Seconds_Behind_Master", std::nullopt},
      {"Last_SQL_Errno", "1062"},
      {"Last_SQL_Error", kMariaDBDuplicateKey},
      {"Gtid_IO_Pos", "0-1-10"},
      {"Slave_SQL_Running_State", ""},
      {"Slave_DDL_Groups", "0"},
      {"Slave_Transactional_Groups", "2"},
  };
  return changed(mariadb_healthy(), differences);
}

// The replica pointed (MASTER_USE_GTID=current_pos) at a port where no server listens.
ResultSet mariadb_io_connecting() {
  const std::vector<Field> differences = {
      {"Slave_IO_State", "Connecting to master"},
      {"Master_Port", "33297"},
      {"Connect_Retry", "10"},
      {"Master_Log_File", ""},
      {"Read_Master_Log_Pos", "4"},
      {"Relay_Log_File", "r-relay-bin.000001"},
      {"Relay_Log_Pos", "4"},
      {"Relay_Master_Log_File", ""},
      {"Slave_IO_Running", "Connecting"},
      {"Exec_Master_Log_Pos", "4"},
      {"Relay_Log_Space", "256"},
      {"Seconds_Behind_Master", std::nullopt},
      {"Last_IO_Errno", "2003"},
      {"Last_IO_Error",
       "error connecting to master 'repl@127.0.0.1:33297' - retry-time: 10  maximum-retries: "
       "100000  message: Can't connect to server on '127.0.0.1' (111 \"Connection refused\")"},
      {"Using_Gtid", "Current_Pos"},
      {"Gtid_IO_Pos", "0-2-10"},
      {"Slave_DDL_Groups", "0"},
      {"Slave_Transactional_Groups", "2"},
  };
  return changed(mariadb_healthy(), differences);
}

// The replica after STOP SLAVE SQL_THREAD.
ResultSet mariadb_sql_stopped() {
  const std::vector<Field> differences = {
      {"Connect_Retry", "10"},
      {"Read_Master_Log_Pos", "1988"},
      {"Relay_Log_Pos", "878"},
      {"Slave_SQL_Running", "No"},
      {"Exec_Master_Log_Pos", "1988"},
      {"Relay_Log_Space", "1183"},
      {"Seconds_Behind_Master", std::nullopt},
      {"Gtid_IO_Pos", "0-1-10"},
      {"Slave_SQL_Running_State", ""},
      {"Slave_DDL_Groups", "0"},
      {"Slave_Transactional_Groups", "3"},
  };
  return changed(mariadb_healthy(), differences);
}

// SHOW REPLICA STATUS of a MySQL 8.0 replica with GTID auto-positioning, in the shape of the
// MySQL 8.0 reference manual's example: all 62 columns in the server's order.
ResultSet mysql_healthy() {
  return one_row({
      {"Replica_IO_State", "Waiting for source to send event"},
      {"Source_Host", "10.10.1.21"},
      {"Source_User", "repl"},
      {"Source_Port", "3306"},
      {"Connect_Retry", "60"},
      {"Source_Log_File", "binlog.000012"},
      {"Read_Source_Log_Pos", "58211"},
      {"Relay_Log_File", "db-backup-relay-bin.000004"},
      {"Relay_Log_Pos", "58427"},
      {"Relay_Source_Log_File", "binlog.000012"},
      {"Replica_IO_Running", "Yes"},
      {"Replica_SQL_Running", "Yes"},
      {"Replicate_Do_DB", ""},
      {"Replicate_Ignore_DB", ""},
      {"Replicate_Do_Table", ""},
      {"Replicate_Ignore_Table", ""},
      {"Replicate_Wild_Do_Table", ""},
      {"Replicate_Wild_Ignore_Table", ""},
      {"Last_Errno", "0"},
      {"Last_Error", ""},
      {"Skip_Counter", "0"},
      {"Exec_Source_Log_Pos", "58211"},
      {"Relay_Log_Space", "58687"},
      {"Until_Condition", "None"},
      {"Until_Log_File", ""},
      {"Until_Log_Pos", "0"},
      {"Source_SSL_Allowed", "No"},
      {"Source_SSL_CA_File", ""},
      {"Source_SSL_CA_Path", ""},
      {"Source_SSL_Cert", ""},
      {"Source_SSL_Cipher", ""},
      {"Source_SSL_Key", ""},
      {"Seconds_Behind_Source", "2"},
      {"Source_SSL_Verify_Server_Cert", "No"},
      {"Last_IO_Errno", "0"},
      {"Last_IO_Error", ""},
      {"Last_SQL_Errno", "0"},
      {"Last_SQL_Error", ""},
      {"Replicate_Ignore_Server_Ids", ""},
      {"Source_Server_Id", "1"},
      {"Source_UUID", "3e11fa47-71ca-11e1-9e33-c80aa9429562"},
      {"Source_Info_File", "mysql.slave_master_info"},
      {"SQL_Delay", "0"},
      {"SQL_Remaining_Delay", std::nullopt},
      {"Replica_SQL_Running_State", "Replica has read all relay log; waiting for more updates"},
      {"Source_Retry_Count", "86400"},
      {"Source_Bind", ""},
      {"Last_IO_Error_Timestamp", ""},
      {"Last_SQL_Error_Timestamp", ""},
      {"Source_SSL_Crl", ""},
      {"Source_SSL_Crlpath", ""},
      {"Retrieved_Gtid_Set", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-1043"},
      {"Executed_Gtid_Set",
       "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-1043,\na5d3e1c2-0b7f-11ef-8c4d-0242ac120003:1-57"},
      {"Auto_Position", "1"},
      {"Replicate_Rewrite_DB", ""},
      {"Channel_Name", ""},
      {"Source_TLS_Version", ""},
      {"Source_public_key_path", ""},
      {"Get_Source_public_key", "1"},
      {"Network_Namespace", ""},
  });
}

// The applier (multi-threaded since 8.0.27) stopped on a duplicate key.
ResultSet mysql_sql_error() {
  const char* error =
      "Coordinator stopped because there were error(s) in the worker(s). The most recent failure "
      "being: Worker 1 failed executing transaction '3e11fa47-71ca-11e1-9e33-c80aa9429562:1044' "
      "at source log binlog.000012, end_log_pos 58530. See error log and/or "
      "performance_schema.replication_applier_status_by_worker table for more details about "
      "this failure or others, if any.";
  const std::vector<Field> differences = {
      {"Read_Source_Log_Pos", "58530"},
      {"Replica_SQL_Running", "No"},
      {"Last_Errno", "1062"},
      {"Last_Error", error},
      {"Relay_Log_Space", "59006"},
      {"Seconds_Behind_Source", std::nullopt},
      {"Last_SQL_Errno", "1062"},
      {"Last_SQL_Error", error},
      {"Replica_SQL_Running_State", ""},
      {"Last_SQL_Error_Timestamp", "240514 10:22:31"},
      {"Retrieved_Gtid_Set", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-1044"},
  };
  return changed(mysql_healthy(), differences);
}

// The receiver cannot reach the source.
ResultSet mysql_io_connecting() {
  const std::vector<Field> differences = {
      {"Replica_IO_State", "Connecting to source"},
      {"Replica_IO_Running", "Connecting"},
      {"Seconds_Behind_Source", std::nullopt},
      {"Last_IO_Errno", "2003"},
      {"Last_IO_Error",
       "error connecting to source 'repl@10.10.1.21:3306' - retry-time: 60 "
       "retries: 3 message: Can't connect to MySQL server on '10.10.1.21:3306' "
       "(111)"},
      {"Last_IO_Error_Timestamp", "240514 10:25:02"},
  };
  return changed(mysql_healthy(), differences);
}

// ---- the query ---------------------------------------------------------------------------------

TEST_CASE("MariaDB replica status comes from SHOW SLAVE STATUS", "[replica_status]") {
  CHECK(std::string(replica_status_query(Flavour::kMariaDB)) == "SHOW SLAVE STATUS");
}

TEST_CASE("MySQL replica status comes from SHOW REPLICA STATUS", "[replica_status]") {
  CHECK(std::string(replica_status_query(Flavour::kMySQL)) == "SHOW REPLICA STATUS");
}

// ---- MariaDB -----------------------------------------------------------------------------------

TEST_CASE("MariaDB healthy replica has both threads running and no lag", "[replica_status]") {
  const ReplicaStatus status = parse_ok(Flavour::kMariaDB, mariadb_healthy());
  CHECK(status.configured);
  CHECK(status.io_ok());
  CHECK(status.sql_ok());
  CHECK(status.seconds_behind == std::optional<int64_t>(0));
  CHECK(status.last_io_errno == 0);
  CHECK(status.last_sql_errno == 0);
}

TEST_CASE("MariaDB healthy replica names its source, GTID mode and SQL state", "[replica_status]") {
  const ReplicaStatus status = parse_ok(Flavour::kMariaDB, mariadb_healthy());
  CHECK(status.source_host == "127.0.0.1");
  CHECK(status.source_port == 33298);
  CHECK(status.using_gtid);
  CHECK(status.sql_state == "Slave has read all relay log; waiting for more updates");
  CHECK(status.executed_gtid_set.empty());
}

TEST_CASE("MariaDB replica with a stopped SQL thread reports the duplicate-key error",
          "[replica_status]") {
  const ReplicaStatus status = parse_ok(Flavour::kMariaDB, mariadb_sql_error());
  CHECK(status.io_ok());
  CHECK(status.sql_running == "No");
  CHECK(status.last_sql_errno == 1062);
  CHECK(status.last_sql_error == kMariaDBDuplicateKey);
  CHECK_FALSE(status.seconds_behind.has_value());
}

TEST_CASE("MariaDB replica connecting to an absent source reports IO error 2003",
          "[replica_status]") {
  const ReplicaStatus status = parse_ok(Flavour::kMariaDB, mariadb_io_connecting());
  CHECK(status.io_running == "Connecting");
  CHECK_FALSE(status.io_ok());
  CHECK(status.last_io_errno == 2003);
  CHECK_THAT(status.last_io_error, Contains("Connection refused"));
}

TEST_CASE("MariaDB replica with the SQL thread stopped has no Seconds_Behind_Master",
          "[replica_status]") {
  const ReplicaStatus status = parse_ok(Flavour::kMariaDB, mariadb_sql_stopped());
  CHECK_FALSE(status.sql_ok());
  CHECK_FALSE(status.seconds_behind.has_value());
  CHECK(status.last_sql_errno == 0);
}

TEST_CASE("MariaDB replica with Using_Gtid No does not use GTID", "[replica_status]") {
  const ReplicaStatus status =
      parse_ok(Flavour::kMariaDB, changed(mariadb_healthy(), {{"Using_Gtid", "No"}}));
  CHECK_FALSE(status.using_gtid);
}

TEST_CASE("MariaDB server that is not a replica returns columns but no row", "[replica_status]") {
  const ReplicaStatus status = parse_ok(Flavour::kMariaDB, without_rows(mariadb_healthy()));
  CHECK_FALSE(status.configured);
  CHECK(status.io_running.empty());
}

TEST_CASE("MariaDB replica status with a non-numeric port is an error naming the column",
          "[replica_status]") {
  CHECK(parse_error(Flavour::kMariaDB, changed(mariadb_healthy(), {{"Master_Port", "33x"}})) ==
        "SHOW SLAVE STATUS column Master_Port holds \"33x\": expected an integer");
}

// ---- MySQL -------------------------------------------------------------------------------------

TEST_CASE("MySQL healthy replica has both threads running and its lag", "[replica_status]") {
  const ReplicaStatus status = parse_ok(Flavour::kMySQL, mysql_healthy());
  CHECK(status.configured);
  CHECK(status.io_ok());
  CHECK(status.sql_ok());
  CHECK(status.seconds_behind == std::optional<int64_t>(2));
}

TEST_CASE("MySQL healthy replica names its source, GTID mode and SQL state", "[replica_status]") {
  const ReplicaStatus status = parse_ok(Flavour::kMySQL, mysql_healthy());
  CHECK(status.source_host == "10.10.1.21");
  CHECK(status.source_port == 3306);
  CHECK(status.using_gtid);
  CHECK(status.sql_state == "Replica has read all relay log; waiting for more updates");
}

TEST_CASE("MySQL replica keeps Executed_Gtid_Set verbatim", "[replica_status]") {
  CHECK(parse_ok(Flavour::kMySQL, mysql_healthy()).executed_gtid_set ==
        "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-1043,\na5d3e1c2-0b7f-11ef-8c4d-0242ac120003:1-57");
}

TEST_CASE("MySQL replica with Auto_Position 0 does not use GTID", "[replica_status]") {
  const ReplicaStatus status =
      parse_ok(Flavour::kMySQL, changed(mysql_healthy(), {{"Auto_Position", "0"}}));
  CHECK_FALSE(status.using_gtid);
}

TEST_CASE("MySQL replica with a stopped applier reports the duplicate-key error",
          "[replica_status]") {
  const ReplicaStatus status = parse_ok(Flavour::kMySQL, mysql_sql_error());
  CHECK(status.io_ok());
  CHECK_FALSE(status.sql_ok());
  CHECK(status.last_sql_errno == 1062);
  CHECK_THAT(status.last_sql_error, Contains("Worker 1 failed executing transaction"));
  CHECK_FALSE(status.seconds_behind.has_value());
}

TEST_CASE("MySQL replica connecting to an absent source reports IO error 2003",
          "[replica_status]") {
  const ReplicaStatus status = parse_ok(Flavour::kMySQL, mysql_io_connecting());
  CHECK(status.io_running == "Connecting");
  CHECK(status.last_io_errno == 2003);
  CHECK_THAT(status.last_io_error, Contains("Can't connect to MySQL server"));
}

TEST_CASE("MySQL server that is not a replica returns columns but no row", "[replica_status]") {
  CHECK_FALSE(parse_ok(Flavour::kMySQL, without_rows(mysql_healthy())).configured);
}

// ---- results of the wrong shape ----------------------------------------------------------------

TEST_CASE("MySQL result read as MariaDB is an error naming the column and flavour",
          "[replica_status]") {
  CHECK(parse_error(Flavour::kMariaDB, mysql_healthy()) ==
        "replica status result has no column Slave_IO_Running: expected the columns of "
        "MariaDB's SHOW SLAVE STATUS (is this a result from a MySQL server or from another "
        "statement?)");
}

TEST_CASE("MariaDB result read as MySQL is an error naming the column and flavour",
          "[replica_status]") {
  CHECK_THAT(parse_error(Flavour::kMySQL, mariadb_healthy()),
             Contains("no column Replica_IO_Running") && Contains("MySQL's SHOW REPLICA STATUS"));
}

TEST_CASE("Wrong-flavour result without a row is still an error", "[replica_status]") {
  CHECK_THAT(parse_error(Flavour::kMySQL, without_rows(mariadb_healthy())),
             Contains("no column Replica_IO_Running"));
}

TEST_CASE("Result of a statement without columns is an error", "[replica_status]") {
  CHECK_THAT(parse_error(Flavour::kMariaDB, ResultSet{}), Contains("no column Slave_IO_Running"));
}

TEST_CASE("Result lacking only Executed_Gtid_Set is an error for MySQL", "[replica_status]") {
  ResultSet result = mysql_healthy();
  result.columns[static_cast<size_t>(result.column_index("Executed_Gtid_Set"))] = "Other";
  CHECK_THAT(parse_error(Flavour::kMySQL, result), Contains("no column Executed_Gtid_Set"));
}

}  // namespace
}  // namespace jaga::db
