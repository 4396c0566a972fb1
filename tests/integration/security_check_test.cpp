// The security check against the real sandbox: accounts and grants are changed on one server
// only (sql_log_bin = 0) and removed again.
#include "checks/security_check.h"

#include <catch2/catch.hpp>

#include "store/evidence_store.h"
#include "tests/integration/sandbox.h"

namespace jaga::test {
namespace {

using db::Role;

// Creates `sql` on one server without replicating it, and drops `account` again on scope exit.
class LocalAccount {
 public:
  LocalAccount(Role role, const std::string& account, const std::string& create)
      : connection_(Sandbox::get().admin(role)), account_(account) {
    admin_sql(*connection_, "SET SESSION sql_log_bin = 0");
    admin_sql(*connection_, "DROP USER IF EXISTS " + account_);
    admin_sql(*connection_, create);
  }
  ~LocalAccount() { (void)connection_->execute("DROP USER IF EXISTS " + account_); }
  db::Connection& connection() { return *connection_; }

 private:
  std::unique_ptr<db::Connection> connection_;
  std::string account_;
};

// Runs the security check with a real evidence store for its grant baseline.
checks::CheckResult run_with_store(const config::Config& config, store::EvidenceStore& store) {
  db::Servers servers(config.primary, config.backup);
  SystemClock clock;
  store::StoreCheckpoints checkpoints(store, clock);
  SystemEnv env;
  checks::CheckContext context{config, servers, clock, &checkpoints, false, env};
  checks::SecurityCheck check;
  return check.run(context);
}

}  // namespace

TEST_CASE("security check is OK on the sandbox", "[security]") {
  const auto result =
      run_check(*std::make_unique<checks::SecurityCheck>(), Sandbox::get().config());
  INFO(result.summary);
  CHECK(result.status == Status::kOk);
}

TEST_CASE("an account without a password on the backup is CRIT naming it", "[security]") {
  LocalAccount account(Role::kBackup, "'clerk'@'localhost'", "CREATE USER 'clerk'@'localhost'");
  checks::SecurityCheck check;
  const auto result = run_check(check, Sandbox::get().config());
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK_THAT(result.summary, Catch::Contains("backup (127.0.0.1:"));
  CHECK_THAT(result.summary, Catch::Contains("account without a password: clerk@localhost"));
  CHECK_THAT(result.summary, !Catch::Contains("primary"));
}

TEST_CASE("remote root and wildcard hosts are WARN", "[security]") {
  LocalAccount account(Role::kPrimary, "'root'@'10.0.%'",
                       "CREATE USER 'root'@'10.0.%' IDENTIFIED BY 'a-long-password-here'");
  checks::SecurityCheck check;
  auto result = run_check(check, Sandbox::get().config());
  INFO(result.summary);
  CHECK(result.status == Status::kWarn);
  CHECK_THAT(result.summary, Catch::Contains("root can log in from other hosts: root@10.0.%"));
  CHECK_THAT(result.summary, Catch::Contains("wildcard host"));

  config::Config config = Sandbox::get().config();
  config.security_check.allowed_wildcard_accounts = {"root@10.0.%"};
  result = run_check(check, config);
  CHECK_THAT(result.summary, !Catch::Contains("wildcard host"));
  CHECK(result.status == Status::kWarn);  // remote root stays a finding
}

TEST_CASE("a grant change since the last run is WARN naming the account", "[security]") {
  TempDir dir;
  auto store = store::EvidenceStore::open(dir.path() + "/evidence.db");
  REQUIRE(store);
  const config::Config config = Sandbox::get().config();
  auto first = run_with_store(config, **store);
  INFO(first.summary);
  REQUIRE(first.status == Status::kOk);  // the baseline

  LocalAccount account(Role::kPrimary, "'auditor'@'localhost'",
                       "CREATE USER 'auditor'@'localhost' IDENTIFIED BY 'another-long-password'");
  auto second = run_with_store(config, **store);
  INFO(second.summary);
  CHECK(second.status == Status::kWarn);
  CHECK_THAT(second.summary, Catch::Contains("grants changed since the last run: added "
                                             "[auditor@localhost]"));

  admin_sql(account.connection(), "GRANT SELECT ON siak.* TO 'auditor'@'localhost'");
  auto third = run_with_store(config, **store);
  INFO(third.summary);
  CHECK_THAT(third.summary, Catch::Contains("changed [auditor@localhost]"));

  auto fourth = run_with_store(config, **store);
  INFO(fourth.summary);
  CHECK(fourth.status == Status::kOk);  // reported once, then the new baseline
}

TEST_CASE("without the grants on mysql tables the security check is UNKNOWN naming them",
          "[security]") {
  config::Config config = Sandbox::get().config();
  LocalAccount account(Role::kPrimary, "'weak'@'127.0.0.1'",
                       "CREATE USER 'weak'@'127.0.0.1' IDENTIFIED BY 'weak-but-long-password'");
  config.primary.user = "weak";
  config.primary.password = "weak-but-long-password";
  checks::SecurityCheck check;
  const auto result = run_check(check, config);
  INFO(result.summary);
  CHECK(result.status == Status::kUnknown);
  CHECK_THAT(result.summary, Catch::Contains("SELECT command denied"));
  CHECK_THAT(result.summary, Catch::Contains("needs SELECT on mysql.global_priv"));
  CHECK_THAT(result.summary, !Catch::Contains("weak-but-long-password"));
}

}  // namespace jaga::test
