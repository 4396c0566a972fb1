// [notify]'s e-mail settings: good input, and each broken input with the key its error names.
#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "config/config.h"

namespace jaga::config {
namespace {

using Catch::Contains;

constexpr const char* kPath = "/etc/jaga/jaga.toml";
const std::string kServers =
    "[servers.primary]\nhost = \"127.0.0.1\"\nuser = \"jaga\"\n"
    "[servers.backup]\nhost = \"10.0.0.2\"\nuser = \"jaga\"\n";
const std::string kMail =
    "[notify]\nsmtp_url = \"smtp://mail.example.go.id:587\"\n"
    "mail_from = \"jaga@example.go.id\"\nmail_to = [\"apk@example.go.id\", "
    "\"kabid@example.go.id\"]\n";

std::string error(const std::string& text) {
  auto config = parse_config(kServers + text, kPath);
  INFO(text);
  REQUIRE_FALSE(config);
  return config.error().message;
}

TEST_CASE("notify takes a mail server and sender and recipients and where the password is",
          "[config][notify]") {
  auto c = parse_config(kServers + kMail +
                            "smtp_user = \"jaga\"\nsmtp_password_file = "
                            "\"/etc/jaga/smtp.password\"\nsmtp_ca_file = \"/etc/jaga/ca.crt\"\n",
                        kPath);
  if (!c) FAIL(c.error().message);
  CHECK(c->notify.smtp_url == "smtp://mail.example.go.id:587");
  CHECK(c->notify.mail_from == "jaga@example.go.id");
  CHECK(c->notify.mail_to == std::vector<std::string>{"apk@example.go.id", "kabid@example.go.id"});
  CHECK(c->notify.smtp_user == "jaga");
  CHECK(c->notify.smtp_password_file == "/etc/jaga/smtp.password");
  CHECK(c->notify.smtp_ca_file == "/etc/jaga/ca.crt");
  CHECK(c->notify.webhook_url.empty());
  auto both = parse_config(kServers + kMail +
                               "webhook_url = \"https://hooks.example/jaga\"\n"
                               "smtp_password_env = \"JAGA_SMTP_PASSWORD\"\n"
                               "smtp_user = \"jaga\"\n",
                           kPath);
  if (!both) FAIL(both.error().message);
  CHECK(both->notify.smtp_password_env == "JAGA_SMTP_PASSWORD");
  CHECK(both->notify.webhook_url == "https://hooks.example/jaga");
}

TEST_CASE("broken notify mail settings name the key", "[config][notify]") {
  CHECK_THAT(error("[notify]\nsmtp_url = \"smtp://m:587\"\nmail_from = \"jaga@x.id\"\n"),
             Contains("/etc/jaga/jaga.toml:7:1: missing required key 'notify.mail_to'"));
  CHECK_THAT(error("[notify]\nsmtp_url = \"smtp://m:587\"\nmail_to = [\"a@x.id\"]\n"),
             Contains("missing required key 'notify.mail_from'"));
  CHECK_THAT(error("[notify]\nsmtp_url = \"http://m:587\"\nmail_from = \"jaga@x.id\"\n"
                   "mail_to = [\"a@x.id\"]\n"),
             Contains("'notify.smtp_url': must start with smtp:// (STARTTLS) or smtps:// (TLS), "
                      "got \"http://m:587\""));
  CHECK_THAT(error("[notify]\nsmtp_url = \"smtp://m\"\nmail_from = \"jaga@x.id\"\n"
                   "mail_to = \"a@x.id\"\n"),
             Contains("'notify.mail_to' must be an array of strings, got a string"));
  CHECK_THAT(error("[notify]\nsmtp_url = \"smtp://m\"\nmail_from = \"jaga@x.id\"\n"
                   "mail_to = [\"a@x.id\", \"Kabid <k@x.id>\"]\n"),
             Contains("'notify.mail_to': \"Kabid <k@x.id>\" is not an e-mail address"));
  CHECK_THAT(error("[notify]\nsmtp_url = \"smtp://m\"\nmail_from = \"jaga\"\n"
                   "mail_to = [\"a@x.id\"]\n"),
             Contains("'notify.mail_from': \"jaga\" is not an e-mail address"));
  CHECK_THAT(error(kMail + "smtp_user = \"jaga\"\n"),
             Contains("'notify.smtp_user' needs 'notify.smtp_password_file' or "
                      "'notify.smtp_password_env'"));
  CHECK_THAT(error(kMail + "smtp_password_file = \"/etc/jaga/p\"\n"),
             Contains("'notify.smtp_user' is needed with a password"));
  CHECK_THAT(error(kMail + "smtp_user = \"u\"\nsmtp_password_file = \"/p\"\n"
                           "smtp_password_env = \"P\"\n"),
             Contains("give at most one of 'notify.smtp_password_file' and "
                      "'notify.smtp_password_env'"));
  // The password itself written where the variable's name belongs is not repeated.
  const std::string leaked =
      error(kMail + "smtp_user = \"u\"\nsmtp_password_env = \"s3cret!pw\"\n");
  CHECK_THAT(leaked, Contains("'notify.smtp_password_env' must be the name of an environment"));
  CHECK(leaked.find("s3cret!pw") == std::string::npos);
  CHECK_THAT(error("[notify]\nsmtp_password = \"s3cret\"\nsmtp_url = \"smtp://m\"\n"
                   "mail_from = \"jaga@x.id\"\nmail_to = [\"a@x.id\"]\n"),
             Contains("unknown key 'notify.smtp_password'"));
  CHECK_THAT(error("[notify]\nmail_to = [\"a@x.id\"]\nwebhook_url = \"https://h/\"\n"),
             Contains("the e-mail settings of [notify] need 'notify.smtp_url'"));
}

TEST_CASE("the example configuration's notify block loads once uncommented", "[config][notify]") {
  std::ifstream in(std::string(JAGA_SOURCE_DIR) + "/config/jaga.example.toml");
  REQUIRE(in);
  std::string block;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    inside = inside || line == "# [notify]";
    if (inside && line.empty()) break;  // the block ends at the first blank line
    if (inside && line.starts_with("# ")) block += line.substr(2) + "\n";
  }
  REQUIRE_FALSE(block.empty());
  auto c = parse_config(kServers + block, kPath);
  if (!c) FAIL(c.error().message);
  CHECK(c->notify.smtp_url == "smtp://mail.dukcapil.local:587");
  CHECK(c->notify.mail_to.size() == 2);
  CHECK(c->notify.smtp_password_file == "/etc/jaga/smtp.password");
  CHECK_FALSE(c->notify.webhook_url.empty());
}

}  // namespace
}  // namespace jaga::config
