// The e-mail channel against a real SMTP server on loopback (tests/unit/notify/smtp_test_server.h)
// speaking STARTTLS with OpenSSL: delivery over TLS with the headers and body, no plain-text
// fallback, a wrong password logged without the password, and a certificate from another CA.
#include "notify/smtp_channel.h"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <sstream>
#include <thread>

#include "config/config.h"
#include "notify/notify_service.h"
#include "tests/unit/notify/smtp_test_server.h"
#include "tests/unit/peer/test_pki.h"
#include "tests/unit/temp_dir.h"

namespace jaga::notify {
namespace {

using Catch::Contains;
using std::chrono::milliseconds;
using testing::SmtpTestServer;

constexpr const char* kUser = "jaga-notify";
constexpr const char* kPassword = "kata-sandi-Rahasia-42";

// A CA and a server certificate for 127.0.0.1 in a temporary directory.
struct MailPki {
  testing::TempDir dir;
  testing::TestPki pki{dir.path()};
  MailPki() {
    pki.issue("smtp", "127.0.0.1");
    pki.make_ca("other", "Another CA");
  }
  std::string cert() const { return pki.path("smtp.crt"); }
  std::string key() const { return pki.path("smtp.key"); }
};

SmtpSettings settings(const SmtpTestServer& server, const MailPki& pki,
                      const std::string& password = kPassword) {
  return SmtpSettings{server.url(),
                      "jaga@dukcapil.test",
                      {"apk@dukcapil.test", "kabid@dukcapil.test"},
                      kUser,
                      password,
                      pki.pki.path("ca.crt"),
                      5};
}

Notification crit() {
  Notification n;
  n.kind = "status_change";
  n.check = "replication";
  n.host = "backup-1";
  n.status = Status::kCrit;
  n.previous = Status::kOk;
  n.subject = "[jaga] CRIT: replication on backup-1";
  n.text = "SQL thread stopped\n.a line starting with a dot";
  n.at = TimePoint(std::chrono::seconds(1764205200));
  return n;
}

bool wait_for(const std::function<bool()>& done) {
  for (int i = 0; i < 1000 && !done(); ++i) std::this_thread::sleep_for(milliseconds(10));
  return done();
}

bool any_starts_with(const std::vector<std::string>& lines, const std::string& prefix) {
  for (const std::string& line : lines) {
    if (line.starts_with(prefix)) return true;
  }
  return false;
}

// Sends everything spdlog logs to a string while it lives.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() {
    spdlog::default_logger()->flush();
    return text_.str();
  }

 private:
  std::ostringstream text_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_CASE("an e-mail notification is delivered over STARTTLS with its headers and body",
          "[notify][smtp]") {
  MailPki pki;
  SmtpTestServer server(pki.cert(), pki.key(), kUser, kPassword);
  SmtpChannel channel(settings(server, pki));
  CHECK(channel.name() == "e-mail via " + server.url());
  const Result<void> sent = channel.send(crit());
  INFO((sent ? "" : sent.error().message));
  REQUIRE(sent);
  const auto mails = server.mails();
  REQUIRE(mails.size() == 1);
  const testing::ReceivedMail& mail = mails[0];
  CHECK(mail.tls);
  CHECK(mail.user == kUser);
  CHECK(mail.from == "<jaga@dukcapil.test>");
  CHECK(mail.to == std::vector<std::string>{"<apk@dukcapil.test>", "<kabid@dukcapil.test>"});
  CHECK_THAT(mail.data, Contains("\r\nSubject: [jaga] CRIT: replication on backup-1\r\n"));
  CHECK_THAT(mail.data, Contains("From: jaga@dukcapil.test\r\n"));
  CHECK_THAT(mail.data, Contains("To: apk@dukcapil.test, kabid@dukcapil.test\r\n"));
  CHECK_THAT(mail.data, Contains("Message-ID: <"));
  CHECK_THAT(mail.data, Contains("@dukcapil.test>\r\n"));
  CHECK_THAT(mail.data, Contains("MIME-Version: 1.0\r\n"));
  CHECK_THAT(mail.data, Contains("Content-Type: text/plain; charset=UTF-8\r\n"));
  CHECK(mail.data.starts_with("Date: "));
  CHECK_THAT(mail.data, Contains("\r\n\r\nSQL thread stopped\r\n.a line starting with a dot\r\n"));
  CHECK_THAT(mail.data, Contains("Status: CRIT (was OK)\r\n"));
  // The credentials went only inside TLS: the plain-text part of the talk ends at STARTTLS.
  const auto commands = server.commands();
  CHECK(any_starts_with(commands, "STARTTLS"));
  CHECK(any_starts_with(commands, "AUTH PLAIN"));
}

TEST_CASE("a mail server that does not offer STARTTLS is refused without a plain-text fallback",
          "[notify][smtp]") {
  MailPki pki;
  SmtpTestServer server(pki.cert(), pki.key(), kUser, kPassword, SmtpTestServer::Tls::kNone);
  SmtpChannel channel(settings(server, pki));
  const Result<void> sent = channel.send(crit());
  REQUIRE_FALSE(sent);
  CHECK_THAT(sent.error().message, Contains("mail server " + server.url()));
  CHECK_THAT(sent.error().message, Contains("does not offer STARTTLS"));
  CHECK(server.mails().empty());
  CHECK_FALSE(any_starts_with(server.commands(), "AUTH"));
  CHECK_FALSE(any_starts_with(server.commands(), "MAIL FROM"));
}

TEST_CASE("an smtps URL speaks TLS from the first byte", "[notify][smtp]") {
  MailPki pki;
  SmtpTestServer server(pki.cert(), pki.key(), kUser, kPassword, SmtpTestServer::Tls::kImplicit);
  REQUIRE(server.url().starts_with("smtps://"));
  const Result<void> sent = SmtpChannel(settings(server, pki)).send(crit());
  INFO((sent ? "" : sent.error().message));
  REQUIRE(sent);
  const auto mails = server.mails();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].tls);
  CHECK(mails[0].user == kUser);
  CHECK_FALSE(any_starts_with(server.commands(), "STARTTLS"));
}

