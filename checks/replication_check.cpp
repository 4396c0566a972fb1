#include "checks/replication_check.h"

#include <fmt/format.h>

#include <thread>

#include "db/gtid.h"
#include "db/replica_status.h"
#include "privacy/key_mask.h"

namespace jaga::checks {
namespace {

using db::Flavour;

void check_threads(CheckResult& r, const std::string& label, const db::ReplicaStatus& s) {
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
    r.add(Status::kCrit, message);
  }
  if (!s.sql_ok()) {
    std::string message = fmt::format("{}: replication SQL thread stopped", label);
    if (!s.last_sql_error.empty()) {
      message += fmt::format(": error {}: {}", s.last_sql_errno,
                             privacy::mask_digit_runs(s.last_sql_error));
    }
    r.add(Status::kCrit, message);
  } else if (!s.last_sql_error.empty()) {
    r.add(Status::kWarn, fmt::format("{}: last SQL error {}: {}", label, s.last_sql_errno,
                                     privacy::mask_digit_runs(s.last_sql_error)));
  }
}

void check_lag(CheckResult& r, const config::ReplicationCheckConfig& cfg, const std::string& label,
               const db::ReplicaStatus& s) {
  if (!s.seconds_behind) {
    if (s.io_ok() && s.sql_ok()) {
      r.add(Status::kUnknown,
            fmt::format("{}: the server reports no replication lag (NULL)", label));
    }
    return;
  }
  const int64_t lag = *s.seconds_behind;
  r.metrics.push_back({"replication_lag", static_cast<double>(lag), "s",
                       static_cast<double>(cfg.lag_warn_seconds),
                       static_cast<double>(cfg.lag_crit_seconds)});
  if (lag >= cfg.lag_crit_seconds) {
    r.add(Status::kCrit,
          fmt::format("{} is {} behind the primary (CRIT at {} s)", label,
                      format_duration(static_cast<double>(lag)), cfg.lag_crit_seconds));
  } else if (lag >= cfg.lag_warn_seconds) {
    r.add(Status::kWarn,
          fmt::format("{} is {} behind the primary (WARN at {} s)", label,
                      format_duration(static_cast<double>(lag)), cfg.lag_warn_seconds));
  }
}

Result<db::GtidComparison> compare_gtids(db::Connection& primary, db::Connection& backup) {
  if (backup.flavour() == Flavour::kMariaDB) {
    auto p = primary.query("SELECT @@gtid_binlog_state, @@gtid_binlog_pos");
    if (!p) return p.error();
    auto b = backup.query("SELECT @@gtid_binlog_state, @@gtid_slave_pos");
    if (!b) return b.error();
    return db::compare_mariadb(p->rows.at(0)[0].value_or(""), b->rows.at(0)[0].value_or(""),
                               p->rows.at(0)[1].value_or(""), b->rows.at(0)[1].value_or(""));
  }
  auto p = primary.scalar("SELECT @@GLOBAL.gtid_executed");
  if (!p) return p.error();
  auto b = backup.scalar("SELECT @@GLOBAL.gtid_executed");
  if (!b) return b.error();
  return db::compare_mysql(p->value_or(""), b->value_or(""));
}

void check_gtids(CheckResult& r, const config::ReplicationCheckConfig& cfg, db::Connection& primary,
                 db::Connection& backup) {
  auto cmp = compare_gtids(primary, backup);
  if (!cmp) {
    r.add(Status::kUnknown, "cannot compare GTID positions: " + cmp.error().message);
    return;
  }
  r.metrics.push_back({"gtid_gap", static_cast<double>(cmp->gap), "",
                       static_cast<double>(cfg.gtid_gap_warn),
                       static_cast<double>(cfg.gtid_gap_crit)});
  r.metrics.push_back(
      {"errant_transactions", static_cast<double>(cmp->errant.size()), "", std::nullopt, 1});
  r.evidence["gtid_gap"] = cmp->gap;
  r.evidence["errant_gtids"] = cmp->errant;
  const auto gap = static_cast<int64_t>(cmp->gap);
  if (gap >= cfg.gtid_gap_crit) {
    r.add(Status::kCrit, fmt::format("backup has not applied {} transactions of the primary (CRIT "
                                     "at {})",
                                     gap, cfg.gtid_gap_crit));
  } else if (gap >= cfg.gtid_gap_warn) {
    r.add(Status::kWarn, fmt::format("backup has not applied {} transactions of the primary (WARN "
                                     "at {})",
                                     gap, cfg.gtid_gap_warn));
  }
  if (!cmp->errant.empty()) {
    r.add(
        Status::kCrit,
        fmt::format("errant transaction{} on the backup (written there, never on the primary): {}",
                    cmp->errant.size() == 1 ? "" : "s", fmt::join(cmp->errant, ", ")));
  }
}

// Writes a heartbeat on the primary and waits up to heartbeat_wait_seconds for it to appear on
// the backup. The time it took is the true lag; if it does not arrive, the lag is at least the
// wait, whatever the server's own Seconds_Behind_Master says.
void check_heartbeat(CheckResult& r, const config::ReplicationCheckConfig& cfg,
                     db::Connection& primary, db::Connection& backup) {
  auto server_id = primary.scalar("SELECT @@server_id");
  if (!server_id) return r.add(Status::kUnknown, "heartbeat: " + server_id.error().message);
  const std::string id = server_id->value_or("0");
  auto created = primary.execute(
      "CREATE TABLE IF NOT EXISTS jaga.heartbeat (server_id INT UNSIGNED NOT NULL PRIMARY KEY, "
      "ts DATETIME(6) NOT NULL) ENGINE=InnoDB");
  if (!created) return r.add(Status::kUnknown, "heartbeat: " + created.error().message);
  auto written = primary.execute(
      fmt::format("INSERT INTO jaga.heartbeat (server_id, ts) VALUES ({0}, UTC_TIMESTAMP(6)) "
                  "ON DUPLICATE KEY UPDATE ts = VALUES(ts)",
                  id));
  if (!written) return r.add(Status::kUnknown, "heartbeat: " + written.error().message);
  auto ts = primary.scalar(fmt::format("SELECT ts FROM jaga.heartbeat WHERE server_id = {}", id));
  if (!ts || !*ts) return r.add(Status::kUnknown, "heartbeat: cannot read back the heartbeat");
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::duration<double>(cfg.heartbeat_wait_seconds);
  const std::string probe =
      fmt::format("SELECT COUNT(*) FROM jaga.heartbeat WHERE server_id = {} AND ts >= {}", id,
                  backup.quote(**ts));
  for (;;) {
    auto seen = backup.scalar(probe);
    if (!seen) return r.add(Status::kUnknown, "heartbeat: " + seen.error().message);
    const auto now = std::chrono::steady_clock::now();
    const double waited = std::chrono::duration<double>(now - start).count();
    if (seen->value_or("0") != "0") {
      r.metrics.push_back({"heartbeat_lag", waited, "s", static_cast<double>(cfg.lag_warn_seconds),
                           static_cast<double>(cfg.lag_crit_seconds)});
      r.evidence["heartbeat_lag_seconds"] = waited;
      return;
    }
    if (now >= deadline) {
      r.metrics.push_back({"heartbeat_lag", waited, "s", static_cast<double>(cfg.lag_warn_seconds),
                           static_cast<double>(cfg.lag_crit_seconds)});
      r.evidence["heartbeat_lag_seconds"] = nullptr;
      return r.add(Status::kWarn, fmt::format("a heartbeat written on the primary has not reached "
                                              "the backup within {:.1f} s (true lag is at least "
                                              "that)",
                                              waited));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

CheckResult ReplicationCheck::run(CheckContext& context) {
  const config::ReplicationCheckConfig& cfg = context.config.replication_check;
  CheckResult r;
  auto backup = context.servers.get(db::Role::kBackup);
  if (!backup) {
    r.add(Status::kCrit, "cannot read replication state: " + backup.error().message);
    r.summarize("");
    return r;
  }
  db::Connection& b = **backup;
  auto rows = b.query(db::replica_status_query(b.flavour()));
  if (!rows) {
    r.add(Status::kUnknown, rows.error().message);
    r.summarize("");
    return r;
  }
  auto status = db::parse_replica_status(b.flavour(), *rows);
  if (!status) {
    r.add(Status::kUnknown, fmt::format("{}: {}", b.label(), status.error().message));
    r.summarize("");
    return r;
  }
  const db::ReplicaStatus& s = *status;
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
    r.add(Status::kCrit, fmt::format("{} is not replicating from anywhere (no replication is "
                                     "configured)",
                                     b.label()));
    r.summarize("");
    return r;
  }
  check_threads(r, b.label(), s);
  check_lag(r, cfg, b.label(), s);
  if (!s.using_gtid) {
    r.add(Status::kWarn, fmt::format("{} replicates by binlog file and position, not GTID; "
                                     "errant transactions cannot be detected",
                                     b.label()));
  }

  auto primary = context.servers.get(db::Role::kPrimary);
  if (!primary) {
    r.add(Status::kCrit, "cannot compare with the primary: " + primary.error().message);
  } else {
    check_gtids(r, cfg, **primary, b);
    if (cfg.heartbeat && s.io_ok() && s.sql_ok()) check_heartbeat(r, cfg, **primary, b);
  }
  std::string ok = fmt::format("backup replicates from {}:{}, lag {} s", s.source_host,
                               s.source_port, s.seconds_behind.value_or(0));
  if (r.evidence.contains("gtid_gap")) {
    ok += fmt::format(", GTID gap {}, no errant transactions",
                      r.evidence["gtid_gap"].get<uint64_t>());
  }
  if (r.evidence.contains("heartbeat_lag_seconds") &&
      !r.evidence["heartbeat_lag_seconds"].is_null()) {
    ok += fmt::format(", heartbeat arrived in {:.3f} s",
                      r.evidence["heartbeat_lag_seconds"].get<double>());
  }
  r.summarize(ok);
  return r;
}

}  // namespace jaga::checks
