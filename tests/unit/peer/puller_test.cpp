// The coordinator's pull against a real agent server on loopback: batches, idempotence,
// resuming, catching up after the peer returns, and the `peer` result while it is away.
#include "peer/puller.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "peer/peer_server.h"
#include "store/peer_store.h"
#include "tests/unit/peer/peer_fixture.h"

namespace jaga::peer {
namespace {

using testing::PeerFixture;

class FakeClock final : public Clock {
 public:
  TimePoint now() const override { return now_; }
  void advance(std::chrono::seconds s) { now_ += s; }

 private:
  TimePoint now_ = std::chrono::sys_days(std::chrono::year(2026) / 11 / 27);
};

struct Coordinator {
  config::Config config;
  std::unique_ptr<store::EvidenceStore> store;  // the coordinator's, for its Puller

  Coordinator(const PeerFixture& f, int port) {
    config.agent.host_name = "primary-1";
    config.agent.evidence_db = f.dir.file("primary.db");
    store = PeerFixture::open_store(config.agent.evidence_db);
    config.peer = f.coordinator_peer(port);
    config.peer.pull_batch = 1000;
    config.peer.unreachable_warn_after_seconds = 60;
    config.peer.unreachable_crit_after_seconds = 600;
  }

  int64_t pulled() const {
    auto store = store::EvidenceStore::open(config.agent.evidence_db);
    REQUIRE(store.ok());
    auto n = store::count_pulled(**store, "backup");
    REQUIRE(n.ok());
    return *n;
  }

