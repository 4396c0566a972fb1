// The consistency session between two agents (issue 15): only the pinned coordinator may open
// one, at most max_sessions at once, an abandoned one is closed by the backup's agent with its
// snapshot; `jaga check consistency` on the coordinator with the backup's agent as a `jaga serve`
// process of its own survives kill -9 of either one and stays exact; and neither agent's log or
// store holds a row value or a clear key.
#include <signal.h>
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "checks/consistency_check.h"
#include "peer/consistency_wire.h"
#include "peer/peer_client.h"
#include "store/evidence_store.h"
#include "tests/integration/consistency_scratch.h"
#include "tests/integration/store_bytes.h"
#include "tests/integration/two_agents.h"

namespace jaga::test {
namespace {

using namespace std::chrono_literals;

bool within(const std::function<bool()>& done, std::chrono::seconds timeout) {
  const auto give_up = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

// POSTs a raw session request as the coordinator `peer`.
peer::PeerClient::Answer post(const config::PeerConfig& peer, const std::string& op,
                              const std::string& body) {
  auto client = peer::PeerClient::create(peer, peer.peers[0]);
  REQUIRE(client);
  auto answer = (*client)->post("/v1/consistency/" + op, body);
  if (!answer) FAIL(answer.error().message);
  return *answer;
}

// Whether the monitoring account has a connection to the backup (the session's, which holds
// its snapshot: closing the connection ends the snapshot).
bool monitoring_connected(db::Connection& backup) {
  const auto rows =
      admin_sql(backup, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = 'jaga'");
  return rows.rows.at(0)[0].value_or("0") != "0";
}

}  // namespace

TEST_CASE("consistency session: a pinned peer that is not the coordinator is refused",
          "[consistency][agents][peer]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 10);
  scratch.catch_up();
  const config::Config config = ScratchSchema::config();
  BackupAgent agent(config);
  auto refused = agent.opener("monitor")();
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message,
             Catch::Contains("HTTP 403") && Catch::Contains("coordinator's pinned certificate"));
  CHECK(agent.server->consistency_sessions() == 0);

  config::Config agents = config;
  agents.consistency_check.digest_where = "agents";
  db::Servers servers(agents.primary, agents.backup);
  SystemClock clock;
  SystemEnv env;
  checks::CheckContext context{
      agents, servers, clock, nullptr, false, env, agent.opener("monitor")};
  checks::ConsistencyCheck check;
  const auto result = check.run(context);
  CHECK(result.status == Status::kUnknown);
  CHECK_THAT(result.summary,
             Catch::Contains("digest_where = \"agents\"") && Catch::Contains("HTTP 403"));
}

TEST_CASE("consistency session: no more than max_sessions are open at once",
          "[consistency][agents][peer]") {
  ScratchSchema scratch;
  BackupAgent agent(ScratchSchema::config());
  auto first = agent.opener()();
  auto second = agent.opener()();
  REQUIRE(first);
  REQUIRE(second);
  auto third = agent.opener()();
  REQUIRE_FALSE(third.ok());
  CHECK_THAT(third.error().message,
             Catch::Contains("HTTP 409") && Catch::Contains("peer.max_sessions"));
  first->reset();  // closes its session
  CHECK(agent.server->consistency_sessions() == 1);
  CHECK(agent.opener()().ok());
}

TEST_CASE("consistency session: one left without requests is closed with its snapshot",
          "[consistency][agents][peer]") {
  ScratchSchema scratch;
  BackupAgent agent(ScratchSchema::config());
  const config::PeerConfig coordinator = agent.pki.coordinator_peer();
  const auto started = post(coordinator, "start", "{}");
  REQUIRE(started.status == 200);
  auto session = peer::start_from_json(started.body);
  REQUIRE(session);
  const std::string position =
      admin_sql(scratch.primary(), "SELECT @@gtid_binlog_pos").rows.at(0)[0].value_or("");
  const nlohmann::json snapshot = {
      {"session", session->session}, {"position", position}, {"wait_seconds", 10}};
  const auto opened = post(coordinator, "snapshot", snapshot.dump());
  INFO(opened.body);
  REQUIRE(opened.status == 200);
  CHECK(nlohmann::json::parse(opened.body).at("reached") == true);
  CHECK(monitoring_connected(scratch.backup()));
  // Nothing more is asked: after its 5 s the agent closes the session and the snapshot ends.
  CHECK(within([&] { return agent.server->consistency_sessions() == 0; }, 15s));
  CHECK(within([&] { return !monitoring_connected(scratch.backup()); }, 5s));
  const auto late = post(coordinator, "ping", nlohmann::json{{"session", session->session}}.dump());
  CHECK(late.status == 404);
  CHECK_THAT(late.body, Catch::Contains("no such consistency session"));
}

TEST_CASE("consistency: auto uses the backup's agent when it answers, and says why when not",
          "[consistency][agents]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 300);
  scratch.catch_up();
  config::Config config = ScratchSchema::config();
  config.consistency_check.digest_where = "auto";
  BackupAgent agent(config);
  db::Servers servers(config.primary, config.backup);
  SystemClock clock;
  SystemEnv env;
  checks::ConsistencyCheck check;
  checks::CheckContext with_agent{config, servers, clock, nullptr, false, env, agent.opener()};
  const auto used = check.run(with_agent);
  CHECK(used.status == Status::kOk);
  CHECK_THAT(used.evidence.value("digest", ""), Catch::Contains("via the agent of peer backup"));
  agent.server.reset();  // the agent is gone: auto falls back, still exact, and says why
  const auto fallback = check.run(with_agent);
  CHECK(fallback.status == Status::kOk);
  CHECK_THAT(fallback.evidence.value("digest", ""), !Catch::Contains("via the agent"));
  CHECK_THAT(fallback.evidence.value("peer_session_unused", ""),
             Catch::Contains("peer backup") && Catch::Contains("cannot connect"));
}

// ---- the two agents as processes --------------------------------------------------------------

namespace {

// The saved progress of the consistency check in the evidence store at `path`, if any.
std::optional<nlohmann::json> saved_progress(const std::string& path) {
  if (access(path.c_str(), F_OK) != 0) return std::nullopt;
  std::string name;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 1000);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT name FROM checkpoints WHERE name LIKE 'consistency:%'", -1,
                           &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      name = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  if (name.empty()) return std::nullopt;
  auto store = store::EvidenceStore::open(path);
  if (!store) return std::nullopt;
  return (*store)->load_checkpoint(name);
}

// RAII: a root session on the backup holds a write lock on jaga_ctest.zz_last, so a run can never
// finish while it is held.
class BackupTableLock {
 public:
  BackupTableLock() : session_(Sandbox::get().admin(db::Role::kBackup)) {
    admin_sql(*session_, "LOCK TABLES jaga_ctest.zz_last WRITE");
  }

