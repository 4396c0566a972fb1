// The consistency check on a live pair: it reports no difference that is only replication lag
// while the primary takes writes, writes nothing itself, and a server lost or a table dropped in
// the middle of a run gives UNKNOWN with a reason - not a crash, not OK, and no full key.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "checks/consistency_check.h"
#include "store/evidence_store.h"
#include "tests/integration/consistency_scratch.h"
#include "tests/integration/store_bytes.h"
#include "tests/integration/two_agents.h"

namespace jaga::test {
namespace {

using namespace std::chrono_literals;

// Writes to jaga_ctest.busy (ids 1..25000) on its own root connection until stopped, or for 60 s
// at most: single-row inserts, updates and deletes and two-row transactions, as fast as the
// primary takes them. Errors are counted, not asserted: Catch must only be used on the test's
// own thread.
class Writer {
 public:
  explicit Writer(std::unique_ptr<db::Connection> connection)
      : connection_(std::move(connection)), thread_([this] { run(); }) {}
  ~Writer() { stop(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  int64_t transactions() const { return transactions_; }
  int64_t errors() const { return errors_; }
  // REQUIRES: stopped.
  const std::string& first_error() const { return first_error_; }

 private:
  void run() {
    std::mt19937 random(20240101);
    std::uniform_int_distribution<int> id(1, 25000), op(0, 3);
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (!stop_ && std::chrono::steady_clock::now() < deadline) {
      const int a = id(random), b = id(random);
      std::vector<std::string> statements;
      switch (op(random)) {
        case 0:
          statements = {
              fmt::format("INSERT INTO jaga_ctest.busy VALUES ({}, 0, 'baru') ON DUPLICATE KEY "
                          "UPDATE v = v + 1",
                          a)};
          break;
        case 1:
          statements = {fmt::format(
              "UPDATE jaga_ctest.busy SET v = v + 1, s = CONCAT('ubah ', v) WHERE id = {}", a)};
          break;
        case 2:
          statements = {fmt::format("DELETE FROM jaga_ctest.busy WHERE id = {}", a)};
          break;
        default:
          statements = {"START TRANSACTION",
                        fmt::format("UPDATE jaga_ctest.busy SET v = v - 1 WHERE id = {}", a),
                        fmt::format("UPDATE jaga_ctest.busy SET v = v + 1 WHERE id = {}", b),
                        "COMMIT"};
      }
      bool ok = true;
      for (const auto& sql : statements) {
        if (auto r = connection_->execute(sql); !r) {
          ok = false;
          if (errors_++ == 0) first_error_ = r.error().message;
          (void)connection_->execute("ROLLBACK");
          break;
        }
      }
      if (ok) ++transactions_;
    }
  }

  std::unique_ptr<db::Connection> connection_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> transactions_{0};
  std::atomic<int64_t> errors_{0};
  std::string first_error_;
  std::thread thread_;  // last: starts once everything above exists
};

// Checkpoints in a real evidence store; the `pause_at`-th save blocks until release(), so a test
// can act at a known point in the middle of a run (between two chunks).
class PausingCheckpoints final : public checks::Checkpoints {
 public:
  PausingCheckpoints(checks::Checkpoints& store, int pause_at)
      : store_(store), pause_at_(pause_at) {}

  std::optional<nlohmann::json> load(const std::string& key) override { return store_.load(key); }
  Result<void> clear(const std::string& key) override { return store_.clear(key); }
  Result<void> save(const std::string& key, const nlohmann::json& state) override {
    auto saved = store_.save(key, state);
    std::unique_lock lock(mutex_);
    if (++saves_ == pause_at_) {
      paused_ = true;
      changed_.notify_all();
      changed_.wait(lock, [&] { return released_; });
    }
    return saved;
  }

  // Whether the run reached the pause within `timeout`.
  bool wait_until_paused(std::chrono::seconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return paused_; });
  }
  void release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  checks::Checkpoints& store_;
  const int pause_at_;
  std::mutex mutex_;
  std::condition_variable changed_;
  int saves_ = 0;
  bool paused_ = false;
  bool released_ = false;
};

// A store-backed checkpoint keeper in its own directory, as `jaga check` has one.
struct CheckpointStore {
  TempDir dir;
  SystemClock clock;
  std::unique_ptr<store::EvidenceStore> store;
  std::unique_ptr<store::StoreCheckpoints> checkpoints;