  std::vector<store::StoredResult> peer_results() const {
    auto store = store::EvidenceStore::open(config.agent.evidence_db);
    REQUIRE(store.ok());
    store::HistoryQuery q;
    q.check = "peer";
    auto rows = (*store)->results(q);
    REQUIRE(rows.ok());
    return *rows;  // newest first
  }
};

std::unique_ptr<PeerServer> serve(const PeerFixture& f, int port = 0) {
  config::PeerConfig agent = f.agent_peer();
  agent.listen_port = port;
  auto server = PeerServer::start(agent, f.backup_store(), "backup-1");
  if (!server) FAIL(server.error().message);
  return std::move(*server);
}

TEST_CASE("a pull copies every result once, in batches, and a second pull adds nothing", "[peer]") {
  PeerFixture f;
  PeerFixture::fill_store(f.dir.file("backup.db"), 2500);
  auto server = serve(f);
  Coordinator c(f, server->port());
  FakeClock clock;
  auto puller = Puller::create(c.config, *c.store, clock);
  if (!puller) FAIL(puller.error().message);
  PullOutcome first = (*puller)->pull(c.config.peer.peers[0]);
  CHECK(first.error == "");
  CHECK(first.reached);
  CHECK(first.pulled == 2500);
  CHECK(c.pulled() == 2500);
  CHECK(server->requests_handled() == 3);  // 1000 + 1000 + 500

  PullOutcome second = (*puller)->pull(c.config.peer.peers[0]);
  CHECK(second.pulled == 0);
  CHECK(c.pulled() == 2500);

  PeerFixture::fill_store(f.dir.file("backup.db"), 10);
  CHECK((*puller)->pull(c.config.peer.peers[0]).pulled == 10);
  CHECK(c.pulled() == 2510);

  auto store = store::EvidenceStore::open(c.config.agent.evidence_db);
  REQUIRE(store.ok());
  auto cursor = store::load_peer_cursor(**store, "backup");
  REQUIRE(cursor.ok());
  CHECK(cursor->after_id == 2510);
  store::HistoryQuery q;
  q.check = "server";
  q.limit = 1;
  auto newest = (*store)->results(q);
  REQUIRE(newest.ok());
  REQUIRE(newest->size() == 1);
  CHECK(newest->front().host == "backup-1");
  CHECK(newest->front().personal.empty());
  CHECK_FALSE(newest->front().personal_sealed);
}

TEST_CASE("a page kept twice is kept once", "[peer]") {
  PeerFixture f;
  auto store = store::EvidenceStore::open(f.dir.file("primary.db"));
  REQUIRE(store.ok());
  store::StoredResult r;
  r.id = 7;
  r.check = "server";
  r.host = "backup-1";
  r.started_at = r.finished_at = "2026-11-27T01:00:00.000Z";
  r.findings = r.metrics = nlohmann::json::array();
  const auto now = std::chrono::system_clock::now();
  REQUIRE(store::keep_pulled(**store, "backup", {r}, 7, now).ok());
  REQUIRE(store::keep_pulled(**store, "backup", {r}, 7, now).ok());
  CHECK(*store::count_pulled(**store, "backup") == 1);
  // The same id from another peer is another result.
  REQUIRE(store::keep_pulled(**store, "other", {r}, 7, now).ok());
  CHECK(*store::count_pulled(**store, "other") == 1);
  // A cursor never moves back.
  REQUIRE(store::keep_pulled(**store, "backup", {}, 3, now).ok());
  CHECK(store::load_peer_cursor(**store, "backup")->after_id == 7);
}

TEST_CASE("an unreachable peer is WARN, then CRIT, and OK again when the pull catches up",
          "[peer]") {
  PeerFixture f;
  PeerFixture::fill_store(f.dir.file("backup.db"), 1200);
  // A port that is free now and where nothing listens until the server starts on it.
  int port = 0;
  {
    auto probe = serve(f);
    port = probe->port();
  }
  Coordinator c(f, port);
  FakeClock clock;
  auto puller = Puller::create(c.config, *c.store, clock);
  if (!puller) FAIL(puller.error().message);
  const config::PeerEntry& peer = c.config.peer.peers[0];

  PullOutcome down = (*puller)->pull(peer);
  CHECK_FALSE(down.reached);
  CHECK_THAT(down.error, Catch::Contains("cannot connect"));
  CHECK(down.status == Status::kOk);  // not yet unreachable_warn_after_seconds
  CHECK(c.peer_results().empty());

  clock.advance(std::chrono::seconds(61));
  CHECK((*puller)->pull(peer).status == Status::kWarn);
  clock.advance(std::chrono::seconds(60));
  CHECK((*puller)->pull(peer).status == Status::kWarn);  // unchanged: not recorded again
  REQUIRE(c.peer_results().size() == 1);
  CHECK(c.peer_results()[0].status == Status::kWarn);
  CHECK(c.peer_results()[0].host == "backup");
  CHECK_THAT(c.peer_results()[0].summary, Catch::Contains("peer backup unreachable for 1 min 1 s"));

  clock.advance(std::chrono::seconds(600));
  CHECK((*puller)->pull(peer).status == Status::kCrit);
  REQUIRE(c.peer_results().size() == 2);
  CHECK(c.peer_results()[0].status == Status::kCrit);
  CHECK(c.pulled() == 0);

  auto server = serve(f, port);
  PullOutcome back = (*puller)->pull(peer);
  CHECK(back.reached);
  CHECK(back.status == Status::kOk);
  CHECK(back.pulled == 1200);
  CHECK(c.pulled() == 1200);
  REQUIRE(c.peer_results().size() == 3);
  CHECK(c.peer_results()[0].status == Status::kOk);
  CHECK_THAT(c.peer_results()[0].summary, Catch::Contains("reachable again"));
}

TEST_CASE("the pull tells its observer what it kept and the peer's status changes",
          "[peer][notify]") {
  PeerFixture f;
  PeerFixture::fill_store(f.dir.file("backup.db"), 1500);
  int port = 0;
  {
    auto probe = serve(f);
    port = probe->port();
  }
  Coordinator c(f, port);
  c.config.peer.unreachable_crit_after_seconds = 60;
  FakeClock clock;
  std::vector<std::pair<std::string, CheckResult>> seen;
  auto puller =
      Puller::create(c.config, *c.store, clock, [&](const std::string& host, const auto& results) {
        for (const CheckResult& r : results) seen.emplace_back(host, r);
      });
  if (!puller) FAIL(puller.error().message);
  const config::PeerEntry& peer = c.config.peer.peers[0];

  clock.advance(std::chrono::seconds(61));
  CHECK((*puller)->pull(peer).status == Status::kCrit);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].first == "backup");
  CHECK(seen[0].second.check == "peer");
  CHECK(seen[0].second.status == Status::kCrit);