 private:
  std::unique_ptr<db::Connection> session_;
};

// The backup's agent as `jaga serve` and the coordinator as `jaga check consistency`, each with
// its own configuration, store and certificate.
struct AgentProcesses {
  TempDir agent_dir;
  TempDir coordinator_dir;
  AgentPki pki;
  std::string agent_config;
  std::string coordinator_config;
  std::vector<std::string> logs;  // every output and log file either process wrote
  std::string killed_out;         // the standard output of the run started to be interrupted
  pid_t agent = 0;
  int starts = 0;

  AgentProcesses() {
    const std::string schemas = "\n[checks.consistency]\nschemas = [\"jaga_ctest\"]\n";
    const testing::TestPki& p = pki.f.pki;
    agent_config = agent_dir.write(
        "agent.toml",
        read_file(private_config(agent_dir)) + schemas +
            // One cheap job a day: the agent is here to serve the session.
            "[[schedule.jobs]]\ncheck = \"security\"\nevery = \"1d\"\n"
            "[peer]\nrole = \"agent\"\nlisten = \"127.0.0.1:" +
            std::to_string(pki.port) + "\"\nsession_timeout_seconds = 5\ncert = \"" +
            p.path("backup.crt") + "\"\nkey = \"" + p.path("backup.key") + "\"\nca = \"" +
            p.path("ca.crt") + "\"\n[[peer.peers]]\nname = \"primary\"\ncoordinator = true\n" +
            "fingerprint = \"" + p.fingerprint("primary") + "\"\n",
        0644);
    coordinator_config = coordinator_dir.write(
        "coordinator.toml",
        read_file(private_config(coordinator_dir)) + schemas +
            "chunk_time_target_seconds = 0.01\ndigest_where = \"agents\"\n"
            "[peer]\nrole = \"coordinator\"\nconnect_timeout_seconds = 2\n"
            "read_timeout_seconds = 10\ncert = \"" +
            p.path("primary.crt") + "\"\nkey = \"" + p.path("primary.key") + "\"\nca = \"" +
            p.path("ca.crt") + "\"\n[[peer.peers]]\nname = \"backup\"\nurl = \"https://127.0.0.1:" +
            std::to_string(pki.port) + "\"\nfingerprint = \"" + p.fingerprint("backup") + "\"\n",
        0644);
  }
  ~AgentProcesses() {
    if (agent != 0) {
      kill(agent, SIGKILL);
      wait_exit_code(agent);
    }
  }

