// Every rule of the replication check's judgement (checks/replication_judge.h), without a server:
// what each observation is judged, and that nothing unseen is judged OK.
#include "checks/replication_judge.h"

#include <catch2/catch.hpp>

namespace jaga::checks {
namespace {

using Catch::Contains;

// A healthy GTID replica of 127.0.0.1:3306, compared with the primary, gap 0.
ReplicationObservation healthy() {
  ReplicationObservation seen;
  seen.label = "backup 127.0.0.2:3306";
  seen.status.configured = true;
  seen.status.source_host = "127.0.0.1";
  seen.status.source_port = 3306;
  seen.status.io_running = "Yes";
  seen.status.sql_running = "Yes";
  seen.status.seconds_behind = 0;
  seen.status.using_gtid = true;
  seen.gtids = db::GtidComparison{};
  return seen;
}

const config::ReplicationCheckConfig kConfig;  // lag WARN 60 s, CRIT 300 s; gap 1000 / 100000

bool has_metric(const CheckResult& r, const std::string& name) {
  for (const Metric& m : r.metrics) {
    if (m.name == name) return true;
  }
  return false;
}

TEST_CASE("replication judge: a healthy replica is OK with what was compared", "[checks][judge]") {
  const CheckResult r = judge_replication(healthy(), kConfig);
  CHECK(r.status == Status::kOk);
  CHECK(r.summary ==
        "backup replicates from 127.0.0.1:3306, lag 0 s, GTID gap 0, no errant transactions");
  CHECK(has_metric(r, "replication_lag"));
  CHECK(has_metric(r, "gtid_gap"));
}

TEST_CASE("replication judge: what could not be read is never OK", "[checks][judge]") {
  ReplicationObservation seen;
  seen.backup_unreachable = "cannot connect: Connection refused";
  CHECK(judge_replication(seen, kConfig).status == Status::kCrit);

  seen = {};
  seen.status_error = "backup: SHOW REPLICA STATUS: access denied";
  const CheckResult unread = judge_replication(seen, kConfig);
  CHECK(unread.status == Status::kUnknown);
  CHECK(unread.metrics.empty());

  seen = healthy();
  seen.status.seconds_behind.reset();
  const CheckResult null_lag = judge_replication(seen, kConfig);
  CHECK(null_lag.status == Status::kUnknown);
  CHECK_THAT(null_lag.summary, Contains("reports no replication lag (NULL)"));
  CHECK_FALSE(has_metric(null_lag, "replication_lag"));

  seen = healthy();
  seen.gtids.reset();
  seen.gtid_error = "@@gtid_binlog_state: access denied";
  const CheckResult no_gtids = judge_replication(seen, kConfig);
  CHECK(no_gtids.status == Status::kUnknown);
  CHECK_THAT(no_gtids.summary, Contains("cannot compare GTID positions"));
  CHECK_FALSE(has_metric(no_gtids, "gtid_gap"));

  seen = healthy();
  seen.gtids.reset();
  seen.primary_unreachable = "cannot connect: timeout";
  CHECK(judge_replication(seen, kConfig).status == Status::kCrit);
}

TEST_CASE("replication judge: a server that is no replica, or stopped threads, are CRIT",
          "[checks][judge]") {
  ReplicationObservation seen = healthy();
  seen.status = db::ReplicaStatus{};
  const CheckResult none = judge_replication(seen, kConfig);
  CHECK(none.status == Status::kCrit);
  CHECK_THAT(none.summary, Contains("is not replicating from anywhere"));

  seen = healthy();
  seen.status.io_running = "Connecting";
  seen.status.seconds_behind.reset();
  const CheckResult connecting = judge_replication(seen, kConfig);
  CHECK(connecting.status == Status::kCrit);
  CHECK_THAT(connecting.summary, Contains("replication I/O thread is Connecting"));

  seen = healthy();
  seen.status.sql_running = "No";
  seen.status.seconds_behind.reset();
  seen.status.last_sql_errno = 1062;
  seen.status.last_sql_error = "Duplicate entry '3322010101010001' for key 'PRIMARY'";
  const CheckResult stopped = judge_replication(seen, kConfig);
  CHECK(stopped.status == Status::kCrit);
  CHECK_THAT(stopped.summary, Contains("SQL thread stopped: error 1062"));
  // The server's words may quote a NIK: masked in what is shown, verbatim only in `personal`.
  CHECK_THAT(stopped.summary, !Contains("3322010101010001"));
  CHECK(stopped.personal["last_sql_error"] == seen.status.last_sql_error);
  CHECK(stopped.evidence.dump().find("3322010101010001") == std::string::npos);
  // The kind and parameters the report says it from: the error number, never the server's words.
  REQUIRE_FALSE(stopped.findings.empty());
  CHECK(stopped.findings[0].kind == FindingKind::kReplicationSqlStopped);
  CHECK(stopped.findings[0].params == nlohmann::json{{"errno", 1062}});

  seen = healthy();
  seen.status.last_sql_error = "an error the SQL thread got past";
  CHECK(judge_replication(seen, kConfig).status == Status::kWarn);
}

TEST_CASE("replication judge: lag and GTID gap at their thresholds", "[checks][judge]") {
  ReplicationObservation seen = healthy();
  seen.status.seconds_behind = 59;
  CHECK(judge_replication(seen, kConfig).status == Status::kOk);
  seen.status.seconds_behind = 60;
  CHECK_THAT(judge_replication(seen, kConfig).summary,
             Contains("is 1 min 0 s behind the primary (WARN at 60 s)"));
  seen.status.seconds_behind = 300;
  const CheckResult lagging = judge_replication(seen, kConfig);
  CHECK(lagging.status == Status::kCrit);
  REQUIRE(lagging.findings.size() == 1);
  CHECK(lagging.findings[0].kind == FindingKind::kReplicationLag);
  CHECK(lagging.findings[0].params == nlohmann::json{{"seconds", 300}});

  seen = healthy();
  seen.gtids->gap = 999;
  CHECK(judge_replication(seen, kConfig).status == Status::kOk);
  seen.gtids->gap = 1000;
  CHECK(judge_replication(seen, kConfig).status == Status::kWarn);
  seen.gtids->gap = 100000;
  CHECK(judge_replication(seen, kConfig).status == Status::kCrit);

  seen = healthy();
  seen.gtids->errant = {"0-2-57"};
  const CheckResult errant = judge_replication(seen, kConfig);
  CHECK(errant.status == Status::kCrit);
  CHECK_THAT(errant.summary, Contains("errant transaction on the backup") && Contains("0-2-57"));

  seen = healthy();
  seen.status.using_gtid = false;
  CHECK_THAT(judge_replication(seen, kConfig).summary,
             Contains("binlog file and position, not GTID"));
}

// The heartbeat is the true lag: a replica that says 0 s while the heartbeat takes longer than
// the thresholds is judged by the heartbeat. (Before the split, a heartbeat that arrived late
// but within the wait was recorded as a metric only, and the check said OK.)
TEST_CASE("replication judge: the heartbeat's time is judged by the lag thresholds",
          "[checks][judge]") {
  config::ReplicationCheckConfig cfg = kConfig;
  cfg.heartbeat_wait_seconds = 400;
  ReplicationObservation seen = healthy();
  seen.heartbeat = HeartbeatObservation{true, 0.25, ""};
  const CheckResult fast = judge_replication(seen, cfg);
  CHECK(fast.status == Status::kOk);
  CHECK_THAT(fast.summary, Contains("heartbeat arrived in 0.250 s"));

  seen.heartbeat = HeartbeatObservation{true, 75, ""};
  const CheckResult slow = judge_replication(seen, cfg);
  CHECK(slow.status == Status::kWarn);
  CHECK_THAT(slow.summary, Contains("a heartbeat took 75.0 s to reach the backup (WARN at 60 s)"));

  seen.heartbeat = HeartbeatObservation{false, 2.0, ""};
  const CheckResult late = judge_replication(seen, cfg);
  CHECK(late.status == Status::kWarn);
  CHECK_THAT(late.summary, Contains("has not reached the backup within 2.0 s"));
  CHECK(late.evidence["heartbeat_lag_seconds"].is_null());

  seen.heartbeat = HeartbeatObservation{false, 400, ""};
  CHECK(judge_replication(seen, cfg).status == Status::kCrit);

  seen.heartbeat = HeartbeatObservation{false, 0, "jaga.heartbeat: access denied"};
  const CheckResult failed = judge_replication(seen, cfg);
  CHECK(failed.status == Status::kUnknown);
  CHECK_THAT(failed.summary, Contains("heartbeat: jaga.heartbeat: access denied"));
}

}  // namespace
}  // namespace jaga::checks
