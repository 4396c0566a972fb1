#include "db/connection.h"

#include <errmsg.h>
#include <fmt/format.h>
#include <mysql.h>
#include <mysqld_error.h>

namespace jaga::db {
namespace {

// Advice for the errors an administrator meets most, appended to the server's own words.
std::string advice(unsigned int code, const config::ServerConfig& server) {
  switch (code) {
    case ER_ACCESS_DENIED_ERROR:
      return fmt::format(" — authentication failed for user '{}': check the password in {}",
                         server.user,
                         server.password_file.empty()
                             ? (server.password_env.empty() ? std::string("the configuration")
                                                            : "$" + server.password_env)
                             : server.password_file);
    case CR_CONN_HOST_ERROR:
    case CR_CONNECTION_ERROR:
      return " — is the server running and listening there?";
    case CR_SERVER_LOST:
    case CR_SERVER_GONE_ERROR:
      return fmt::format(" — the server did not answer within {} s or closed the connection",
                         server.connect_timeout_seconds);
    default:
      return "";
  }
}

// The start of a statement for error messages: never past its first string literal, which may
// hold personal data (a NIK in a key range) or a secret.
std::string statement_outline(std::string_view sql) {
  const size_t literal = sql.find_first_of("'\"");
  std::string_view head = sql.substr(0, std::min<size_t>(literal, 100));
  return std::string(head) + (head.size() < sql.size() ? "..." : "");
}

}  // namespace

void Connection::Closer::operator()(st_mysql* handle) const { mysql_close(handle); }

Connection::Connection(std::unique_ptr<st_mysql, Closer> handle, std::string label)
    : handle_(std::move(handle)), label_(std::move(label)) {}

Connection::~Connection() = default;

Result<std::unique_ptr<Connection>> Connection::open(const config::ServerConfig& server) {
  const std::string label = fmt::format("{} ({})", server.role, server.endpoint());
  std::unique_ptr<st_mysql, Closer> handle(mysql_init(nullptr));
  if (!handle) return Error{label + ": out of memory creating a client handle"};
  MYSQL* h = handle.get();

  const unsigned int connect = static_cast<unsigned int>(server.connect_timeout_seconds);
  const unsigned int read = static_cast<unsigned int>(server.read_timeout_seconds);
  const unsigned int write = static_cast<unsigned int>(server.write_timeout_seconds);
  mysql_optionsv(h, MYSQL_OPT_CONNECT_TIMEOUT, &connect);
  mysql_optionsv(h, MYSQL_OPT_READ_TIMEOUT, &read);
  mysql_optionsv(h, MYSQL_OPT_WRITE_TIMEOUT, &write);
  mysql_optionsv(h, MYSQL_SET_CHARSET_NAME, "utf8mb4");

  using config::TlsMode;
  if (server.tls_mode != TlsMode::kDisabled &&
      (!server.tls_ca.empty() || !server.tls_cert.empty() || !server.tls_key.empty() ||
       server.tls_mode != TlsMode::kPreferred)) {
    auto opt = [](const std::string& s) { return s.empty() ? nullptr : s.c_str(); };
    mysql_ssl_set(h, opt(server.tls_key), opt(server.tls_cert), opt(server.tls_ca), nullptr,
                  nullptr);
  }
  if (server.tls_mode == TlsMode::kRequired || server.tls_mode == TlsMode::kVerifyCa ||
      server.tls_mode == TlsMode::kVerifyIdentity) {
    const my_bool enforce = 1;
    mysql_optionsv(h, MYSQL_OPT_SSL_ENFORCE, &enforce);
  }
  const my_bool verify =
      server.tls_mode == TlsMode::kVerifyCa || server.tls_mode == TlsMode::kVerifyIdentity;
  mysql_optionsv(h, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);

  const bool use_socket = !server.socket.empty();
  if (mysql_real_connect(h, use_socket ? "localhost" : server.host.c_str(), server.user.c_str(),
                         server.password.c_str(), nullptr,
                         use_socket ? 0 : static_cast<unsigned int>(server.port),
                         use_socket ? server.socket.c_str() : nullptr, 0) == nullptr) {
    const unsigned int code = mysql_errno(h);
    return Error{fmt::format("{}: cannot connect: {} (error {}){}", label, mysql_error(h), code,
                             advice(code, server))};
  }
  std::unique_ptr<Connection> connection(new Connection(std::move(handle), label));
  connection->version_ = mysql_get_server_info(h);
  connection->flavour_ = detect_flavour(connection->version_);
  return connection;
}

Error Connection::error(std::string_view doing) const {
  return Error{fmt::format("{}: {} failed: {} (error {})", label_, doing,
                           mysql_error(handle_.get()), mysql_errno(handle_.get()))};
}

Result<ResultSet> Connection::query(std::string_view sql) {
  MYSQL* h = handle_.get();
  if (mysql_real_query(h, sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
    return error(fmt::format("query \"{}\"", statement_outline(sql)));
  }
  ResultSet out;
  MYSQL_RES* raw = mysql_store_result(h);
  if (raw == nullptr) {
    if (mysql_field_count(h) != 0) return error("reading the result");
    return out;
  }
  std::unique_ptr<MYSQL_RES, void (*)(MYSQL_RES*)> result(raw, mysql_free_result);
  const unsigned int fields = mysql_num_fields(raw);
  MYSQL_FIELD* field = mysql_fetch_fields(raw);
  for (unsigned int i = 0; i < fields; ++i) out.columns.emplace_back(field[i].name);
  while (MYSQL_ROW row = mysql_fetch_row(raw)) {
    unsigned long* lengths = mysql_fetch_lengths(raw);
    Row values;
    values.reserve(fields);
    for (unsigned int i = 0; i < fields; ++i) {
      if (row[i] == nullptr) {
        values.emplace_back(std::nullopt);
      } else {
        values.emplace_back(std::string(row[i], lengths[i]));
      }
    }
    out.rows.push_back(std::move(values));
  }
  return out;
}

Result<void> Connection::stream(std::string_view sql, const RowVisitor& visit) {
  MYSQL* h = handle_.get();
  if (mysql_real_query(h, sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
    return error(fmt::format("query \"{}\"", statement_outline(sql)));
  }
  MYSQL_RES* raw = mysql_use_result(h);
  if (raw == nullptr) {
    if (mysql_field_count(h) != 0) return error("reading the result");
    return Ok();
  }
  std::unique_ptr<MYSQL_RES, void (*)(MYSQL_RES*)> result(raw, mysql_free_result);
  while (MYSQL_ROW row = mysql_fetch_row(raw)) visit(row, mysql_fetch_lengths(raw));
  // mysql_fetch_row returns null both at the end and on an error.
  if (mysql_errno(h) != 0) return error(fmt::format("reading \"{}\"", statement_outline(sql)));
  return Ok();
}

Result<void> Connection::execute(std::string_view sql) {
  auto result = query(sql);
  if (!result) return result.error();
  return Ok();
}

Result<Value> Connection::scalar(std::string_view sql) {
  auto result = query(sql);
  if (!result) return result.error();
  if (result->rows.empty() || result->rows[0].empty()) return Value{};
  return result->rows[0][0];
}

std::string Connection::quote(std::string_view text) {
  std::string out(text.size() * 2 + 1, '\0');
  const unsigned long n = mysql_real_escape_string(handle_.get(), out.data(), text.data(),
                                                   static_cast<unsigned long>(text.size()));
  out.resize(n);
  return "'" + out + "'";
}

}  // namespace jaga::db
