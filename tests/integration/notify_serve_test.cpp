// `jaga serve` with [notify]: a check going CRIT reaches a real local webhook receiver, once.
// The servers are a closed port, so the server check is CRIT without any database.
#include <httplib.h>
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/integration/sandbox.h"

namespace jaga::test {
namespace {

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
      dir.write("jaga.toml",
                "[agent]\nhost_name = \"primary-1\"\nevidence_db = \"" + dir.path() +
                    "/evidence.db\"\n"
                    "[servers.primary]\nhost = \"127.0.0.1\"\nport = 1\nuser = \"jaga\"\n"
                    "connect_timeout_seconds = 1\n"
                    "[servers.backup]\nhost = \"127.0.0.1\"\nport = 1\nuser = \"jaga\"\n"
                    "connect_timeout_seconds = 1\n"
                    "[schedule]\ntime_zone = \"+07:00\"\n[[schedule.jobs]]\ncheck = \"server\"\n"
                    "every = \"1s\"\n"
                    "[notify]\nwebhook_url = \"http://127.0.0.1:" +
                    std::to_string(port) + "/hook\"\nwebhook_token_file = \"" + token + "\"\n",
                0644);
  const pid_t pid =
      start_jaga({"--config", config, "serve"}, dir.path() + "/out", dir.path() + "/err");
  // Several CRIT runs, one notification.
  for (int i = 0; i < 100; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::lock_guard lock(mutex);
    if (!posts.empty()) break;
  }
  std::this_thread::sleep_for(std::chrono::seconds(3));
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

}  // namespace
}  // namespace jaga::test
