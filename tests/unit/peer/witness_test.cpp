// Issue 14, item 3: the agenda book's witness over real mutual TLS on loopback. The coordinator
// shows its book's links to the backup host's agent, which keeps them append-only; a book
// rewritten with every hash recomputed, or truncated together with its register rows, is
// refused and raised as CRIT on both hosts, and `agenda verify`'s reading of the witness says so.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <chrono>

#include "agenda/agenda_book.h"
#include "agenda/witness_tables.h"
#include "peer/peer_client.h"
#include "peer/peer_server.h"
#include "peer/puller.h"
#include "store/sqlite_statement.h"
#include "tests/unit/peer/peer_fixture.h"

namespace jaga::peer {
namespace {

using Catch::Contains;
using testing::PeerFixture;

class FixedClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::sys_days(std::chrono::year(2026) / 12 / 6); }
};

struct Witnessed {
  PeerFixture f;
  FixedClock clock;
  std::unique_ptr<PeerServer> server;
  config::Config coordinator;
  std::unique_ptr<store::EvidenceStore> book;  // the coordinator's store

  Witnessed() {
    auto started = PeerServer::start(f.agent_peer(), f.backup_store(), "backup-1");
    if (!started) FAIL(started.error().message);
    server = std::move(*started);
    coordinator.agent.host_name = "primary-1";
    coordinator.agent.evidence_db = f.dir.file("primary.db");
    coordinator.peer = f.coordinator_peer(server->port());
    auto opened = store::EvidenceStore::open(coordinator.agent.evidence_db);
    REQUIRE(opened.ok());
    book = std::move(*opened);
  }

  const config::PeerEntry& witness() const { return coordinator.peer.peers[0]; }

  void record(const std::string& report) {
    auto tx = book->transaction();
    REQUIRE(tx.began());
    agenda::NewEntry n{report,        "daily",    "2026-12-05", "2026-12-05", std::string(64, 'a'),
                       {"apk: Andi"}, clock.now()};
    auto e =
        agenda::append_entry(*book, agenda::NumberFormat::parse("{seq:04}/PIAK/{year}").value(),
                             UtcOffset(std::chrono::hours(7)), n);
    REQUIRE(e.ok());
    REQUIRE(tx.commit());
  }

  std::vector<agenda::AgendaEntry> entries() const {
    auto all = agenda::list_entries(*book);
    REQUIRE(all.ok());
    return *all;
  }

  void sql(const std::string& statement) {
    auto s = book->statement(statement);
    REQUIRE(s.ok());
    const int rc = s.step();
    INFO(book->sql_error("tampering").message);
    REQUIRE(rc == SQLITE_DONE);
  }

  // As the issue's attacker: entry `position` gets other signers and another time, and the
  // documented hash of it and of every later entry is recomputed down the chain.
  void rewrite(int64_t position) {
    sql("UPDATE agenda_entries SET signers = '[\"apk: Orang Lain\"]', recorded_at = "
        "'2026-12-01T00:00:00.000Z' WHERE position = " +
        std::to_string(position));
    std::string prev = agenda::kGenesisHash;
    for (agenda::AgendaEntry e : entries()) {
      e.prev_hash = prev;
      e.entry_hash = agenda::compute_hash(e);
      prev = e.entry_hash;
      sql("UPDATE agenda_entries SET prev_hash = '" + e.prev_hash + "', entry_hash = '" +
          e.entry_hash + "' WHERE position = " + std::to_string(e.position));
    }
  }

  Status push() {
    auto puller = Puller::create(coordinator, *book, clock);
    REQUIRE(puller.ok());
    return (*puller)->push_agenda(witness());
  }

  std::vector<agenda::ChainLink> held() const {
    auto store = store::EvidenceStore::open(f.dir.file("backup.db"));
    REQUIRE(store.ok());
    auto links = agenda::held_links(**store, "primary");
    REQUIRE(links.ok());
    return *links;
  }

  // The `agenda_witness` results in the store at `path`, newest first.
  static std::vector<store::StoredResult> witness_results(const std::string& path) {
    auto store = store::EvidenceStore::open(path);
    REQUIRE(store.ok());
    store::HistoryQuery q;
    q.check = "agenda_witness";
    auto rows = (*store)->results(q);
    REQUIRE(rows.ok());
    return *rows;
  }

  agenda::WitnessVerdict verify() {
    auto client = PeerClient::create(coordinator.peer, witness());
    REQUIRE(client.ok());
    auto links = (*client)->witnessed();
    if (!links) FAIL(links.error().message);
    return agenda::compare_with_witness(entries(), *links, "backup");
  }
};

