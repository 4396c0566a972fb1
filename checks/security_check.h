// The database's security posture on both servers ("Pengamanan Database Kependudukan"): accounts
// without a password, anonymous accounts, root reachable from other hosts, accounts open to any
// host (wildcards), replication without TLS across the network, and grants changed since the
// last run. Needs SELECT on a few tables of the `mysql` schema (see ops/grants.sql); without it
// the check says UNKNOWN and which grant is missing.
//
// Password hashes are read with the account rows (mysql.global_priv holds them in the same JSON
// document as the privileges) but are dropped as soon as the row is parsed: they are never kept,
// logged or recorded.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "checks/check.h"
#include "core/check_names.h"

namespace jaga::checks {

struct Account {
  std::string user;
  std::string host;
  bool no_password = false;  // a password-based plugin with an empty password
  bool locked = false;
  bool role = false;
  // The account's privileges in a canonical text without secrets; compared between runs.
  std::string privileges;

  std::string name() const { return user + "@" + host; }
};

// Parses one row of mysql.global_priv (its Priv JSON). Never returns the password hash.
Result<Account> account_from_priv(const std::string& user, const std::string& host,
                                  const std::string& priv_json);

// Judges the accounts of one server: `role` is "primary" or "backup", `label` names it in the
// English messages.
void judge_accounts(CheckResult& r, const std::string& role, const std::string& label,
                    const std::vector<Account>& accounts,
                    const config::SecurityCheckConfig& config);

// Accounts whose privileges were added, removed or changed between two runs.
struct GrantChanges {
  std::vector<std::string> added, removed, changed;
  bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
};
GrantChanges compare_grants(const std::map<std::string, std::string>& before,
                            const std::map<std::string, std::string>& after);

class SecurityCheck final : public Check {
 public:
  std::string_view name() const override { return check_names::kSecurity; }
  std::string_view description() const override {
    return "passwordless, anonymous, remote-root and wildcard accounts, replication TLS, grant "
           "changes";
  }
  bool enabled(const config::Config& config) const override {
    return config.security_check.enabled;
  }
  CheckResult run(CheckContext& context) override;
};

}  // namespace jaga::checks
