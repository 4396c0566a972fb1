// The metrics listener on loopback against clients that hold connections open, trickle a request
// a byte at a time, or send a body nobody asked for: a scrape still answers within a second and
// the body is not kept.
#include "metrics/metrics_server.h"

#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "tests/unit/net/hostile_clients.h"
#include "tests/unit/temp_dir.h"

namespace jaga::metrics {
namespace {

using namespace std::chrono_literals;
using testing::HostileClients;

struct Running {
  testing::TempDir dir;
  std::unique_ptr<store::EvidenceStore> store;  // outlives the server
  std::unique_ptr<MetricsServer> server;

  Running() {
    config::Config config;
    config.agent.evidence_db = dir.file("evidence.db");
    config.metrics.listen_host = "127.0.0.1";
    auto opened = store::EvidenceStore::open(config.agent.evidence_db);
    if (!opened) FAIL(opened.error().message);
    store = std::move(*opened);
    auto started = MetricsServer::start(config, *store);
    if (!started) FAIL(started.error().message);
    server = std::move(*started);
  }

  // GET /metrics from 127.0.0.1, given up after 3 s: the HTTP status (0: none) and the seconds
  // it took.
  std::pair<int, double> scrape() const {
    httplib::Client client("127.0.0.1", server->port());
    client.set_connection_timeout(3s);
    client.set_read_timeout(3s);
    const auto start = std::chrono::steady_clock::now();
    auto res = client.Get("/metrics");
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return {res ? res->status : 0, took};
  }
};

void require_scrapes_answer(const Running& r) {
  for (int i = 0; i < 4; ++i) {
    const auto [status, took] = r.scrape();
    INFO("scrape " << i << ": HTTP " << status << " after " << took << " s");
    CHECK(status == 200);
    CHECK(took < 1.0);
    std::this_thread::sleep_for(200ms);  // the scenario: scrapes spread over the clients' hold
  }
}

TEST_CASE("one idle connection does not delay a scrape", "[metrics][listener]") {
  Running r;
  HostileClients hostile(r.server->port());
  hostile.idle(1);
  REQUIRE(hostile.hold() == 1);
  require_scrapes_answer(r);
}

TEST_CASE("200 idle and 50 trickling connections held open: scrapes answer within 1 s",
          "[metrics][listener]") {
  Running r;
  HostileClients hostile(r.server->port());
  hostile.idle(200);
  hostile.trickle(50, "GET /metrics HTTP/1.1\r\nHost: x\r\n", 1000ms);
  REQUIRE(hostile.hold() == 250);
  require_scrapes_answer(r);
}

TEST_CASE("a GET with a 100 MB body is refused without being kept", "[metrics][listener]") {
  Running r;
  const int fd = testing::start_connect("127.0.0.1", r.server->port());
  REQUIRE(fd >= 0);
  const long before = testing::resident_bytes();
  const testing::BodyFlood flood = testing::flood_body(
      fd, "GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n",
      [fd](const char* p, size_t n) { return send(fd, p, n, MSG_NOSIGNAL); },
      [fd](char* p, size_t n) { return recv(fd, p, n, 0); });
  const long grew = testing::resident_bytes() - before;
  close(fd);
  INFO("sent " << flood.sent << " body bytes; RSS grew by " << grew
               << " bytes; answer: " << flood.answer.substr(0, 40));
  CHECK(flood.answer.rfind("HTTP/1.1 400", 0) == 0);
  CHECK(grew < (8 << 20));
}

}  // namespace
}  // namespace jaga::metrics
