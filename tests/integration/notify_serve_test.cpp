// `jaga serve` with [notify]: a check going CRIT reaches a real local webhook receiver, once, and
// a real local SMTP server over STARTTLS, once. The servers are a closed port, so the server check
// is CRIT without any database.
#include <httplib.h>
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "config/config.h"
#include "store/evidence_store.h"
#include "tests/integration/sandbox.h"
#include "tests/unit/notify/smtp_test_server.h"
#include "tests/unit/peer/test_pki.h"
#include "workflow/definition.h"
#include "workflow/report_store.h"

namespace jaga::test {
namespace {

// A configuration whose server check is CRIT every second (both servers on a closed port),
// with `notify` appended.
std::string crit_every_second(const TempDir& dir, const std::string& notify) {
  return dir.write("jaga.toml",
                   "[agent]\nhost_name = \"primary-1\"\nevidence_db = \"" + dir.path() +
                       "/evidence.db\"\n"
                       "[servers.primary]\nhost = \"127.0.0.1\"\nport = 1\nuser = \"jaga\"\n"
                       "connect_timeout_seconds = 1\n"
                       "[servers.backup]\nhost = \"127.0.0.1\"\nport = 1\nuser = \"jaga\"\n"
                       "connect_timeout_seconds = 1\n"
                       "[schedule]\ntime_zone = \"+07:00\"\n[[schedule.jobs]]\ncheck = \"server\"\n"
                       "every = \"1s\"\n" +
                       notify,
                   0644);
}

// Finished runs of serve's server job kept in the store of `dir`.
size_t finished_serve_runs(const TempDir& dir) {
  auto store = store::EvidenceStore::open(dir.path() + "/evidence.db");
  if (!store) return 0;
  store::HistoryQuery query;
  query.limit = 100000;
  auto runs = (*store)->runs(query);
  if (!runs) return 0;
  size_t n = 0;
  for (const store::StoredRun& run : *runs) {
    if (run.command == "serve" && run.finished_at) ++n;
  }
  return n;
}

// Waits until serve has finished `more` runs after the `since` it had (at most 60 s): CRIT runs
// that came after the first notification, each a chance to notify again.
void wait_for_more_runs(const TempDir& dir, size_t since, size_t more) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (finished_serve_runs(dir) < since + more && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE(finished_serve_runs(dir) >= since + more);
}

TEST_CASE("serve: a check turning CRIT is posted to the webhook once", "[notify]") {
  httplib::Server receiver;
  std::mutex mutex;
  std::vector<nlohmann::json> posts;
  std::vector<std::string> auth;
  receiver.Post("/hook", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    posts.push_back(nlohmann::json::parse(req.body, nullptr, false));
    auth.push_back(req.get_header_value("Authorization"));
    res.status = 200;
  });
  const int port = receiver.bind_to_any_port("127.0.0.1");
  REQUIRE(port > 0);
  std::thread thread([&] { receiver.listen_after_bind(); });

