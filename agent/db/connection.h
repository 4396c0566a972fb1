// One connection to a MariaDB or MySQL server through libmysqlclient (MariaDB Connector/C).
// Owns its MYSQL handle. Every failure is an Error naming the server's role and endpoint; the
// password is never part of a message.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "config/config.h"
#include "core/result.h"
#include "db/result_set.h"

struct st_mysql;

namespace jaga::db {

class Connection {
 public:
  // Connects with the server's timeouts and TLS options and reads its version.
  static Result<std::unique_ptr<Connection>> open(const config::ServerConfig& server);

  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql` and buffers its whole result (an empty ResultSet for statements).
  Result<ResultSet> query(std::string_view sql);
  // A row as it arrives: values[i] is null for SQL NULL, else lengths[i] bytes (text protocol).
  using RowVisitor = std::function<void(const char* const* values, const unsigned long* lengths)>;
  // Runs `sql` and hands each row to `visit` while it streams in, buffering nothing: for reading
  // many rows in constant memory. An error part-way (server gone, timeout) is an Error.
  Result<void> stream(std::string_view sql, const RowVisitor& visit);
  // Runs a statement that returns no rows.
  Result<void> execute(std::string_view sql);
  // Runs `sql` and returns the first column of the first row (nullopt for NULL or no row).
  Result<Value> scalar(std::string_view sql);

  // Quotes `text` as an SQL string literal for this connection's character set.
  std::string quote(std::string_view text);

  // The underlying handle, for streaming APIs (mysql_use_result, LOAD DATA LOCAL handlers).
  // Stays owned by this Connection.
  st_mysql* native() { return handle_.get(); }
  // The last client error as a message beginning with the label, for callers of native().
  Error native_error(std::string_view doing) const { return error(doing); }

  Flavour flavour() const { return flavour_; }
  const std::string& version() const { return version_; }
  // "primary (127.0.0.1:3306)", used to begin every message about this server.
  const std::string& label() const { return label_; }

 private:
  struct Closer {
    void operator()(st_mysql* handle) const;
  };
  Connection(std::unique_ptr<st_mysql, Closer> handle, std::string label);
  Error error(std::string_view doing) const;

  std::unique_ptr<st_mysql, Closer> handle_;
  std::string label_;
  std::string version_;
  Flavour flavour_ = Flavour::kMariaDB;
};

}  // namespace jaga::db
