#include "desk/account_store.h"

#include <fmt/format.h>

#include "desk/password.h"

namespace jaga::desk {

int64_t epoch_seconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

Result<void> AccountStore::exec(const std::string& sql, const std::vector<std::string>& text,
                                const std::string& doing) {
  auto s = evidence_.statement(sql);
  if (!s.ok()) return evidence_.sql_error(doing);
  for (size_t i = 0; i < text.size(); ++i) s.bind(static_cast<int>(i + 1), text[i]);
  if (s.step() != SQLITE_DONE) return evidence_.sql_error(doing);
  return Ok();
}

Result<void> AccountStore::add(const Account& a, TimePoint now) {
  auto existing = find(a.user);
  if (!existing) return existing.error();
  if (*existing) return Error{fmt::format("desk user '{}' already exists", a.user)};
  const std::string at = format_utc(now);
  return exec(
      "INSERT INTO desk_users (user, signer, role, password_hash, disabled, created_at, "
      "changed_at) VALUES (?1, ?2, ?3, ?4, 0, ?5, ?5)",
      {a.user, a.signer, a.role, a.password_hash, at}, "adding a desk user");
}

Result<void> AccountStore::set_password(const std::string& user, const std::string& hash,
                                        TimePoint now) {
  auto tx = evidence_.transaction();
  if (!tx.began()) return evidence_.sql_error("changing a desk password");
  if (auto r = exec("UPDATE desk_users SET password_hash = ?2, changed_at = ?3 WHERE user = ?1",
                    {user, hash, format_utc(now)}, "changing a desk password");
      !r) {
    return r;
  }
  if (evidence_.changes() == 0) return Error{fmt::format("no desk user '{}'", user)};
  if (auto r = exec("DELETE FROM desk_sessions WHERE user = ?1", {user}, "ending sessions"); !r) {
    return r;
  }
  if (!tx.commit()) return evidence_.sql_error("changing a desk password");
  return Ok();
}

Result<void> AccountStore::set_disabled(const std::string& user, bool disabled, TimePoint now) {
  auto tx = evidence_.transaction();
  if (!tx.began()) return evidence_.sql_error("disabling a desk user");
  if (auto r = exec("UPDATE desk_users SET disabled = ?2, changed_at = ?3 WHERE user = ?1",
                    {user, disabled ? "1" : "0", format_utc(now)}, "disabling a desk user");
      !r) {
    return r;
  }
  if (evidence_.changes() == 0) return Error{fmt::format("no desk user '{}'", user)};
  if (auto r = exec("DELETE FROM desk_sessions WHERE user = ?1", {user}, "ending sessions"); !r) {
    return r;
  }
  if (!tx.commit()) return evidence_.sql_error("disabling a desk user");
  return Ok();
}

namespace {

Account read_account(const store::SqlStatement& s) {
  return Account{s.text(0), s.text(1), s.text(2), s.text(3), s.integer(4) != 0};
}

constexpr const char* kAccountColumns =
    "SELECT user, signer, role, password_hash, CAST(disabled AS INTEGER) FROM desk_users ";

}  // namespace

Result<std::optional<Account>> AccountStore::find(const std::string& user) const {
  auto s = evidence_.statement(std::string(kAccountColumns) + "WHERE user = ?1");
  if (!s.ok()) return evidence_.sql_error("reading a desk user");
  s.bind(1, user);
  const int rc = s.step();
  if (rc == SQLITE_DONE) return std::optional<Account>();
  if (rc != SQLITE_ROW) return evidence_.sql_error("reading a desk user");
  return std::optional<Account>(read_account(s));
}

Result<std::vector<Account>> AccountStore::list() const {
  auto s = evidence_.statement(std::string(kAccountColumns) + "ORDER BY user");
  if (!s.ok()) return evidence_.sql_error("listing desk users");
  std::vector<Account> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) out.push_back(read_account(s));
  if (rc != SQLITE_DONE) return evidence_.sql_error("listing desk users");
  return out;
}

