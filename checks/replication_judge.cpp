#include "checks/replication_judge.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "privacy/key_mask.h"

namespace jaga::checks {
namespace {

void judge_threads(CheckResult& r, const std::string& label, const db::ReplicaStatus& s) {
  if (!s.io_ok()) {
    std::string message = fmt::format(
        "{}: replication I/O thread is {} (not receiving from the "
        "primary)",
        label, s.io_running.empty() ? "stopped" : s.io_running);
    if (s.io_running == "No") message = fmt::format("{}: replication I/O thread stopped", label);
    if (!s.last_io_error.empty()) {
      message +=
          fmt::format(": error {}: {}", s.last_io_errno, privacy::mask_digit_runs(s.last_io_error));
    }
    r.add(Status::kCrit, FindingKind::kReplicationIoStopped, {{"errno", s.last_io_errno}}, message);
  }
  if (!s.sql_ok()) {
    std::string message = fmt::format("{}: replication SQL thread stopped", label);
    if (!s.last_sql_error.empty()) {
      message += fmt::format(": error {}: {}", s.last_sql_errno,
                             privacy::mask_digit_runs(s.last_sql_error));
    }
    r.add(Status::kCrit, FindingKind::kReplicationSqlStopped, {{"errno", s.last_sql_errno}},
          message);
  } else if (!s.last_sql_error.empty()) {
    r.add(Status::kWarn, FindingKind::kReplicationSqlError, {{"errno", s.last_sql_errno}},
          fmt::format("{}: last SQL error {}: {}", label, s.last_sql_errno,
                      privacy::mask_digit_runs(s.last_sql_error)));
  }
}

Status lag_status(double lag, const config::ReplicationCheckConfig& cfg) {
  if (lag >= static_cast<double>(cfg.lag_crit_seconds)) return Status::kCrit;
  if (lag >= static_cast<double>(cfg.lag_warn_seconds)) return Status::kWarn;
  return Status::kOk;
}

void judge_lag(CheckResult& r, const config::ReplicationCheckConfig& cfg, const std::string& label,
               const db::ReplicaStatus& s) {
  if (!s.seconds_behind) {
    if (s.io_ok() && s.sql_ok()) {
      r.add(Status::kUnknown, FindingKind::kReplicationLagUnknown, {},
            fmt::format("{}: the server reports no replication lag (NULL)", label));
    }
    return;
  }
  const int64_t lag = *s.seconds_behind;
  r.metrics.push_back({"replication_lag", static_cast<double>(lag), "s",
                       static_cast<double>(cfg.lag_warn_seconds),
                       static_cast<double>(cfg.lag_crit_seconds)});
  const Status status = lag_status(static_cast<double>(lag), cfg);
  if (status != Status::kOk) {
    r.add(status, FindingKind::kReplicationLag, {{"seconds", lag}},
          fmt::format("{} is {} behind the primary ({} at {} s)", label,
                      format_duration(static_cast<double>(lag)), status_name(status),
                      status == Status::kCrit ? cfg.lag_crit_seconds : cfg.lag_warn_seconds));
  }
}

void judge_gtids(CheckResult& r, const config::ReplicationCheckConfig& cfg,
                 const ReplicationObservation& seen) {
  if (!seen.gtids) {
    r.add(Status::kUnknown, FindingKind::kGtidUnknown, {},
          "cannot compare GTID positions: " + seen.gtid_error);
    return;
  }
  const db::GtidComparison& cmp = *seen.gtids;
  r.metrics.push_back({"gtid_gap", static_cast<double>(cmp.gap), "",
                       static_cast<double>(cfg.gtid_gap_warn),
                       static_cast<double>(cfg.gtid_gap_crit)});
  r.metrics.push_back(
      {"errant_transactions", static_cast<double>(cmp.errant.size()), "", std::nullopt, 1});
  r.evidence["gtid_gap"] = cmp.gap;
  r.evidence["errant_gtids"] = cmp.errant;
  // Saturated at UINT64_MAX when a position cannot be counted: never negative here.
  const auto gap = static_cast<int64_t>(
      std::min<uint64_t>(cmp.gap, static_cast<uint64_t>(std::numeric_limits<int64_t>::max())));
  if (gap >= cfg.gtid_gap_crit) {
    r.add(Status::kCrit, FindingKind::kGtidGap, {{"transactions", gap}},
          fmt::format("backup has not applied {} transactions of the primary (CRIT "
                      "at {})",
                      gap, cfg.gtid_gap_crit));
  } else if (gap >= cfg.gtid_gap_warn) {
    r.add(Status::kWarn, FindingKind::kGtidGap, {{"transactions", gap}},
          fmt::format("backup has not applied {} transactions of the primary (WARN "
                      "at {})",
                      gap, cfg.gtid_gap_warn));
  }
  if (!cmp.errant.empty()) {
    r.add(
        Status::kCrit, FindingKind::kErrantTransactions, {},
        fmt::format("errant transaction{} on the backup (written there, never on the primary): {}",
                    cmp.errant.size() == 1 ? "" : "s", fmt::join(cmp.errant, ", ")));
  }
}

// The heartbeat's time is the true lag, judged by the lag thresholds whatever the server's own
// Seconds_Behind_Master says; one that did not arrive shows the lag is at least the wait.
void judge_heartbeat(CheckResult& r, const config::ReplicationCheckConfig& cfg,
                     const HeartbeatObservation& h) {
  if (!h.error.empty()) {
    return r.add(Status::kUnknown, FindingKind::kHeartbeatUnknown, {}, "heartbeat: " + h.error);
  }
  r.metrics.push_back({"heartbeat_lag", h.waited, "s", static_cast<double>(cfg.lag_warn_seconds),
                       static_cast<double>(cfg.lag_crit_seconds)});
  const Status status = lag_status(h.waited, cfg);
  if (h.arrived) {
    r.evidence["heartbeat_lag_seconds"] = h.waited;
    if (status != Status::kOk) {
      r.add(status, FindingKind::kHeartbeatLate, {{"seconds", h.waited}},
            fmt::format("a heartbeat took {:.1f} s to reach the backup ({} at {} s)", h.waited,
                        status_name(status),
                        status == Status::kCrit ? cfg.lag_crit_seconds : cfg.lag_warn_seconds));
    }
    return;
  }
  r.evidence["heartbeat_lag_seconds"] = nullptr;
  r.add(worse(Status::kWarn, status), FindingKind::kHeartbeatMissing, {{"seconds", h.waited}},
        fmt::format("a heartbeat written on the primary has not reached the backup within {:.1f} "
                    "s (true lag is at least that)",
                    h.waited));
}

}  // namespace

CheckResult judge_replication(const ReplicationObservation& seen,
                              const config::ReplicationCheckConfig& cfg) {
  CheckResult r;
  if (!seen.backup_unreachable.empty()) {
    r.add(Status::kCrit, FindingKind::kServerUnreachable, {{"role", "backup"}},
          "cannot read replication state: " + seen.backup_unreachable);
    r.summarize("");
    return r;
  }
  if (!seen.status_error.empty()) {
    r.add(Status::kUnknown, FindingKind::kReplicationUnreadable, {}, seen.status_error);
    r.summarize("");
    return r;
  }
  const db::ReplicaStatus& s = seen.status;
  r.evidence["replica_status"] = {
      {"source", fmt::format("{}:{}", s.source_host, s.source_port)},
      {"io_running", s.io_running},
      {"sql_running", s.sql_running},
      {"seconds_behind", s.seconds_behind ? nlohmann::json(*s.seconds_behind) : nullptr},
      {"last_io_errno", s.last_io_errno},
      {"last_io_error", privacy::mask_digit_runs(s.last_io_error)},
      {"last_sql_errno", s.last_sql_errno},
      {"last_sql_error", privacy::mask_digit_runs(s.last_sql_error)},
      {"using_gtid", s.using_gtid},
      {"sql_state", s.sql_state}};
  // The server's own words, verbatim, stay on this host; they may quote a row's key.
  r.personal["last_io_error"] = s.last_io_error;
  r.personal["last_sql_error"] = s.last_sql_error;
  if (!s.configured) {
    r.add(Status::kCrit, FindingKind::kReplicationNotConfigured, {},
          fmt::format("{} is not replicating from anywhere (no replication is "
                      "configured)",
                      seen.label));
    r.summarize("");
    return r;
  }
  judge_threads(r, seen.label, s);
  judge_lag(r, cfg, seen.label, s);
  if (!s.using_gtid) {
    r.add(Status::kWarn, FindingKind::kReplicationNoGtid, {},
          fmt::format("{} replicates by binlog file and position, not GTID; "
                      "errant transactions cannot be detected",
                      seen.label));
  }
  if (!seen.primary_unreachable.empty()) {
    r.add(Status::kCrit, FindingKind::kServerUnreachable, {{"role", "primary"}},
          "cannot compare with the primary: " + seen.primary_unreachable);
  } else {
    judge_gtids(r, cfg, seen);
    if (seen.heartbeat) judge_heartbeat(r, cfg, *seen.heartbeat);
  }
  std::string ok = fmt::format("backup replicates from {}:{}, lag {} s", s.source_host,
                               s.source_port, s.seconds_behind.value_or(0));
  if (seen.gtids) {
    ok += fmt::format(", GTID gap {}, no errant transactions", seen.gtids->gap);
  }
  if (seen.heartbeat && seen.heartbeat->arrived) {
    ok += fmt::format(", heartbeat arrived in {:.3f} s", seen.heartbeat->waited);
  }
  r.summarize(ok);
  return r;
}

}  // namespace jaga::checks
