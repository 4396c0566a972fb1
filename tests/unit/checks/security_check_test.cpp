// The security check's judgement of account rows, without a server.
#include "checks/security_check.h"

#include <catch2/catch.hpp>

namespace jaga::checks {
namespace {

Account parse(const std::string& user, const std::string& host, const std::string& priv) {
  auto a = account_from_priv(user, host, priv);
  REQUIRE(a);
  return *a;
}

}  // namespace

TEST_CASE("an empty native password is no password, a hash or unix_socket is one", "[security]") {
  CHECK(parse("root", "localhost", R"({"access": 1})").no_password);
  CHECK(parse("a", "h", R"({"plugin":"mysql_native_password","authentication_string":""})")
            .no_password);
  CHECK_FALSE(parse("a", "h", R"({"plugin":"mysql_native_password","authentication_string":"*AB"})")
                  .no_password);
  CHECK_FALSE(
      parse("a", "h", R"({"plugin":"unix_socket","authentication_string":""})").no_password);
  CHECK_FALSE(parse("root", "localhost",
                    R"({"plugin":"mysql_native_password","authentication_string":"invalid",
                        "auth_or":[{},{"plugin":"unix_socket"}]})")
                  .no_password);
  CHECK(parse("x", "h",
              R"({"plugin":"unix_socket","auth_or":[{"plugin":"unix_socket"},
                  {"plugin":"mysql_native_password","authentication_string":""}]})")
            .no_password);
}

TEST_CASE("the privileges text never holds the password hash", "[security]") {
  const Account a =
      parse("jaga", "%",
            R"({"access":5,"plugin":"mysql_native_password","authentication_string":"*SECRETHASH",
          "password_last_changed":1795738464})");
  CHECK_THAT(a.privileges, !Catch::Contains("SECRETHASH"));
  CHECK_THAT(a.privileges, !Catch::Contains("1795738464"));
  CHECK_THAT(a.privileges, Catch::Contains("\"access\":5"));
}

TEST_CASE("a privileges document that is not a JSON object is an error naming the account",
          "[security]") {
  for (const char* broken : {"", "[1]", "{\"access\":", "null"}) {
    auto a = account_from_priv("jaga", "localhost", broken);
    REQUIRE_FALSE(a);
    CHECK(a.error().message == "the privileges of account jaga@localhost are not a JSON object");
  }
}

TEST_CASE("accounts are judged: anonymous and passwordless CRIT, remote root and wildcard WARN",
          "[security]") {
  config::SecurityCheckConfig config;
  std::vector<Account> accounts = {
      parse("", "localhost", R"({"plugin":"mysql_native_password","authentication_string":"*A"})"),
      parse("app", "10.1.%", R"({"plugin":"mysql_native_password","authentication_string":"*A"})"),
      parse("root", "%", R"({"plugin":"mysql_native_password","authentication_string":"*A"})"),
      parse("old", "localhost", R"({"access":0})"),
      parse("gone", "localhost", R"({"access":0,"account_locked":true})"),
      parse("r_admin", "", R"({"access":0,"is_role":true})"),
  };
  CheckResult r;
  judge_accounts(r, "primary", "primary", accounts, config);
  CHECK(r.status == Status::kCrit);
  REQUIRE(r.findings.size() == 4);
  CHECK(r.findings[0].message == "primary: anonymous account (anyone can log in): ''@localhost");
  CHECK(r.findings[1].message == "primary: account without a password: old@localhost");
  CHECK(r.findings[2].message == "primary: root can log in from other hosts: root@%");
  CHECK_THAT(r.findings[3].message, Catch::EndsWith("app@10.1.%, root@%"));

  config.ignore_accounts = {"old@localhost", "@localhost"};
  config.allowed_wildcard_accounts = {"app@10.1.%"};
  CheckResult quieter;
  judge_accounts(quieter, "primary", "primary", accounts, config);
  CHECK(quieter.status == Status::kWarn);
  REQUIRE(quieter.findings.size() == 2);
  CHECK_THAT(quieter.findings[1].message, Catch::EndsWith(": root@%"));
}

TEST_CASE("grant changes name added, removed and changed accounts", "[security]") {
  const auto changes = compare_grants({{"a@h", "1"}, {"b@h", "2"}, {"c@h", "3"}},
                                      {{"a@h", "1"}, {"b@h", "22"}, {"d@h", "4"}});
  CHECK(changes.added == std::vector<std::string>{"d@h"});
  CHECK(changes.removed == std::vector<std::string>{"c@h"});
  CHECK(changes.changed == std::vector<std::string>{"b@h"});
  CHECK(compare_grants({{"a@h", "1"}}, {{"a@h", "1"}}).empty());
}

TEST_CASE("loopback hosts", "[security][config]") {
  CHECK(config::is_loopback_host("localhost"));
  CHECK(config::is_loopback_host("127.0.0.1"));
  CHECK(config::is_loopback_host("::1"));
  CHECK_FALSE(config::is_loopback_host("10.0.0.2"));
  CHECK_FALSE(config::is_loopback_host("db-cadangan.example"));
}

}  // namespace jaga::checks