  std::string log_file(const std::string& dir, const std::string& name) {
    logs.push_back(dir + "/" + name + "-" + std::to_string(++starts));
    return logs.back();
  }
  // Starts the backup's agent and waits until its port accepts connections.
  void start_agent() {
    const std::string out = log_file(agent_dir.path(), "agent.out");
    agent =
        start_jaga({"--config", agent_config, "serve"}, out, log_file(agent_dir.path(), "agent"));
    const bool up = within(
        [&] {
          const int fd = socket(AF_INET, SOCK_STREAM, 0);
          sockaddr_in addr{};
          addr.sin_family = AF_INET;
          addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
          addr.sin_port = htons(static_cast<uint16_t>(pki.port));
          const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
          close(fd);
          return ok;
        },
        30s);
    INFO(read_file(logs.back()));
    REQUIRE(up);
  }
  int kill_agent() {
    kill(agent, SIGKILL);
    const int code = wait_exit_code(agent);
    agent = 0;
    return code;
  }
  std::string agent_log() const {
    std::string all;
    for (const auto& l : logs) {
      if (l.starts_with(agent_dir.path())) all += read_file(l);
    }
    return all;
  }
  // `jaga check consistency --format json` on the coordinator.
  ProcessResult check() {
    const std::string out = log_file(coordinator_dir.path(), "check.out");
    const std::string err = log_file(coordinator_dir.path(), "check.err");
    ProcessResult r;
    r.exit_code = wait_exit_code(start_jaga(
        {"--config", coordinator_config, "check", "consistency", "--format", "json"}, out, err));
    r.out = read_file(out);
    r.err = read_file(err);
    return r;
  }
  // Starts the check while zz_last is locked and waits until it saved progress in biodata.
  pid_t start_check_until_progress(BackupTableLock&) {
    killed_out = log_file(coordinator_dir.path(), "killed.out");
    const pid_t pid = start_jaga({"--config", coordinator_config, "check", "consistency"},
                                 killed_out, log_file(coordinator_dir.path(), "killed.err"));
    const std::string store = coordinator_dir.path() + "/evidence.db";
    const bool saved = within(
        [&] {
          const auto state = saved_progress(store);
          return state && state->is_object() &&
                 state->at("cursor").at("outcome").at("table") == "jaga_ctest.biodata";
        },
        60s);
    if (!saved) {
      kill(pid, SIGKILL);
      wait_exit_code(pid);
    }
    INFO(read_file(logs.back()));
    REQUIRE(saved);
    return pid;
  }
};

void people_with_three_differences(ScratchSchema& scratch) {
  create_people(scratch, "biodata", 20000);
  create_people(scratch, "zz_last", 100);
  scratch.catch_up();
  scratch.on_backup_only("UPDATE jaga_ctest.biodata SET nama = 'Warga Lain' WHERE nik = '" +
                         nik(500) + "'");
  scratch.on_backup_only("DELETE FROM jaga_ctest.biodata WHERE nik = '" + nik(100000) + "'");
  scratch.on_backup_only("INSERT INTO jaga_ctest.biodata VALUES ('" + nik(199995) +
                         "', 'Warga Siluman', '1990-01-01', NULL)");
}

const std::vector<std::string> kThreeDifferences = {
    "different " + nik(500), "extra_on_backup " + nik(199995), "missing_on_backup " + nik(100000)};

// The newest run's differences of biodata as `jaga diff show --reveal` gives them.
std::vector<std::string> revealed_differences(const std::string& config) {
  const auto runs = run_jaga({"--config", config, "history", "--runs", "--format", "json"});
  INFO(runs.out << runs.err);
  REQUIRE(runs.exit_code == 0);
  const auto id = nlohmann::json::parse(runs.out).at("runs").at(0).at("id").get<int64_t>();
  const auto shown = run_jaga(
      {"--config", config, "diff", "show", std::to_string(id), "--reveal", "--format", "json"});
  INFO(shown.out << shown.err);
  REQUIRE(shown.exit_code == 0);
  return differences(nlohmann::json::parse(shown.out), "biodata");
}

// No population data in clear: no full NIK and no value of a row ("Warga ...", "Jl. Merdeka").
void require_no_population_data(const std::string& what, const std::string& bytes) {
  INFO(what);
  CHECK(full_niks_in(bytes).empty());
  CHECK(bytes.find("Warga ") == std::string::npos);
  CHECK(bytes.find("Merdeka") == std::string::npos);
}

std::string store_bytes(const std::string& path) {
  std::string all;
  for (const char* suffix : {"", "-wal", "-journal"}) all += read_file(path + suffix);
  return all;
}

}  // namespace

TEST_CASE(
    "consistency (two agents): the backup's agent killed -9 mid-run, restarted, and the "
    "next run continues exactly, with no row value or clear key in either agent's log or store",
    "[consistency][agents][kill][privacy]") {
  ScratchSchema scratch;
  people_with_three_differences(scratch);
  AgentProcesses t;
  t.start_agent();
  {
    BackupTableLock lock;
    const pid_t run = t.start_check_until_progress(lock);
    CHECK(t.kill_agent() == 128 + SIGKILL);
    // The rest of the run is UNKNOWN: the link to the backup's agent is gone. When the kill lands
    // after biodata's differences were proven, the run is CRIT for them, with the link's UNKNOWN
    // finding beside them; it is never OK. (Seen once in CI: exit 2, the kill after the proof.)
    const int code = wait_exit_code(run);
    CHECK((code == 3 || code == 2));
    CHECK_THAT(read_file(t.killed_out),
               Catch::Contains("peer backup") && Catch::Contains("progress is kept"));
  }
  t.start_agent();
  const auto result = t.check();
  INFO(result.out << result.err);
  CHECK(result.exit_code == 2);
  const auto doc = nlohmann::json::parse(result.out, nullptr, false);
  REQUIRE(doc.is_object());
  const auto& evidence = doc.at("checks").at(0).at("evidence");
  CHECK(evidence.at("resumed") == true);
  CHECK_THAT(evidence.value("digest", ""), Catch::Contains("via the agent of peer backup"));
  CHECK(revealed_differences(t.coordinator_config) == kThreeDifferences);
  CHECK(table_evidence(evidence, "biodata").at("rows") == 20000);

  require_no_population_data("the backup agent's log", t.agent_log());
  require_no_population_data("the backup agent's store",
                             store_bytes(t.agent_dir.path() + "/evidence.db"));
  for (const auto& log : t.logs) {
    if (log.starts_with(t.coordinator_dir.path())) {
      require_no_population_data("coordinator output " + log, read_file(log));
    }
  }
  // The coordinator keeps full keys sealed, and never received a row's values.
  require_no_population_data("the coordinator's store",
                             store_bytes(t.coordinator_dir.path() + "/evidence.db"));
}

TEST_CASE(
    "consistency (two agents): the coordinator killed -9 mid-run leaves a session the "
    "backup's agent closes itself, and the next run continues exactly",
    "[consistency][agents][kill]") {
  ScratchSchema scratch;
  people_with_three_differences(scratch);
  AgentProcesses t;
  t.start_agent();
  {
    BackupTableLock lock;
    const pid_t run = t.start_check_until_progress(lock);
    kill(run, SIGKILL);
    CHECK(wait_exit_code(run) == 128 + SIGKILL);
  }
  // Once its request that waited for the lock is done, the orphaned session idles and is closed.
  CHECK(within([&] { return t.agent_log().find("no request for 5 s") != std::string::npos; }, 30s));
  const auto result = t.check();
  INFO(result.out << result.err);
  CHECK(result.exit_code == 2);
  CHECK(revealed_differences(t.coordinator_config) == kThreeDifferences);
  require_no_population_data("the backup agent's log", t.agent_log());
}

}  // namespace jaga::test
