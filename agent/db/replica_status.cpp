#include "db/replica_status.h"

#include <charconv>
#include <string_view>

namespace jaga::db {
namespace {

// The columns jaga reads, by flavour. MySQL 8.0.22 renamed Slave/Master to Replica/Source;
// MariaDB 10.x keeps the old names (its SHOW REPLICA STATUS is an alias with the same columns).
struct ColumnNames {
  const char* query;
  const char* io_running;
  const char* sql_running;
  const char* seconds_behind;
  const char* source_host;
  const char* source_port;
  const char* using_gtid;
  const char* sql_state;
  const char* executed_gtid_set;  // nullptr: the flavour has no such column
};

constexpr ColumnNames kMariaDBColumns{
    .query = "SHOW SLAVE STATUS",
    .io_running = "Slave_IO_Running",
    .sql_running = "Slave_SQL_Running",
    .seconds_behind = "Seconds_Behind_Master",
    .source_host = "Master_Host",
    .source_port = "Master_Port",
    .using_gtid = "Using_Gtid",
    .sql_state = "Slave_SQL_Running_State",
    .executed_gtid_set = nullptr,
};

constexpr ColumnNames kMySQLColumns{
    .query = "SHOW REPLICA STATUS",
    .io_running = "Replica_IO_Running",
    .sql_running = "Replica_SQL_Running",
    .seconds_behind = "Seconds_Behind_Source",
    .source_host = "Source_Host",
    .source_port = "Source_Port",
    .using_gtid = "Auto_Position",
    .sql_state = "Replica_SQL_Running_State",
    .executed_gtid_set = "Executed_Gtid_Set",
};

// Named alike by both flavours.
constexpr const char* kLastIoErrno = "Last_IO_Errno";
constexpr const char* kLastIoError = "Last_IO_Error";
constexpr const char* kLastSqlErrno = "Last_SQL_Errno";
constexpr const char* kLastSqlError = "Last_SQL_Error";

const ColumnNames& columns_of(Flavour flavour) {
  return flavour == Flavour::kMariaDB ? kMariaDBColumns : kMySQLColumns;
}

Result<void> check_columns(Flavour flavour, const ResultSet& result) {
  const ColumnNames& names = columns_of(flavour);
  for (const char* column :
       {names.io_running, names.sql_running, names.seconds_behind, names.source_host,
        names.source_port, names.using_gtid, names.sql_state, names.executed_gtid_set, kLastIoErrno,
        kLastIoError, kLastSqlErrno, kLastSqlError}) {
    if (column != nullptr && result.column_index(column) < 0) {
      const Flavour other = flavour == Flavour::kMariaDB ? Flavour::kMySQL : Flavour::kMariaDB;
      return Error{std::string("replica status result has no column ") + column +
                   ": expected the columns of " + flavour_name(flavour) + "'s " + names.query +
                   " (is this a result from a " + flavour_name(other) +
                   " server or from another statement?)"};
    }
  }
  return Ok();
}

// Reads the first row's values; NULL text reads as "".
class RowReader {
 public:
  RowReader(Flavour flavour, const ResultSet& result)
      : query_(columns_of(flavour).query), result_(result) {}

  std::string text(const char* column) const { return result_.get(0, column).value_or(""); }

  // nullopt for SQL NULL; an Error for anything but a whole decimal integer.
  template <typename T>
  Result<std::optional<T>> nullable_integer(const char* column) const {
    const Value value = result_.get(0, column);
    if (!value.has_value()) return std::optional<T>();
    T number = 0;
    const char* end = value->data() + value->size();
    const auto [parsed_end, ec] = std::from_chars(value->data(), end, number);
    if (value->empty() || ec != std::errc() || parsed_end != end) {
      return Error{std::string(query_) + " column " + column + " holds \"" + *value +
                   "\": expected an integer"};
    }
    return std::optional<T>(number);
  }

  // As nullable_integer, but NULL is an Error too.
  template <typename T>
  Result<T> integer(const char* column) const {
    Result<std::optional<T>> number = nullable_integer<T>(column);
    if (!number.ok()) return number.error();
    if (!number->has_value()) {
      return Error{std::string(query_) + " column " + column + " is NULL: expected an integer"};
    }
    return **number;
  }

 private:
  const char* query_;
  const ResultSet& result_;
};

}  // namespace

const char* replica_status_query(Flavour flavour) { return columns_of(flavour).query; }

Result<ReplicaStatus> parse_replica_status(Flavour flavour, const ResultSet& result) {
  if (Result<void> columns = check_columns(flavour, result); !columns.ok()) return columns.error();
  ReplicaStatus status;
  if (result.empty()) return status;

  const ColumnNames& names = columns_of(flavour);
  const RowReader row(flavour, result);
  status.configured = true;
  status.source_host = row.text(names.source_host);
  status.io_running = row.text(names.io_running);
  status.sql_running = row.text(names.sql_running);
  status.last_io_error = row.text(kLastIoError);
  status.last_sql_error = row.text(kLastSqlError);
  status.sql_state = row.text(names.sql_state);
  const std::string using_gtid = row.text(names.using_gtid);
  status.using_gtid =
      flavour == Flavour::kMariaDB ? !using_gtid.empty() && using_gtid != "No" : using_gtid == "1";
  if (names.executed_gtid_set != nullptr) {
    status.executed_gtid_set = row.text(names.executed_gtid_set);
  }

  Result<int> port = row.integer<int>(names.source_port);
  if (!port.ok()) return port.error();
  status.source_port = *port;
  Result<int> io_errno = row.integer<int>(kLastIoErrno);
  if (!io_errno.ok()) return io_errno.error();
  status.last_io_errno = *io_errno;
  Result<int> sql_errno = row.integer<int>(kLastSqlErrno);
  if (!sql_errno.ok()) return sql_errno.error();
  status.last_sql_errno = *sql_errno;
  Result<std::optional<int64_t>> behind = row.nullable_integer<int64_t>(names.seconds_behind);
  if (!behind.ok()) return behind.error();
  status.seconds_behind = *behind;
  return status;
}

}  // namespace jaga::db