  CheckpointStore() {
    auto opened = store::EvidenceStore::open(dir.path() + "/evidence.db");
    if (!opened) FAIL(opened.error().message);
    store = std::move(*opened);
    checkpoints = std::make_unique<store::StoreCheckpoints>(*store, clock);
  }
};

// Runs the consistency check on `config` in a thread and calls `interrupt` when the run has saved
// its third checkpoint (three chunks done), before it goes on. Returns the run's result.
// With `agents`, the backup is digested by its own agent through that opener (two agents).
template <typename Interrupt>
checks::CheckResult run_interrupted(config::Config config, checks::Checkpoints& store,
                                    Interrupt interrupt,
                                    checks::RemoteBackupOpener agents = nullptr) {
  PausingCheckpoints checkpoints(store, 3);
  if (agents) config.consistency_check.digest_where = "agents";
  db::Servers servers(config.primary, config.backup);
  SystemClock clock;
  SystemEnv env;
  checks::CheckContext context{config, servers, clock, &checkpoints, false, env, agents};
  checks::ConsistencyCheck check;
  checks::CheckResult result;
  std::thread run([&] { result = check.run(context); });
  const bool paused = checkpoints.wait_until_paused(60s);
  if (paused) interrupt();
  checkpoints.release();
  run.join();
  REQUIRE(paused);
  return result;
}

// A chunk time target below what any chunk takes: chunks shrink to the minimum of 100 rows
// whatever the machine's speed, so a run of 20,000 rows takes about a hundred snapshot pairs.
constexpr double kTinyChunks = 0.0001;

// 20,000 rows compared in chunks of 100: a run of many chunks.
config::Config many_chunks(ScratchSchema& scratch) {
  create_people(scratch, "biodata", 20000);
  scratch.catch_up();
  config::Config config = ScratchSchema::config();
  config.consistency_check.chunk_time_target_seconds = kTinyChunks;
  return config;
}

// Ends every connection of the monitoring account to `server`: what a crash of the server or of
// the network looks like to the agent.
void kill_monitoring_connections(db::Connection& server) {
  const auto ids =
      admin_sql(server, "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = 'jaga'");
  REQUIRE(!ids.rows.empty());
  for (const auto& row : ids.rows) admin_sql(server, "KILL CONNECTION " + row[0].value_or("0"));
}

struct BinlogPosition {
  std::string gtid;
  std::string file;
  std::string position;
  bool operator==(const BinlogPosition&) const = default;
};

BinlogPosition binlog_position(db::Connection& server) {
  const auto status = admin_sql(server, "SHOW MASTER STATUS");
  return {admin_sql(server, "SELECT @@gtid_binlog_pos").rows.at(0)[0].value_or(""),
          status.get(0, "File").value_or(""), status.get(0, "Position").value_or("")};
}

}  // namespace

TEST_CASE("consistency: a clean pair under hundreds of writes per second reports no difference",
          "[consistency][live]") {
  ScratchSchema scratch;
  scratch.on_primary(
      "CREATE TABLE jaga_ctest.busy (id INT NOT NULL PRIMARY KEY, v INT NOT NULL, "
      "s VARCHAR(40) NOT NULL) ENGINE=InnoDB");
  scratch.on_primary(
      "INSERT INTO jaga_ctest.busy SELECT seq, 0, 'awal' FROM jaga_ctest.seq_1_to_20000");
  scratch.catch_up();
  config::Config config = ScratchSchema::config();
  config.consistency_check.chunk_time_target_seconds = kTinyChunks;

  std::vector<checks::CheckResult> results;
  Writer writer(Sandbox::get().admin(db::Role::kPrimary));
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) {
    checks::ConsistencyCheck check;
    results.push_back(run_check(check, config));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  writer.stop();

  INFO("writer: " << writer.transactions() << " transactions in " << seconds << " s, "
                  << writer.errors() << " errors " << writer.first_error());
  REQUIRE(writer.errors() == 0);
  REQUIRE(writer.transactions() > 100);
  REQUIRE(writer.transactions() / seconds > 100);
  for (const auto& result : results) {
    const auto table = table_evidence(result.evidence, "busy");
    INFO(result.summary << " | chunks " << table.at("chunks") << ", rechecked "
                        << table.at("rechecked_chunks") << ", transient "
                        << table.at("transient_chunks"));
    CHECK(result.status == Status::kOk);
    CHECK(table.at("differences").empty());
    CHECK(table.at("chunks") > 50);
  }
}

TEST_CASE("consistency: a check leaves the binary logs of both servers untouched",
          "[consistency][live]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 2000);
  scratch.catch_up();
  const BinlogPosition primary_before = binlog_position(scratch.primary());
  const BinlogPosition backup_before = binlog_position(scratch.backup());
  checks::ConsistencyCheck check;
  const auto result = run_check(check, ScratchSchema::config());
  REQUIRE(result.status == Status::kOk);
  REQUIRE(table_evidence(result.evidence, "biodata").at("rows") == 2000);
  CHECK(binlog_position(scratch.primary()) == primary_before);
  CHECK(binlog_position(scratch.backup()) == backup_before);
}

TEST_CASE("consistency: a backup lost in the middle of a run is UNKNOWN naming it",
          "[consistency][live][down]") {
  ScratchSchema scratch;
  const config::Config config = many_chunks(scratch);
  CheckpointStore kept;
  const auto result = run_interrupted(config, *kept.checkpoints,
                                      [&] { kill_monitoring_connections(scratch.backup()); });
  INFO(result.summary);
  CHECK(result.status == Status::kUnknown);
  CHECK_THAT(result.summary, Catch::Contains("comparison stopped at jaga_ctest.biodata") &&
                                 Catch::Contains("backup (" + config.backup.endpoint() + ")") &&
                                 Catch::Contains("progress is kept"));
}

TEST_CASE("consistency: the run after a lost backup continues where it stopped, still exact",
          "[consistency][live][down]") {
  ScratchSchema scratch;
  const config::Config config = many_chunks(scratch);
  // One difference near the start, in the chunks compared before the interruption; two further on.
  scratch.on_backup_only("UPDATE jaga_ctest.biodata SET nama = 'Warga Lain' WHERE nik = '" +
                         nik(500) + "'");
  scratch.on_backup_only("DELETE FROM jaga_ctest.biodata WHERE nik = '" + nik(150000) + "'");
  scratch.on_backup_only("INSERT INTO jaga_ctest.biodata VALUES ('" + nik(199995) +
                         "', 'Warga Siluman', '1990-01-01', NULL)");
  CheckpointStore kept;
  const auto lost = run_interrupted(config, *kept.checkpoints,
                                    [&] { kill_monitoring_connections(scratch.backup()); });
  REQUIRE(lost.status == Status::kUnknown);
  db::Servers servers(config.primary, config.backup);
  SystemEnv env;
  checks::CheckContext context{config, servers, kept.clock, kept.checkpoints.get(), false, env};
  checks::ConsistencyCheck check;
  const auto result = check.run(context);
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK(result.evidence.at("resumed") == true);
  CHECK(differences(result, "biodata") ==
        std::vector<std::string>{"different " + nik(500), "extra_on_backup " + nik(199995),
                                 "missing_on_backup " + nik(150000)});
  CHECK(table_evidence(result.evidence, "biodata").at("rows") == 20000);  // each row once
}

TEST_CASE("consistency: a table dropped in the middle of a run is UNKNOWN without a full key",
          "[consistency][live]") {
  ScratchSchema scratch;
  const config::Config config = many_chunks(scratch);
  CheckpointStore kept;
  // The next query reads the end of the next chunk: SQL that names a key of the table.
  const auto result = run_interrupted(config, *kept.checkpoints,
                                      [&] { scratch.on_primary("DROP TABLE jaga_ctest.biodata"); });
  INFO(result.summary);
  CHECK(result.status == Status::kUnknown);
  CHECK_THAT(result.summary, Catch::Contains("doesn't exist") && !Catch::Contains("3322000"));
}

TEST_CASE("consistency: a stopped SQL thread is UNKNOWN, and a run without a store keeps nothing",
          "[consistency][live][down]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 500);
  scratch.catch_up();
  admin_sql(scratch.backup(), "STOP SLAVE SQL_THREAD");
  checks::ConsistencyCheck check;
  const auto result = run_check(check, ScratchSchema::config());  // no checkpoints
  Sandbox::get().heal();
  INFO(result.summary);
  CHECK(result.status == Status::kUnknown);
  CHECK_THAT(result.summary, Catch::Contains("replication is not running") &&
                                 Catch::Contains("progress is not kept"));
}

}  // namespace jaga::test