Result<NewSession> AccountStore::open_session(const std::string& user, const std::string& address,
                                              TimePoint now) {
  NewSession n{random_token(), random_token()};
  auto s = evidence_.statement(
      "INSERT INTO desk_sessions (token_hash, user, csrf, address, created_at, last_seen) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!s.ok()) return evidence_.sql_error("opening a desk session");
  s.bind(1, token_hash(n.token));
  s.bind(2, user);
  s.bind(3, n.csrf);
  s.bind(4, address);
  s.bind(5, format_utc(now));
  s.bind(6, epoch_seconds(now));
  if (s.step() != SQLITE_DONE) return evidence_.sql_error("opening a desk session");
  return n;
}

Result<std::optional<Session>> AccountStore::session(const std::string& token,
                                                     std::chrono::seconds idle, TimePoint now) {
  if (token.empty()) return std::optional<Session>();
  const std::string hash = token_hash(token);
  auto s = evidence_.statement(
      "SELECT s.user, s.csrf, s.last_seen, CAST(u.disabled AS INTEGER) FROM desk_sessions s "
      "JOIN desk_users u ON u.user = s.user WHERE s.token_hash = ?1");
  if (!s.ok()) return evidence_.sql_error("reading a desk session");
  s.bind(1, hash);
  const int rc = s.step();
  if (rc == SQLITE_DONE) return std::optional<Session>();
  if (rc != SQLITE_ROW) return evidence_.sql_error("reading a desk session");
  Session found{s.text(0), s.text(1)};
  const bool expired = s.integer(2) + idle.count() < epoch_seconds(now);
  const bool disabled = s.integer(3) != 0;
  if (expired || disabled) {
    if (auto r = end_session(token); !r) return r.error();
    return std::optional<Session>();
  }
  auto touch = evidence_.statement("UPDATE desk_sessions SET last_seen = ?2 WHERE token_hash = ?1");
  if (!touch.ok()) return evidence_.sql_error("using a desk session");
  touch.bind(1, hash);
  touch.bind(2, epoch_seconds(now));
  if (touch.step() != SQLITE_DONE) return evidence_.sql_error("using a desk session");
  return std::optional<Session>(std::move(found));
}

Result<void> AccountStore::end_session(const std::string& token) {
  return exec("DELETE FROM desk_sessions WHERE token_hash = ?1", {token_hash(token)},
              "ending a desk session");
}

Result<void> AccountStore::record_failure(const std::string& subject, TimePoint at) {
  auto s = evidence_.statement("INSERT INTO desk_failures (subject, at) VALUES (?1, ?2)");
  if (!s.ok()) return evidence_.sql_error("recording a failed login");
  s.bind(1, subject);
  s.bind(2, epoch_seconds(at));
  if (s.step() != SQLITE_DONE) return evidence_.sql_error("recording a failed login");
  return Ok();
}

Result<std::vector<int64_t>> AccountStore::failures(const std::string& subject,
                                                    TimePoint since) const {
  auto s = evidence_.statement("SELECT at FROM desk_failures WHERE subject = ?1 AND at > ?2");
  if (!s.ok()) return evidence_.sql_error("reading failed logins");
  s.bind(1, subject);
  s.bind(2, epoch_seconds(since));
  std::vector<int64_t> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) out.push_back(s.integer(0));
  if (rc != SQLITE_DONE) return evidence_.sql_error("reading failed logins");
  return out;
}

Result<void> AccountStore::audit(TimePoint at, const std::string& user, const std::string& address,
                                 const std::string& action, const std::string& report,
                                 const std::string& outcome, const std::string& note) {
  return exec(
      "INSERT INTO desk_audit (at, user, address, action, report, outcome, note) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
      {format_utc(at), user, address, action, report, outcome, note},
      "writing the desk audit trail");
}

}  // namespace jaga::desk
