#include "checks/replication_check.h"

#include <fmt/format.h>

#include "checks/replication_judge.h"
#include "db/gtid.h"
#include "db/replica_status.h"

namespace jaga::checks {
namespace {

using db::Flavour;

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

// Writes a heartbeat on the primary and waits up to heartbeat_wait_seconds for it to appear on
// the backup; judge_replication judges the time it took.
HeartbeatObservation observe_heartbeat(Env& env, const config::ReplicationCheckConfig& cfg,
                                       db::Connection& primary, db::Connection& backup) {
  HeartbeatObservation h;
  auto server_id = primary.scalar("SELECT @@server_id");
  if (!server_id) return {false, 0, server_id.error().message};
  const std::string id = server_id->value_or("0");
  auto created = primary.execute(
      "CREATE TABLE IF NOT EXISTS jaga.heartbeat (server_id INT UNSIGNED NOT NULL PRIMARY KEY, "
      "ts DATETIME(6) NOT NULL) ENGINE=InnoDB");
  if (!created) return {false, 0, created.error().message};
  auto written = primary.execute(
      fmt::format("INSERT INTO jaga.heartbeat (server_id, ts) VALUES ({0}, UTC_TIMESTAMP(6)) "
                  "ON DUPLICATE KEY UPDATE ts = VALUES(ts)",
                  id));
  if (!written) return {false, 0, written.error().message};
  auto ts = primary.scalar(fmt::format("SELECT ts FROM jaga.heartbeat WHERE server_id = {}", id));
  if (!ts || !*ts) return {false, 0, "cannot read back the heartbeat"};
  const MonotonicTime start = env.monotonic();
  const auto deadline = start + std::chrono::duration<double>(cfg.heartbeat_wait_seconds);
  const std::string probe =
      fmt::format("SELECT COUNT(*) FROM jaga.heartbeat WHERE server_id = {} AND ts >= {}", id,
                  backup.quote(**ts));
  for (;;) {
    auto seen = backup.scalar(probe);
    if (!seen) return {false, 0, seen.error().message};
    const MonotonicTime now = env.monotonic();
    h.waited = std::chrono::duration<double>(now - start).count();
    h.arrived = seen->value_or("0") != "0";
    if (h.arrived || now >= deadline) return h;
    env.sleep_for(std::chrono::milliseconds(20));
  }
}

// Everything the judge needs, read from the two servers.
ReplicationObservation observe(CheckContext& context) {
  const config::ReplicationCheckConfig& cfg = context.config.replication_check;
  ReplicationObservation seen;
  auto backup = context.servers.get(db::Role::kBackup);
  if (!backup) {
    seen.backup_unreachable = backup.error().message;
    return seen;
  }
  db::Connection& b = **backup;
  seen.label = b.label();
  auto rows = b.query(db::replica_status_query(b.flavour()));
  if (!rows) {
    seen.status_error = rows.error().message;
    return seen;
  }
  auto status = db::parse_replica_status(b.flavour(), *rows);
  if (!status) {
    seen.status_error = fmt::format("{}: {}", b.label(), status.error().message);
    return seen;
  }
  seen.status = std::move(*status);
  if (!seen.status.configured) return seen;
  auto primary = context.servers.get(db::Role::kPrimary);
  if (!primary) {
    seen.primary_unreachable = primary.error().message;
    return seen;
  }
  auto gtids = compare_gtids(**primary, b);
  if (gtids) {
    seen.gtids = std::move(*gtids);
  } else {
    seen.gtid_error = gtids.error().message;
  }
  if (cfg.heartbeat && seen.status.io_ok() && seen.status.sql_ok()) {
    seen.heartbeat = observe_heartbeat(context.env, cfg, **primary, b);
  }
  return seen;
}

}  // namespace

CheckResult ReplicationCheck::run(CheckContext& context) {
  return judge_replication(observe(context), context.config.replication_check);
}

}  // namespace jaga::checks