TEST_CASE("a mail server with a certificate from another CA is refused", "[notify][smtp]") {
  MailPki pki;
  SmtpTestServer server(pki.cert(), pki.key(), kUser, kPassword);
  SmtpSettings s = settings(server, pki);
  s.ca_file = pki.pki.path("other.crt");
  const Result<void> sent = SmtpChannel(s).send(crit());
  REQUIRE_FALSE(sent);
  CHECK_THAT(sent.error().message, Contains("mail server " + server.url()));
  CHECK(server.mails().empty());
  CHECK_FALSE(any_starts_with(server.commands(), "AUTH"));
}

TEST_CASE("a wrong SMTP password is logged as a failure naming the server and not the password",
          "[notify][smtp]") {
  MailPki pki;
  SmtpTestServer server(pki.cert(), pki.key(), kUser, kPassword);
  const std::string wrong = "salah-Sandi-Wrong-99";
  LogCapture log;
  {
    std::vector<std::unique_ptr<Channel>> channels;
    channels.push_back(std::make_unique<SmtpChannel>(settings(server, pki, wrong)));
    Notifier notifier(std::move(channels), 10, Backoff{milliseconds(10), milliseconds(10), 2});
    notifier.post(crit());
    REQUIRE(wait_for([&] { return notifier.dropped() == 1; }));
    CHECK(notifier.delivered("e-mail via " + server.url()) == 0);
  }
  const std::string text = log.text();
  INFO(text);
  CHECK_THAT(text, Contains("via e-mail via " + server.url() + " failed (attempt 1)"));
  CHECK_THAT(text, Contains("given up after 2 attempts: mail server " + server.url()));
  CHECK(text.find(wrong) == std::string::npos);
  CHECK(server.mails().empty());
}

TEST_CASE("the SMTP password file must be private and is named when it is not", "[notify][smtp]") {
  testing::TempDir dir;
  config::NotifyConfig c;
  c.smtp_url = "smtp://127.0.0.1:2525";
  c.mail_from = "jaga@dukcapil.test";
  c.mail_to = {"apk@dukcapil.test"};
  c.smtp_user = kUser;
  c.smtp_password_file = dir.write("smtp.password", std::string(kPassword) + "\n", 0644);
  auto refused = NotifyService::start(c);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error().message, Contains("notify.smtp_password_file " + c.smtp_password_file +
                                               " may be read by group or others (mode 0644)"));
  CHECK(refused.error().message.find(kPassword) == std::string::npos);
  dir.write("smtp.password", std::string(kPassword) + "\n", 0600);
  auto started = NotifyService::start(c);
  REQUIRE(started);
  CHECK(*started != nullptr);
  c.smtp_password_file.clear();
  c.smtp_password_env = "JAGA_TEST_UNSET_SMTP_PASSWORD";
  auto unset = NotifyService::start(c);
  REQUIRE_FALSE(unset);
  CHECK_THAT(unset.error().message, Contains("(notify.smtp_password_env) is not set"));
}

}  // namespace
}  // namespace jaga::notify
