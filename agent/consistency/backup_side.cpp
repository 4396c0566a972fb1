#include "consistency/backup_side.h"

#include <fmt/format.h>

namespace jaga::consistency {

DirectBackupSide::DirectBackupSide(db::Connection& backup, DigestWhere where)
    : backup_(backup),
      digester_(where == DigestWhere::kAgent ? make_agent_digester() : make_server_digester()),
      sql_digester_(make_server_digester()) {}

Digester& DirectBackupSide::digester(const TableSchema& t) {
  return t.key_kind == KeyKind::kNone ? *sql_digester_ : *digester_;
}

Result<void> DirectBackupSide::prepare() {
  // Snapshots need REPEATABLE READ; TIMESTAMP columns print in UTC on both sides.
  if (auto r = backup_.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ"); !r) {
    return r;
  }
  return backup_.execute("SET SESSION time_zone = '+00:00'");
}

Result<db::ReplicaStatus> DirectBackupSide::replica_status() {
  auto rows = backup_.query(db::replica_status_query(backup_.flavour()));
  if (!rows) return rows.error();
  auto status = db::parse_replica_status(backup_.flavour(), *rows);
  if (!status) return Error{fmt::format("{}: {}", backup_.label(), status.error().message)};
  return status;
}

Result<bool> DirectBackupSide::snapshot_at(const std::string& position, double wait_seconds) {
  const bool maria = backup_.flavour() == db::Flavour::kMariaDB;
  auto reached = backup_.scalar(fmt::format(
      "SELECT {}({}, {:.3f})", maria ? "MASTER_GTID_WAIT" : "WAIT_FOR_EXECUTED_GTID_SET",
      backup_.quote(position), wait_seconds));
  if (!reached) return reached.error();
  if (reached->value_or("") != "0") return false;
  if (auto r = backup_.execute("START TRANSACTION READ ONLY, WITH CONSISTENT SNAPSHOT"); !r) {
    return r.error();
  }
  return true;
}

Result<void> DirectBackupSide::end_snapshot() { return backup_.execute("COMMIT"); }

Result<std::vector<ChunkAnswer>> DirectBackupSide::digest(const TableSchema& t,
                                                          const std::vector<ChunkRequest>& chunks,
                                                          size_t keep_bytes) {
  const bool keyed = t.key_kind != KeyKind::kNone;
  std::vector<ChunkAnswer> out;
  out.reserve(chunks.size());
  for (const ChunkRequest& c : chunks) {
    ChunkAnswer answer;
    answer.kept = RowList(keep_bytes);
    auto digest = digester(t).chunk(backup_, t, c.lo, c.hi, 0, keyed ? &answer.kept : nullptr);
    if (!digest) return digest.error();
    keep_bytes -= std::min(keep_bytes, answer.kept.bytes());
    answer.rows = digest->rows;
    answer.value = std::move(digest->value);
    out.push_back(std::move(answer));
  }
  return out;
}

Result<db::ResultSet> DirectBackupSide::rows(const TableSchema& t,
                                             const std::optional<KeyValue>& lo,
                                             const std::optional<KeyValue>& hi) {
  return digester(t).rows(backup_, t, lo, hi);
}

Result<db::ResultSet> DirectBackupSide::rows_by_key(const TableSchema& t,
                                                    const std::vector<KeyValue>& keys) {
  return digester(t).rows_by_key(backup_, t, keys);
}

Result<bool> DirectBackupSide::has_table(const std::string& schema, const std::string& name) {
  auto exists = backup_.scalar(
      fmt::format("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = {} AND "
                  "TABLE_NAME = {}",
                  backup_.quote(schema), backup_.quote(name)));
  if (!exists) return exists.error();
  return exists->value_or("0") != "0";
}

Result<void> DirectBackupSide::ping() {
  if (auto r = backup_.scalar("SELECT 1"); !r) return r.error();
  return Ok();
}

Result<std::string> DirectBackupSide::gtid_state() {
  auto state =
      backup_.scalar(backup_.flavour() == db::Flavour::kMariaDB ? "SELECT @@GLOBAL.gtid_slave_pos"
                                                                : "SELECT @@GLOBAL.gtid_executed");
  if (!state) return state.error();
  return state->value_or("");
}

}  // namespace jaga::consistency