  TempDir dir;
  const std::string token = dir.write("token", "Rahasia-Webhook-2026\n", 0600);
  const std::string config =
      crit_every_second(dir, "[notify]\nwebhook_url = \"http://127.0.0.1:" + std::to_string(port) +
                                 "/hook\"\nwebhook_token_file = \"" + token + "\"\n");
  const pid_t pid =
      start_jaga({"--config", config, "serve"}, dir.path() + "/out", dir.path() + "/err");
  // Several CRIT runs, one notification.
  for (int i = 0; i < 100; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::lock_guard lock(mutex);
    if (!posts.empty()) break;
  }
  wait_for_more_runs(dir, finished_serve_runs(dir), 3);
  kill(pid, SIGTERM);
  const int code = wait_exit_code(pid);
  receiver.stop();
  thread.join();
  CHECK(code == 0);
  const std::string log = read_file(dir.path() + "/err");
  CHECK(log.find("Rahasia-Webhook-2026") == std::string::npos);
  REQUIRE(posts.size() == 1);
  CHECK(posts[0]["status"] == "CRIT");
  CHECK(posts[0]["check"] == "server");
  CHECK(posts[0]["host"] == "primary-1");
  CHECK(auth[0] == "Bearer Rahasia-Webhook-2026");
}

TEST_CASE("serve: a check turning CRIT is mailed over STARTTLS once", "[notify][smtp]") {
  TempDir dir;
  testing::TestPki pki(dir.path());
  pki.issue("smtp", "127.0.0.1");
  const std::string password = "Rahasia-Surel-2026";
  testing::SmtpTestServer server(pki.path("smtp.crt"), pki.path("smtp.key"), "jaga", password);
  const std::string password_file = dir.write("smtp.password", password + "\n", 0600);
  const std::string config = crit_every_second(
      dir, "[notify]\nsmtp_url = \"" + server.url() +
               "\"\nmail_from = \"jaga@dukcapil.test\"\nmail_to = [\"apk@dukcapil.test\"]\n"
               "smtp_user = \"jaga\"\nsmtp_password_file = \"" +
               password_file + "\"\nsmtp_ca_file = \"" + pki.path("ca.crt") + "\"\n");
  const pid_t pid =
      start_jaga({"--config", config, "serve"}, dir.path() + "/out", dir.path() + "/err");
  for (int i = 0; i < 150 && server.mails().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  wait_for_more_runs(dir, finished_serve_runs(dir), 3);  // more CRIT runs, no more mail
  kill(pid, SIGTERM);
  CHECK(wait_exit_code(pid) == 0);
  const std::string log = read_file(dir.path() + "/err");
  INFO(log);
  CHECK(log.find(password) == std::string::npos);
  const auto mails = server.mails();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].tls);
  CHECK(mails[0].user == "jaga");
  CHECK(mails[0].to == std::vector<std::string>{"<apk@dukcapil.test>"});
  CHECK_THAT(mails[0].data, Catch::Contains("Subject: [jaga] CRIT: server on primary-1\r\n"));
}

TEST_CASE("serve: an SMTP password file others may read stops serve naming the key",
          "[notify][smtp]") {
  TempDir dir;
  const std::string password = "Rahasia-Surel-2026";
  const std::string password_file = dir.write("smtp.password", password + "\n", 0644);
  const std::string config = crit_every_second(
      dir,
      "[notify]\nsmtp_url = \"smtp://127.0.0.1:1\"\nmail_from = \"jaga@dukcapil.test\"\n"
      "mail_to = [\"apk@dukcapil.test\"]\nsmtp_user = \"jaga\"\nsmtp_password_file = \"" +
          password_file + "\"\n");
  const auto r = run_jaga({"--config", config, "serve"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("notify.smtp_password_file " + password_file +
                                    " may be read by group or others (mode 0644); chmod 600 it"));
  CHECK(r.err.find(password) == std::string::npos);
}

}  // namespace
}  // namespace jaga::test