namespace jaga::test {
namespace {

// Three differences in biodata (20,000 rows in chunks of 100): near the start, before the
// interruption after three chunks, and two further on.
const std::vector<std::string> kThreeFound = {
    "different " + nik(500), "extra_on_backup " + nik(199995), "missing_on_backup " + nik(150000)};
void three_differences(ScratchSchema& scratch) {
  scratch.on_backup_only("UPDATE jaga_ctest.biodata SET nama = 'Warga Lain' WHERE nik = '" +
                         nik(500) + "'");
  scratch.on_backup_only("DELETE FROM jaga_ctest.biodata WHERE nik = '" + nik(150000) + "'");
  scratch.on_backup_only("INSERT INTO jaga_ctest.biodata VALUES ('" + nik(199995) +
                         "', 'Warga Siluman', '1990-01-01', NULL)");
}

// The run after an interrupted one, with the same kept progress and the backup's agent.
checks::CheckResult continue_with_agents(config::Config config, CheckpointStore& kept,
                                         const BackupAgent& agent) {
  config.consistency_check.digest_where = "agents";
  db::Servers servers(config.primary, config.backup);
  SystemEnv env;
  checks::CheckContext context{config, servers, kept.clock,    kept.checkpoints.get(),
                               false,  env,     agent.opener()};
  checks::ConsistencyCheck check;
  return check.run(context);
}

bool within(const std::function<bool()>& done, std::chrono::seconds timeout) {
  const auto give_up = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

}  // namespace

TEST_CASE("consistency (two agents): a clean pair under hundreds of writes per second is OK",
          "[consistency][live][agents]") {
  ScratchSchema scratch;
  scratch.on_primary(
      "CREATE TABLE jaga_ctest.busy (id INT NOT NULL PRIMARY KEY, v INT NOT NULL, "
      "s VARCHAR(40) NOT NULL) ENGINE=InnoDB");
  scratch.on_primary(
      "INSERT INTO jaga_ctest.busy SELECT seq, 0, 'awal' FROM jaga_ctest.seq_1_to_20000");
  scratch.catch_up();
  config::Config config = ScratchSchema::config();
  config.consistency_check.chunk_time_target_seconds = kTinyChunks;
  BackupAgent agent(config);
  std::vector<checks::CheckResult> results;
  Writer writer(Sandbox::get().admin(db::Role::kPrimary));
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) {
    checks::ConsistencyCheck check;
    results.push_back(run_check_with_agents(check, config, agent));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  writer.stop();
  INFO("writer: " << writer.transactions() << " transactions in " << seconds << " s");
  REQUIRE(writer.errors() == 0);
  REQUIRE(writer.transactions() / seconds > 100);
  for (const auto& result : results) {
    const auto table = table_evidence(result.evidence, "busy");
    INFO(result.summary << " | " << table.dump());
    CHECK(result.status == Status::kOk);
    CHECK_THAT(result.evidence.value("digest", ""), Catch::Contains("via the agent of peer"));
    CHECK(table.at("differences").empty());
    CHECK(table.at("chunks") > 50);
  }
}

TEST_CASE(
    "consistency (two agents): a link cut mid-run is UNKNOWN naming the peer, the backup's "
    "session closes by its timeout, and the next run continues exactly",
    "[consistency][live][agents][down]") {
  ScratchSchema scratch;
  const config::Config config = many_chunks(scratch);
  three_differences(scratch);
  BackupAgent agent(config);
  CheckpointStore kept;
  checks::CheckResult cut;
  {
    LinkRelay link(agent.pki.port);
    cut = run_interrupted(
        config, *kept.checkpoints, [&] { link.cut(); }, agent.opener("primary", link.port()));
    INFO(cut.summary);
    CHECK(cut.status == Status::kUnknown);
    CHECK_THAT(cut.summary, Catch::Contains("comparison stopped at jaga_ctest.biodata") &&
                                Catch::Contains("peer backup") &&
                                Catch::Contains("progress is kept"));
    CHECK(full_niks_in(cut.summary).empty());
    // The session is left open by the cut and closed by the agent's own timeout (5 s here).
    CHECK(within([&] { return agent.server->consistency_sessions() == 0; }, 15s));
  }
  const auto result = continue_with_agents(config, kept, agent);
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK(result.evidence.at("resumed") == true);
  CHECK(differences(result, "biodata") == kThreeFound);
  CHECK(table_evidence(result.evidence, "biodata").at("rows") == 20000);  // each row once
}

TEST_CASE(
    "consistency (two agents): the backup's agent restarted mid-run is UNKNOWN, and the "
    "next run continues exactly",
    "[consistency][live][agents][down]") {
  ScratchSchema scratch;
  const config::Config config = many_chunks(scratch);
  three_differences(scratch);
  BackupAgent agent(config);
  CheckpointStore kept;
  const auto stopped = run_interrupted(
      config, *kept.checkpoints, [&] { agent.server.reset(); }, agent.opener());
  INFO(stopped.summary);
  CHECK(stopped.status == Status::kUnknown);
  CHECK_THAT(stopped.summary,
             Catch::Contains("peer backup") && Catch::Contains("progress is kept"));
  agent.start(config);
  const auto result = continue_with_agents(config, kept, agent);
  INFO(result.summary);
  CHECK(result.status == Status::kCrit);
  CHECK(result.evidence.at("resumed") == true);
  CHECK(differences(result, "biodata") == kThreeFound);
  CHECK(table_evidence(result.evidence, "biodata").at("rows") == 20000);
}

TEST_CASE("consistency (two agents): a backup lost behind its agent mid-run is UNKNOWN naming it",
          "[consistency][live][agents][down]") {
  ScratchSchema scratch;
  const config::Config config = many_chunks(scratch);
  BackupAgent agent(config);
  CheckpointStore kept;
  const auto result = run_interrupted(
      config, *kept.checkpoints, [&] { kill_monitoring_connections(scratch.backup()); },
      agent.opener());
  INFO(result.summary);
  CHECK(result.status == Status::kUnknown);
  CHECK_THAT(result.summary, Catch::Contains("comparison stopped at jaga_ctest.biodata") &&
                                 Catch::Contains("progress is kept"));
}

}  // namespace jaga::test
