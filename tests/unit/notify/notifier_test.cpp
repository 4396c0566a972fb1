// Notifications through a real local HTTP server: delivered as JSON, a failing endpoint is
// retried with backoff until it recovers, post() never blocks, and status changes are picked.
#include "notify/notifier.h"

#include <httplib.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "notify/webhook_channel.h"

namespace jaga::notify {
namespace {

using std::chrono::milliseconds;

// A webhook receiver that answers 503 for the first `failures` requests.
struct Receiver {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::atomic<int> failures{0};
  std::atomic<int> requests{0};
  std::mutex mutex;
  std::vector<std::string> bodies;
  std::vector<std::string> auth;

  Receiver() {
    server.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      ++requests;
      if (failures > 0) {
        --failures;
        res.status = 503;
        return;
      }
      std::lock_guard lock(mutex);
      bodies.push_back(req.body);
      auth.push_back(req.get_header_value("Authorization"));
      res.status = 204;
    });
    port = server.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(milliseconds(1));
  }
  ~Receiver() {
    server.stop();
    thread.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port) + "/hook"; }
  size_t received() {
    std::lock_guard lock(mutex);
    return bodies.size();
  }
};

bool wait_for(const std::function<bool()>& done) {
  for (int i = 0; i < 500 && !done(); ++i) std::this_thread::sleep_for(milliseconds(10));
  return done();
}

Notification crit() {
  Notification n;
  n.kind = "status_change";
  n.check = "replication";
  n.host = "backup-1";
  n.status = Status::kCrit;
  n.previous = Status::kOk;
  n.subject = "[jaga] CRIT: replication on backup-1";
  n.text = "SQL thread stopped";
  n.at = TimePoint(std::chrono::seconds(1764205200));
  return n;
}

TEST_CASE("a webhook receives the notification as JSON with the bearer token", "[notify]") {
  Receiver r;
  std::vector<std::unique_ptr<Channel>> channels;
  channels.push_back(std::make_unique<WebhookChannel>(r.url(), "s3cret-token"));
  Notifier notifier(std::move(channels));
  notifier.post(crit());
  REQUIRE(wait_for([&] { return r.received() == 1; }));
  const auto j = nlohmann::json::parse(r.bodies[0]);
  CHECK(j["status"] == "CRIT");
  CHECK(j["previous"] == "OK");
  CHECK(j["check"] == "replication");
  CHECK(j["at"] == "2025-11-27T01:00:00.000Z");
  CHECK(r.auth[0] == "Bearer s3cret-token");
}

TEST_CASE("a failing webhook is retried with backoff until it recovers", "[notify]") {
  Receiver r;
  r.failures = 3;
  std::vector<std::unique_ptr<Channel>> channels;
  channels.push_back(std::make_unique<WebhookChannel>(r.url(), ""));
  Notifier notifier(std::move(channels), 10, Backoff{milliseconds(20), milliseconds(100), 10});
  const auto start = std::chrono::steady_clock::now();
  notifier.post(crit());
  CHECK(std::chrono::steady_clock::now() - start < milliseconds(50));  // never blocks
  REQUIRE(wait_for([&] { return r.received() == 1; }));
  CHECK(r.requests == 4);
  // The receiver keeps the body before it answers; the notifier counts the delivery only once
  // the answer is back, so wait for that too rather than race it.
  CHECK(wait_for([&] { return notifier.delivered("webhook " + r.url()) == 1; }));
  CHECK(notifier.dropped() == 0);
}

TEST_CASE("an unreachable webhook is given up after its attempts, never blocking", "[notify]") {
  std::vector<std::unique_ptr<Channel>> channels;
  channels.push_back(std::make_unique<WebhookChannel>("http://127.0.0.1:1/hook", "", 2));
  Notifier notifier(std::move(channels), 2, Backoff{milliseconds(10), milliseconds(10), 2});
  for (int i = 0; i < 5; ++i) notifier.post(crit());  // a bounded queue drops the oldest
  REQUIRE(wait_for([&] { return notifier.dropped() == 5; }));
}

TEST_CASE("notifications go out on a change to CRIT and on the way back to OK", "[notify]") {
  StatusChanges changes;
  const TimePoint t{};
  CHECK_FALSE(changes.observe("replication", "h", Status::kOk, "fine", t));
  CHECK_FALSE(changes.observe("replication", "h", Status::kWarn, "lag", t));
  auto down = changes.observe("replication", "h", Status::kCrit, "stopped", t);
  REQUIRE(down);
  CHECK(down->subject == "[jaga] CRIT: replication on h");
  CHECK(down->previous == Status::kWarn);
  CHECK_FALSE(changes.observe("replication", "h", Status::kCrit, "stopped", t));
  CHECK_FALSE(changes.observe("replication", "h", Status::kWarn, "lag", t));
  auto up = changes.observe("replication", "h", Status::kOk, "fine", t);
  REQUIRE(up);
  CHECK(up->subject == "[jaga] OK again: replication on h");
  CHECK_FALSE(changes.observe("replication", "h", Status::kOk, "fine", t));
  CHECK_FALSE(changes.observe("server", "h", Status::kOk, "fine", t));
}

}  // namespace
}  // namespace jaga::notify
