#include "backup/shared_snapshot.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace jaga::backup {
namespace {

constexpr int kAttempts = 20;

struct Position {
  std::string file;
  uint64_t offset = 0;
  bool operator==(const Position&) const = default;
};

Result<Position> begin_snapshot(db::Connection& c) {
  for (const char* sql : {"SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ",
                          "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"}) {
    if (auto r = c.execute(sql); !r) return r.error();
  }
  auto status = c.query("SHOW SESSION STATUS LIKE 'binlog_snapshot_%'");
  if (!status) return status.error();
  Position p;
  for (const auto& row : status->rows) {
    if (row.size() < 2 || !row[0] || !row[1]) continue;
    if (*row[0] == "Binlog_snapshot_file") p.file = *row[1];
    if (*row[0] == "Binlog_snapshot_position") p.offset = std::stoull(*row[1]);
  }
  return p;
}

Result<std::string> gtid_at(db::Connection& c, const Position& p) {
  if (p.file.empty()) return std::string();
  auto gtid = c.scalar(fmt::format("SELECT BINLOG_GTID_POS({}, {})", c.quote(p.file), p.offset));
  if (!gtid) return gtid.error();
  return gtid->value_or("");
}

}  // namespace

Result<SharedSnapshot> open_shared_snapshot(const config::ServerConfig& server, int count) {
  SharedSnapshot out;
  for (int i = 0; i < std::max(1, count); ++i) {
    auto c = db::Connection::open(server);
    if (!c) return c.error();
    if ((*c)->flavour() != db::Flavour::kMariaDB && i == 0) {
      spdlog::warn("{}: not MariaDB; the GTID position of the snapshot is not recorded",
                   (*c)->label());
    }
    out.connections.push_back(std::move(*c));
  }
  Position first;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    bool same = true;
    for (size_t i = 0; i < out.connections.size(); ++i) {
      auto p = begin_snapshot(*out.connections[i]);
      if (!p) return p.error();
      if (i == 0) first = *p;
      same = same && *p == first;
    }
    if (first.file.empty() && out.connections.size() > 1) break;  // no binlog: cannot compare
    if (same) {
      out.method = out.connections.size() == 1
                       ? "one connection"
                       : fmt::format("{} connections at one binlog position (attempt {})",
                                     out.connections.size(), attempt);
      auto gtid = gtid_at(*out.connections[0], first);
      if (!gtid) return gtid.error();
      out.gtid_position = *gtid;
      out.binlog_file = first.file;
      out.binlog_position = first.offset;
      return out;
    }
    for (auto& c : out.connections) {
      if (auto r = c->execute("ROLLBACK"); !r) return r.error();
    }
  }
  // Commits keep slipping in between (or there is no binary log to compare): one connection.
  for (auto& c : out.connections) (void)c->execute("ROLLBACK");
  out.connections.resize(1);
  auto p = begin_snapshot(*out.connections[0]);
  if (!p) return p.error();
  auto gtid = gtid_at(*out.connections[0], *p);
  if (!gtid) return gtid.error();
  out.gtid_position = *gtid;
  out.binlog_file = p->file;
  out.binlog_position = p->offset;
  out.method = first.file.empty() ? "single connection (the server writes no binary log)"
                                  : "single connection (commits kept arriving between snapshots)";
  spdlog::warn("{}: dumping on one connection: {}", out.connections[0]->label(), out.method);
  return out;
}

}  // namespace jaga::backup