  auto server = serve(f, port);
  CHECK((*puller)->pull(peer).pulled == 1500);
  REQUIRE(seen.size() == 1 + 1500 + 1);  // every pulled result, then the peer OK again
  CHECK(seen[1].first == "backup");
  CHECK(seen[1].second.check == "server");
  CHECK(seen[1].second.status == Status::kWarn);  // result 0 of fill_store
  CHECK(seen[1].second.summary == "result 0");
  CHECK(seen[2].second.status == Status::kOk);
  CHECK(seen.back().second.check == "peer");
  CHECK(seen.back().second.status == Status::kOk);
  CHECK((*puller)->pull(peer).pulled == 0);
  CHECK(seen.size() == 1502);  // nothing new, nothing told twice
}

TEST_CASE("a pull of 10000 results on loopback takes under a second", "[peer][bench]") {
  PeerFixture f;
  PeerFixture::fill_store(f.dir.file("backup.db"), 10000);
  auto server = serve(f);
  Coordinator c(f, server->port());
  FakeClock clock;
  auto puller = Puller::create(c.config, *c.store, clock);
  if (!puller) FAIL(puller.error().message);
  const auto start = std::chrono::steady_clock::now();
  PullOutcome outcome = (*puller)->pull(c.config.peer.peers[0]);
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  WARN("pulled " << outcome.pulled << " results in " << took << " s");
  CHECK(outcome.pulled == 10000);
  CHECK(c.pulled() == 10000);
#if !defined(__SANITIZE_ADDRESS__)
  CHECK(took < 1.0);  // sanitizer builds are several times slower; ops/bench/peer measures
#endif
}

TEST_CASE("a healthy idle link never WARNs over 30 pulls, however short the server's keep-alive",
          "[peer][listener]") {
  PeerFixture f;
  PeerFixture::fill_store(f.dir.file("backup.db"), 3);
  // The server closes an idle connection after 100 ms; the coordinator pulls every "90 s" (its
  // clock) and waits 150 ms (the server's), so every pull comes after the server closed.
  net::ListenLimits limits = PeerServer::default_limits();
  limits.idle_timeout = std::chrono::milliseconds(100);
  auto server = PeerServer::start(f.agent_peer(), f.backup_store(), "backup-1", limits);
  if (!server) FAIL(server.error().message);
  Coordinator c(f, (*server)->port());
  c.config.peer.unreachable_warn_after_seconds = 0;  // the default: WARN at the first failure
  FakeClock clock;
  auto puller = Puller::create(c.config, *c.store, clock);
  if (!puller) FAIL(puller.error().message);
  int failed = 0;
  for (int i = 0; i < 30; ++i) {
    const PullOutcome outcome = (*puller)->pull(c.config.peer.peers[0]);
    INFO("pull " << i << ": " << outcome.error);
    CHECK(outcome.error == "");
    CHECK(outcome.status == Status::kOk);
    failed += outcome.error.empty() ? 0 : 1;
    clock.advance(std::chrono::seconds(90));
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
  }
  CHECK(failed == 0);
  // One `peer` result: OK at the first contact; never a WARN, so never "reachable again".
  const std::vector<store::StoredResult> recorded = c.peer_results();
  REQUIRE(recorded.size() == 1);
  CHECK(recorded[0].status == Status::kOk);
  CHECK(c.pulled() == 3);
}

}  // namespace
}  // namespace jaga::peer