TEST_CASE("the coordinator shows each new head to the witness, which keeps every link",
          "[peer][witness]") {
  Witnessed w;
  CHECK(w.push() == Status::kOk);  // an empty book: nothing to show
  CHECK(w.server->requests_handled() == 0);
  CHECK(w.verify().status == Status::kOk);
  for (const std::string r : {"R-1", "R-2", "R-3"}) w.record(r);
  CHECK(w.verify().status == Status::kWarn);
  CHECK(w.push() == Status::kOk);
  CHECK(w.held() == agenda::links_of(w.entries()));
  auto ack = agenda::last_acknowledged(*w.book, "backup");
  REQUIRE(ack.ok());
  REQUIRE(*ack);
  CHECK((*ack)->position == 3);
  CHECK(w.verify().status == Status::kOk);

  const uint64_t before = w.server->requests_handled();
  CHECK(w.push() == Status::kOk);  // the witness holds the head: nothing is sent
  CHECK(w.server->requests_handled() == before);
  w.record("R-4");
  CHECK(w.push() == Status::kOk);
  CHECK(w.held().size() == 4);
  CHECK(Witnessed::witness_results(w.f.dir.file("backup.db")).empty());
}

TEST_CASE("a book rewritten with every hash recomputed is refused and CRIT on both hosts",
          "[peer][witness]") {
  Witnessed w;
  for (const std::string r : {"R-1", "R-2", "R-3"}) w.record(r);
  REQUIRE(w.push() == Status::kOk);
  const auto witnessed = w.held();
  w.rewrite(2);
  // The chain alone cannot tell: every documented hash was recomputed.
  std::string prev = agenda::kGenesisHash;
  for (const agenda::AgendaEntry& e : w.entries()) {
    CHECK(e.prev_hash == prev);
    CHECK(agenda::compute_hash(e) == e.entry_hash);
    prev = e.entry_hash;
  }
  w.record("R-4");

  CHECK(w.push() == Status::kCrit);
  CHECK(w.held() == witnessed);  // nothing of the rewritten book was kept
  const auto on_witness = Witnessed::witness_results(w.f.dir.file("backup.db"));
  REQUIRE(on_witness.size() == 1);
  CHECK(on_witness[0].status == Status::kCrit);
  CHECK_THAT(on_witness[0].summary, Contains("agenda book of primary: the book was rewritten"));
  const auto on_coordinator = Witnessed::witness_results(w.coordinator.agent.evidence_db);
  REQUIRE(on_coordinator.size() == 1);
  CHECK(on_coordinator[0].status == Status::kCrit);
  CHECK_THAT(on_coordinator[0].summary, Contains("witness backup refused the agenda book"));

  const auto verdict = w.verify();
  CHECK(verdict.status == Status::kCrit);
  CHECK_THAT(verdict.lines.at(0), Contains("rewritten: entry 2"));
}

TEST_CASE("the last entry deleted, with the coordinator's acknowledgement, is refused as truncated",
          "[peer][witness]") {
  Witnessed w;
  for (const std::string r : {"R-1", "R-2", "R-3"}) w.record(r);
  REQUIRE(w.push() == Status::kOk);
  w.sql("DELETE FROM agenda_entries WHERE position = 3");
  SECTION("the acknowledgement kept") {}
  SECTION("the acknowledgement deleted too") { w.sql("DELETE FROM agenda_witness_acks"); }
  CHECK(w.push() == Status::kCrit);
  CHECK(w.held().size() == 3);
  const auto on_witness = Witnessed::witness_results(w.f.dir.file("backup.db"));
  REQUIRE_FALSE(on_witness.empty());
  CHECK_THAT(on_witness[0].summary, Contains("truncated: it ends at position 2"));
  const auto verdict = w.verify();
  CHECK(verdict.status == Status::kCrit);
  CHECK_THAT(verdict.lines.at(0), Contains("truncated"));
}

TEST_CASE("malformed links and a certificate that is not pinned change nothing on the witness",
          "[peer][witness]") {
  Witnessed w;
  for (const std::string r : {"R-1", "R-2"}) w.record(r);
  auto client = PeerClient::create(w.coordinator.peer, w.witness());
  REQUIRE(client.ok());
  auto links = agenda::links_of(w.entries());
  links[1].prev_hash = std::string(64, 'f');
  auto refused = (*client)->push_witness(links);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message, Contains("answered HTTP 400"));
  CHECK((*client)->push_witness({}).error().message.find("HTTP 400") != std::string::npos);
  CHECK(w.held().empty());

  w.f.pki.issue("stranger", "jaga-laptop");
  auto stranger =
      PeerClient::create(w.f.coordinator_peer(w.server->port(), "stranger"), w.witness());
  REQUIRE(stranger.ok());
  CHECK_FALSE((*stranger)->push_witness(agenda::links_of(w.entries())).ok());
  CHECK(w.held().empty());
  CHECK(Witnessed::witness_results(w.f.dir.file("backup.db")).empty());
}

}  // namespace
}  // namespace jaga::peer
