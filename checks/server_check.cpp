#include "checks/server_check.h"

#include <fmt/format.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>

namespace jaga::checks {
namespace {

double to_double(const db::Value& v) {
  if (!v) return 0;
  double out = 0;
  std::from_chars(v->data(), v->data() + v->size(), out);
  return out;
}

// What one server told us, and the offset of its clock from ours (server minus local).
struct ServerFacts {
  std::string version;
  bool read_only = false;
  double max_connections = 0;
  double threads_connected = 0;
  double uptime = 0;
  std::string server_id;
  double clock_offset = 0;
  double round_trip = 0;
};

Result<ServerFacts> read_facts(db::Connection& c) {
  using std::chrono::duration;
  ServerFacts f;
  const auto before = std::chrono::system_clock::now();
  auto vars = c.query(
      "SELECT @@version, @@read_only, @@max_connections, @@server_id, UNIX_TIMESTAMP(NOW(6))");
  const auto after = std::chrono::system_clock::now();
  if (!vars) return vars.error();
  const db::Row& row = vars->rows.at(0);
  f.version = row[0].value_or("");
  f.read_only = row[1].value_or("0") != "0";
  f.max_connections = to_double(row[2]);
  f.server_id = row[3].value_or("");
  const double local_mid =
      duration<double>((before + (after - before) / 2).time_since_epoch()).count();
  f.clock_offset = to_double(row[4]) - local_mid;
  f.round_trip = duration<double>(after - before).count();

  auto status =
      c.query("SHOW GLOBAL STATUS WHERE Variable_name IN ('Uptime', 'Threads_connected')");
  if (!status) return status.error();
  for (const db::Row& r : status->rows) {
    if (r[0] == "Uptime") f.uptime = to_double(r[1]);
    if (r[0] == "Threads_connected") f.threads_connected = to_double(r[1]);
  }
  return f;
}

Status above(double value, double warn, double crit) {
  return value >= crit ? Status::kCrit : value >= warn ? Status::kWarn : Status::kOk;
}

void check_server(CheckResult& r, const config::ServerCheckConfig& cfg, db::Role role,
                  const std::string& label, const ServerFacts& f) {
  const bool is_backup = role == db::Role::kBackup;
  const std::string who = is_backup ? "backup" : "primary";
  if (is_backup && !f.read_only) {
    r.add(Status::kWarn, fmt::format("{} server is writable (read_only=OFF); set read_only=ON so "
                                     "nothing but replication can change it",
                                     label));
  } else if (!is_backup && f.read_only) {
    r.add(Status::kCrit, fmt::format("{} server is read-only (read_only=ON): the office cannot "
                                     "record anything",
                                     label));
  }
  if (f.uptime < static_cast<double>(cfg.min_uptime_seconds)) {
    r.add(Status::kWarn, fmt::format("{} restarted {} ago", label, format_duration(f.uptime)));
  }
  const double pct = f.max_connections > 0 ? 100.0 * f.threads_connected / f.max_connections : 0;
  const Status conn = above(pct, cfg.connections_warn_percent, cfg.connections_crit_percent);
  if (conn != Status::kOk) {
    r.add(conn, fmt::format("{} has {:.0f} of {:.0f} connections in use ({:.0f}%)", label,
                            f.threads_connected, f.max_connections, pct));
  }
  r.metrics.push_back(
      {who + "_connections", pct, "%", cfg.connections_warn_percent, cfg.connections_crit_percent});
  r.metrics.push_back({who + "_uptime", f.uptime, "s", std::nullopt, std::nullopt});
  r.evidence[who] = {{"version", f.version},
                     {"read_only", f.read_only},
                     {"server_id", f.server_id},
                     {"uptime_seconds", f.uptime},
                     {"threads_connected", f.threads_connected},
                     {"max_connections", f.max_connections},
                     {"clock_offset_seconds", f.clock_offset}};
}

void check_volume(CheckResult& r, const config::VolumeConfig& v, std::vector<std::string>& ok) {
  struct statvfs st {};
  if (statvfs(v.path.c_str(), &st) != 0) {
    r.add(Status::kUnknown, fmt::format("volume '{}' ({}): cannot read free space: {}", v.name,
                                        v.path, std::strerror(errno)));
    return;
  }
  const double total = static_cast<double>(st.f_blocks) * static_cast<double>(st.f_frsize);
  const double free = static_cast<double>(st.f_bavail) * static_cast<double>(st.f_frsize);
  const double pct = total > 0 ? 100.0 * free / total : 0;
  const Status s = pct <= v.crit_free_percent   ? Status::kCrit
                   : pct <= v.warn_free_percent ? Status::kWarn
                                                : Status::kOk;
  const std::string text =
      fmt::format("{} {:.1f}% free ({:.1f} GiB)", v.name, pct, free / (1024.0 * 1024 * 1024));
  if (s == Status::kOk) {
    ok.push_back(text);
  } else {
    r.add(s, fmt::format("volume '{}' ({}) has only {:.1f}% free ({:.1f} GiB)", v.name, v.path, pct,
                         free / (1024.0 * 1024 * 1024)));
  }
  r.metrics.push_back(
      {"volume_" + v.name + "_free", pct, "%", v.warn_free_percent, v.crit_free_percent, true});
  r.evidence["volumes"][v.name] = {{"path", v.path}, {"free_percent", pct}, {"free_bytes", free}};
}

}  // namespace

CheckResult ServerCheck::run(CheckContext& context) {
  const config::ServerCheckConfig& cfg = context.config.server_check;
  CheckResult r;
  std::vector<std::string> ok_parts;
  std::optional<ServerFacts> facts[2];
  for (db::Role role : {db::Role::kPrimary, db::Role::kBackup}) {
    const int i = role == db::Role::kPrimary ? 0 : 1;
    auto conn = context.servers.get(role);
    if (!conn) {
      r.add(Status::kCrit, conn.error().message);
      continue;
    }
    auto f = read_facts(**conn);
    if (!f) {
      r.add(Status::kUnknown, f.error().message);
      continue;
    }
    check_server(r, cfg, role, (*conn)->label(), *f);
    ok_parts.push_back(fmt::format("{} {} up {}{}", i == 0 ? "primary" : "backup", f->version,
                                   format_duration(f->uptime),
                                   f->read_only ? ", read-only" : ", writable"));
    facts[i] = *f;
  }
  if (facts[0] && facts[1]) {
    if (facts[0]->server_id == facts[1]->server_id) {
      r.add(Status::kCrit, fmt::format("primary and backup have the same server_id {}; "
                                       "replication needs distinct ids",
                                       facts[0]->server_id));
    }
    const double skew = std::fabs(facts[0]->clock_offset - facts[1]->clock_offset);
    // Each offset is uncertain by half its round trip; do not alarm on that noise.
    const double noise = (facts[0]->round_trip + facts[1]->round_trip) / 2;
    const double measured = std::max(0.0, skew - noise);
    const Status s = above(measured, cfg.clock_skew_warn_seconds, cfg.clock_skew_crit_seconds);
    if (s != Status::kOk) {
      r.add(s, fmt::format("clocks of primary and backup differ by {:.3f} s", measured));
    }
    r.metrics.push_back(
        {"clock_skew", measured, "s", cfg.clock_skew_warn_seconds, cfg.clock_skew_crit_seconds});
    ok_parts.push_back(fmt::format("clock skew {:.3f} s", measured));
  }
  std::vector<std::string> volumes;
  for (const config::VolumeConfig& v : cfg.volumes) check_volume(r, v, volumes);
  if (!volumes.empty())
    ok_parts.push_back("volumes " + fmt::format("{}", fmt::join(volumes, ", ")));
  r.summarize(fmt::format("{}", fmt::join(ok_parts, "; ")));
  return r;
}

}  // namespace jaga::checks