namespace jaga::test {

// SOP-PIAK-07: the official whose step is due gets the e-mail, not every address of
// notify.mail_to; once when the report starts waiting, once more when it is overdue.
TEST_CASE("serve: the official whose SOP step is due is mailed, once, with the desk's link",
          "[notify][smtp][workflow]") {
  TempDir dir;
  testing::TestPki pki(dir.path());
  pki.issue("smtp", "127.0.0.1");
  pki.issue("desk", "127.0.0.1");
  testing::SmtpTestServer server(pki.path("smtp.crt"), pki.path("smtp.key"), "", "");
  const std::string nip = "nip = \"199001012015031001\"\n";
  const std::string base = private_config(dir, nip, nip + "email = \"apk.piak@dukcapil.test\"\n");
  // The desk serves the link; it trusts the test's CA for the signatures it checks.
  const std::string with_ca = replace_all(
      read_file(base), "[pki]\n", "[pki]\ntrusted_cas = [\"" + pki.path("ca.crt") + "\"]\n");
  const std::string config = dir.write(
      "jaga.toml",
      with_ca +
          "\n[schedule]\ntime_zone = \"+07:00\"\n[[schedule.jobs]]\ncheck = \"server\"\n"
          "every = \"1s\"\n"
          "[notify]\nsmtp_url = \"" +
          server.url() +
          "\"\nmail_from = \"jaga@dukcapil.test\"\nmail_to = [\"admin@dukcapil.test\"]\n"
          "smtp_ca_file = \"" +
          pki.path("ca.crt") + "\"\n[desk]\nlisten = \"127.0.0.1:" + std::to_string(free_port()) +
          "\"\ncert = \"" + pki.path("desk.crt") + "\"\nkey = \"" + pki.path("desk.key") +
          "\"\npublic_url = \"https://jaga.dukcapil.test:8443\"\n",
      0644);
  auto loaded = config::load_config(config);
  if (!loaded) FAIL(loaded.error().message);
  auto definition = workflow::load_definition(loaded->workflow.definition);
  if (!definition) FAIL(definition.error().message);
  const auto draft = [&](const std::string& number, TimePoint at) {
    auto store = store::EvidenceStore::open(loaded->agent.evidence_db);
    REQUIRE(store.ok());
    auto registered = workflow::ReportStore(**store).register_draft(
        *definition,
        workflow::DraftInput{number, "daily", "2026-11-01", "2026-11-01",
                             "%PDF-1.4\n% a drafted report\n%%EOF\n", "{}",
                             at - std::chrono::minutes(1)},
        at);
    if (!registered) FAIL(registered.error().message);
  };
  // Drafted eight days ago and never finalized: overdue, whatever the time of the week; it
  // became due before serve started, so only its reminder is sent.
  draft("LAP/H/20261101", std::chrono::system_clock::now() - std::chrono::hours(8 * 24));
  const pid_t pid =
      start_jaga({"--config", config, "serve"}, dir.path() + "/out", dir.path() + "/err");
  const auto wait_mails = [&](size_t n) {
    for (int i = 0; i < 300 && server.mails().size() < n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return server.mails().size() >= n;
  };
  CHECK(wait_mails(1));
  draft("LAP/H/20261206", std::chrono::system_clock::now());  // due now, with the APK
  CHECK(wait_mails(2));
  // Two more rounds of looking at the register (every 10 s): nothing is sent twice.
  std::this_thread::sleep_for(std::chrono::seconds(21));
  kill(pid, SIGTERM);
  CHECK(wait_exit_code(pid) == 0);
  INFO(read_file(dir.path() + "/err"));
  const auto mails = server.mails();
  REQUIRE(mails.size() == 2);
  for (const auto& mail : mails) {
    CHECK(mail.to == std::vector<std::string>{"<apk.piak@dukcapil.test>"});
  }
  CHECK_THAT(mails[0].data,
             Catch::Contains("Subject: Pengingat: Laporan LAP/H/20261101 menunggu finalisasi Anda "
                             "(terlambat") &&
                 Catch::Contains("Yth. Administrator,") && Catch::Contains("Terlambat: "));
  CHECK_THAT(mails[1].data,
             Catch::Contains("Subject: Laporan LAP/H/20261206 menunggu finalisasi Anda\r\n") &&
                 Catch::Contains("Laporan LAP/H/20261206 versi 1 menunggu langkah Anda: "
                                 "Finalisasi laporan.") &&
                 Catch::Contains("Standar SOP-PIAK-07: 15 menit jam kerja") &&
                 Catch::Contains("WIB") &&
                 Catch::Contains("Buka laporan: "
                                 "https://jaga.dukcapil.test:8443/laporan/LAP%2FH%2F20261206"));
  CHECK_THAT(mails[1].data, !Catch::Contains("Terlambat"));
}

}  // namespace jaga::test
