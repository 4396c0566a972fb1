#include "checks/security_check.h"

#include <fmt/format.h>

#include <algorithm>

#include "db/replica_status.h"

namespace jaga::checks {
namespace {

// Plugins that authenticate with a password stored in authentication_string; an account of one
// of these with an empty string logs in without a password.
bool password_plugin(const std::string& plugin) {
  return plugin.empty() || plugin == "mysql_native_password" || plugin == "mysql_old_password" ||
         plugin == "ed25519" || plugin == "caching_sha2_password" || plugin == "sha256_password";
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// One authentication method of a Priv document: {"plugin": ..., "authentication_string": ...}.
bool method_without_password(const nlohmann::json& method) {
  const std::string plugin = method.value("plugin", "");
  const std::string secret = method.value("authentication_string", "");
  return password_plugin(plugin) && secret.empty();
}

// Privileges of each account beyond its global Priv document: database, table and routine grants
// and granted roles, as sorted canonical lines keyed by "user@host".
Result<std::map<std::string, std::vector<std::string>>> other_grants(db::Connection& c) {
  std::map<std::string, std::vector<std::string>> out;
  // mysql.db has one Y/N column per privilege, all named *_priv; the 'Y' ones are the grant.
  auto db = c.query("SELECT * FROM mysql.db");
  if (!db) return db.error();
  const int user = db->column_index("User"), host = db->column_index("Host"),
            name = db->column_index("Db");
  for (const auto& row : db->rows) {
    std::string line = "db " + row[name].value_or("");
    for (size_t i = 0; i < db->columns.size(); ++i) {
      if (db->columns[i].ends_with("_priv") && row[i].value_or("") == "Y") {
        line += " " + db->columns[i];
      }
    }
    out[row[user].value_or("") + "@" + row[host].value_or("")].push_back(line);
  }
  const char* const kQueries[] = {
      "SELECT User, Host, CONCAT('table ', Db, '.', Table_name, ' ', Table_priv, ' columns ', "
      "Column_priv) FROM mysql.tables_priv",
      "SELECT User, Host, CONCAT('routine ', Db, '.', Routine_name, ' ', Routine_type, ' ', "
      "Proc_priv) FROM mysql.procs_priv",
      "SELECT User, Host, CONCAT('role ', Role, IF(Admin_option = 'Y', ' with admin', '')) FROM "
      "mysql.roles_mapping",
  };
  for (const char* sql : kQueries) {
    auto rows = c.query(sql);
    if (!rows) return rows.error();
    for (const auto& row : rows->rows) {
      out[row[0].value_or("") + "@" + row[1].value_or("")].push_back(row[2].value_or(""));
    }
  }
  for (auto& [account, lines] : out) std::sort(lines.begin(), lines.end());
  return out;
}

Result<std::vector<Account>> read_accounts(db::Connection& c) {
  auto rows = c.query("SELECT User, Host, Priv FROM mysql.global_priv ORDER BY User, Host");
  if (!rows) return rows.error();
  auto grants = other_grants(c);
  if (!grants) return grants.error();
  std::vector<Account> accounts;
  for (const auto& row : rows->rows) {
    auto account =
        account_from_priv(row[0].value_or(""), row[1].value_or(""), row[2].value_or("{}"));
    if (!account) return Error{fmt::format("{}: {}", c.label(), account.error().message)};
    for (const std::string& line : (*grants)[account->name()]) account->privileges += "; " + line;
    accounts.push_back(std::move(*account));
  }
  return accounts;
}

void judge_replication_tls(CheckResult& r, db::Connection& backup,
                           const config::SecurityCheckConfig& config) {
  if (config.replication_tls == "never") return;
  auto rows = backup.query(db::replica_status_query(backup.flavour()));
  if (!rows) {
    return r.add(Status::kUnknown, FindingKind::kSecurityReplicationUnreadable,
                 {{"role", "backup"}},
                 fmt::format("{}: cannot read replication settings: {}", backup.label(),
                             rows.error().message));
  }
  if (rows->empty()) return;  // not a replica; the replication check says so
  const bool maria = backup.flavour() == db::Flavour::kMariaDB;
  const std::string host = rows->get(0, maria ? "Master_Host" : "Source_Host").value_or("");
  const std::string tls =
      rows->get(0, maria ? "Master_SSL_Allowed" : "Source_SSL_Allowed").value_or("No");
  r.evidence["replication_tls"] = tls;
  if (tls == "Yes") return;
  if (config.replication_tls == "remote" && config::is_loopback_host(host)) return;
  r.add(Status::kWarn, FindingKind::kSecurityReplicationNoTls, {{"role", "backup"}},
        fmt::format("{}: replication from {} is not encrypted (no TLS): population "
                    "data crosses the network in clear text",
                    backup.label(), host));
}

}  // namespace

Result<Account> account_from_priv(const std::string& user, const std::string& host,
                                  const std::string& priv_json) {
  nlohmann::json priv = nlohmann::json::parse(priv_json, nullptr, false);
  if (priv.is_discarded() || !priv.is_object()) {
    return Error{fmt::format("the privileges of account {}@{} are not a JSON object", user, host)};
  }
  Account a;
  a.user = user;
  a.host = host;
  a.locked = priv.value("account_locked", false);
  a.role = priv.value("is_role", false);
  a.no_password = method_without_password(priv);
  if (auto alternatives = priv.find("auth_or"); alternatives != priv.end()) {
    // MariaDB 10.4+: IDENTIFIED VIA a OR b. The first element is the main method only when it
    // names a plugin; any method without a password opens the account.
    a.no_password = false;
    if (alternatives->is_array()) {
      for (const auto& method : *alternatives) {
        if (method.is_object() && !method.empty() && method_without_password(method)) {
          a.no_password = true;
        }
      }
    }
    priv.erase("auth_or");
  }
  // Secrets and bookkeeping that are not privileges.
  for (const char* key : {"authentication_string", "password_last_changed", "version_id",
                          "password_lifetime", "account_locked"}) {
    priv.erase(key);
  }
  a.privileges = priv.dump();
  return a;
}

void judge_accounts(CheckResult& r, const std::string& role, const std::string& label,
                    const std::vector<Account>& accounts,
                    const config::SecurityCheckConfig& config) {
  std::vector<std::string> passwordless, anonymous, remote_root, wildcard;
  for (const Account& a : accounts) {
    if (a.locked || a.role || contains(config.ignore_accounts, a.name())) continue;
    if (a.user.empty()) anonymous.push_back("''@" + a.host);
    if (a.no_password) passwordless.push_back(a.name());
    if (a.user == "root" && !config::is_loopback_host(a.host)) remote_root.push_back(a.name());
    const bool is_wildcard = a.host.find_first_of("%_") != std::string::npos;
    if (is_wildcard && !contains(config.allowed_wildcard_accounts, a.name())) {
      wildcard.push_back(a.name());
    }
  }
  if (!anonymous.empty()) {
    r.add(Status::kCrit, FindingKind::kSecurityAnonymousAccounts,
          {{"role", role}, {"accounts", anonymous.size()}},
          fmt::format("{}: anonymous account{} (anyone can log in): {}", label,
                      anonymous.size() == 1 ? "" : "s", fmt::join(anonymous, ", ")));
  }
  if (!passwordless.empty()) {
    r.add(Status::kCrit, FindingKind::kSecurityPasswordlessAccounts,
          {{"role", role}, {"accounts", passwordless.size()}},
          fmt::format("{}: account{} without a password: {}", label,
                      passwordless.size() == 1 ? "" : "s", fmt::join(passwordless, ", ")));
  }
  if (!remote_root.empty()) {
    r.add(Status::kWarn, FindingKind::kSecurityRemoteRoot,
          {{"role", role}, {"accounts", remote_root.size()}},
          fmt::format("{}: root can log in from other hosts: {}", label,
                      fmt::join(remote_root, ", ")));
  }
  if (!wildcard.empty()) {
    r.add(Status::kWarn, FindingKind::kSecurityWildcardAccounts,
          {{"role", role}, {"accounts", wildcard.size()}},
          fmt::format("{}: account{} open to many hosts (wildcard host; list it in "
                      "checks.security.allowed_wildcard_accounts if intended): {}",
                      label, wildcard.size() == 1 ? "" : "s", fmt::join(wildcard, ", ")));
  }
}

GrantChanges compare_grants(const std::map<std::string, std::string>& before,
                            const std::map<std::string, std::string>& after) {
  GrantChanges changes;
  for (const auto& [account, privileges] : after) {
    auto it = before.find(account);
    if (it == before.end()) {
      changes.added.push_back(account);
    } else if (it->second != privileges) {
      changes.changed.push_back(account);
    }
  }
  for (const auto& [account, privileges] : before) {
    if (!after.contains(account)) changes.removed.push_back(account);
  }
  return changes;
}

CheckResult SecurityCheck::run(CheckContext& context) {
  CheckResult r;
  r.check = std::string(name());
  const auto& config = context.config.security_check;
  for (db::Role role : {db::Role::kPrimary, db::Role::kBackup}) {
    const std::string label = role == db::Role::kPrimary ? "primary" : "backup";
    auto server = context.servers.get(role);
    if (!server) {
      r.add(Status::kUnknown, FindingKind::kSecurityNotChecked, {{"role", label}},
            fmt::format("{}: not checked: {}", label, server.error().message));
      continue;
    }
    db::Connection& c = **server;
    auto accounts = read_accounts(c);
    if (!accounts) {
      r.add(Status::kUnknown, FindingKind::kSecurityGrantsUnreadable, {{"role", label}},
            fmt::format("{}; the security check needs SELECT on mysql.global_priv, mysql.db, "
                        "mysql.tables_priv, mysql.procs_priv and mysql.roles_mapping (see "
                        "ops/grants.sql)",
                        accounts.error().message));
      continue;
    }
    judge_accounts(r, label, c.label(), *accounts, config);
    r.metrics.push_back({label + "_accounts", static_cast<double>(accounts->size()), "",
                         std::nullopt, std::nullopt});
    std::map<std::string, std::string> now;
    for (const Account& a : *accounts) now[a.name()] = a.privileges;
    const std::string key = "security.grants." + label;
    if (context.checkpoints != nullptr) {
      auto before = context.checkpoints->load(key);
      if (before && before->is_object()) {
        const auto changes = compare_grants(before->get<std::map<std::string, std::string>>(), now);
        r.evidence["grant_changes"][label] = {
            {"added", changes.added}, {"removed", changes.removed}, {"changed", changes.changed}};
        if (!changes.empty()) {
          r.add(Status::kWarn, FindingKind::kSecurityGrantsChanged,
                {{"role", label},
                 {"added", changes.added.size()},
                 {"removed", changes.removed.size()},
                 {"changed", changes.changed.size()}},
                fmt::format("{}: grants changed since the last run: added [{}], removed [{}], "
                            "changed [{}]",
                            c.label(), fmt::join(changes.added, ", "),
                            fmt::join(changes.removed, ", "), fmt::join(changes.changed, ", ")));
        }
      }
      if (auto saved = context.checkpoints->save(key, now); !saved) {
        r.add(Status::kUnknown, FindingKind::kSecurityGrantsNotKept, {{"role", label}},
              "cannot keep the grants for the next run: " + saved.error().message);
      }
    }
    if (role == db::Role::kBackup) judge_replication_tls(r, c, config);
  }
  r.summarize("no passwordless, anonymous, remote-root or wildcard accounts; grants unchanged");
  return r;
}

}  // namespace jaga::checks
