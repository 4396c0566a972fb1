#include "checks/server_judge.h"

#include <fmt/format.h>

#include <cmath>

namespace jaga::checks {
namespace {

std::string_view role_name(db::Role role) {
  return role == db::Role::kBackup ? "backup" : "primary";
}

Status above(double value, double warn, double crit) {
  return value >= crit ? Status::kCrit : value >= warn ? Status::kWarn : Status::kOk;
}

void judge_server(CheckResult& r, const config::ServerCheckConfig& cfg,
                  const ServerObservation& seen) {
  const ServerFacts& f = *seen.facts;
  const std::string& label = seen.label;
  const bool is_backup = seen.role == db::Role::kBackup;
  const std::string who(role_name(seen.role));
  if (is_backup && !f.read_only) {
    r.add(Status::kWarn, FindingKind::kServerBackupWritable, {{"role", who}},
          fmt::format("{} server is writable (read_only=OFF); set read_only=ON so "
                      "nothing but replication can change it",
                      label));
  } else if (!is_backup && f.read_only) {
    r.add(Status::kCrit, FindingKind::kServerPrimaryReadOnly, {{"role", who}},
          fmt::format("{} server is read-only (read_only=ON): the office cannot "
                      "record anything",
                      label));
  }
  if (!f.uptime) {
    r.add(Status::kUnknown, FindingKind::kServerUptimeUnknown, {{"role", who}},
          fmt::format("{} did not report its uptime", label));
  } else if (*f.uptime < static_cast<double>(cfg.min_uptime_seconds)) {
    r.add(Status::kWarn, FindingKind::kServerRestarted, {{"role", who}, {"seconds", *f.uptime}},
          fmt::format("{} restarted {} ago", label, format_duration(*f.uptime)));
  }
  if (!f.max_connections || *f.max_connections <= 0 || !f.threads_connected) {
    r.add(Status::kUnknown, FindingKind::kServerConnectionsUnknown, {{"role", who}},
          fmt::format("{}: connections in use not known (max_connections or "
                      "Threads_connected not reported)",
                      label));
  } else {
    const double pct = 100.0 * *f.threads_connected / *f.max_connections;
    const Status conn = above(pct, cfg.connections_warn_percent, cfg.connections_crit_percent);
    if (conn != Status::kOk) {
      r.add(conn, FindingKind::kServerConnections,
            {{"role", who},
             {"percent", pct},
             {"in_use", *f.threads_connected},
             {"max", *f.max_connections}},
            fmt::format("{} has {:.0f} of {:.0f} connections in use ({:.0f}%)", label,
                        *f.threads_connected, *f.max_connections, pct));
    }
    r.metrics.push_back({who + "_connections", pct, "%", cfg.connections_warn_percent,
                         cfg.connections_crit_percent});
  }
  if (f.uptime) r.metrics.push_back({who + "_uptime", *f.uptime, "s", std::nullopt, std::nullopt});
  const auto json_of = [](const std::optional<double>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  r.evidence[who] = {{"version", f.version},
                     {"read_only", f.read_only},
                     {"server_id", f.server_id},
                     {"uptime_seconds", json_of(f.uptime)},
                     {"threads_connected", json_of(f.threads_connected)},
                     {"max_connections", json_of(f.max_connections)},
                     {"clock_offset_seconds", json_of(f.clock_offset)}};
}

void judge_volume(CheckResult& r, const VolumeObservation& seen, std::vector<std::string>& ok) {
  const config::VolumeConfig& v = seen.volume;
  if (!seen.error.empty() || seen.total_bytes <= 0) {
    r.add(Status::kUnknown, FindingKind::kVolumeUnreadable, {{"volume", v.name}},
          fmt::format("volume '{}' ({}): cannot read free space: {}", v.name, v.path,
                      seen.error.empty() ? "the file system reports no size" : seen.error));
    return;
  }
  const double free = seen.free_bytes;
  const double pct = 100.0 * free / seen.total_bytes;
  const Status s = pct <= v.crit_free_percent   ? Status::kCrit
                   : pct <= v.warn_free_percent ? Status::kWarn
                                                : Status::kOk;
  const std::string text =
      fmt::format("{} {:.1f}% free ({:.1f} GiB)", v.name, pct, free / (1024.0 * 1024 * 1024));
  if (s == Status::kOk) {
    ok.push_back(text);
  } else {
    r.add(s, FindingKind::kVolumeLow,
          {{"volume", v.name}, {"free_percent", pct}, {"free_bytes", free}},
          fmt::format("volume '{}' ({}) has only {:.1f}% free ({:.1f} GiB)", v.name, v.path, pct,
                      free / (1024.0 * 1024 * 1024)));
  }
  r.metrics.push_back(
      {"volume_" + v.name + "_free", pct, "%", v.warn_free_percent, v.crit_free_percent, true});
  r.evidence["volumes"][v.name] = {{"path", v.path}, {"free_percent", pct}, {"free_bytes", free}};
}

}  // namespace

CheckResult judge_servers(const std::vector<ServerObservation>& servers,
                          const std::vector<VolumeObservation>& volumes,
                          const config::ServerCheckConfig& cfg) {
  CheckResult r;
  std::vector<std::string> ok_parts;
  const ServerFacts* primary = nullptr;
  const ServerFacts* backup = nullptr;
  for (const ServerObservation& seen : servers) {
    if (!seen.unreachable.empty()) {
      r.add(Status::kCrit, FindingKind::kServerUnreachable, {{"role", role_name(seen.role)}},
            seen.unreachable);
      continue;
    }
    if (!seen.facts) {
      r.add(Status::kUnknown, FindingKind::kServerUnreadable, {{"role", role_name(seen.role)}},
            seen.unreadable);
      continue;
    }
    judge_server(r, cfg, seen);
    const ServerFacts& f = *seen.facts;
    const bool is_primary = seen.role == db::Role::kPrimary;
    ok_parts.push_back(fmt::format("{} {} up {}{}", is_primary ? "primary" : "backup", f.version,
                                   format_duration(f.uptime.value_or(0)),
                                   f.read_only ? ", read-only" : ", writable"));
    (is_primary ? primary : backup) = &f;
  }
  if (primary && backup) {
    if (primary->server_id == backup->server_id) {
      r.add(Status::kCrit, FindingKind::kServerSameId, {},
            fmt::format("primary and backup have the same server_id {}; "
                        "replication needs distinct ids",
                        primary->server_id));
    }
    if (!primary->clock_offset || !backup->clock_offset) {
      r.add(Status::kUnknown, FindingKind::kClockSkewUnknown, {},
            "clock skew not known: a server's time was not a number");
    } else {
      const double skew = std::fabs(*primary->clock_offset - *backup->clock_offset);
      // Each offset is uncertain by half its round trip; do not alarm on that noise.
      const double noise = (primary->round_trip + backup->round_trip) / 2;
      const double measured = std::max(0.0, skew - noise);
      const Status s = above(measured, cfg.clock_skew_warn_seconds, cfg.clock_skew_crit_seconds);
      if (s != Status::kOk) {
        r.add(s, FindingKind::kClockSkew, {{"seconds", measured}},
              fmt::format("clocks of primary and backup differ by {:.3f} s", measured));
      }
      r.metrics.push_back(
          {"clock_skew", measured, "s", cfg.clock_skew_warn_seconds, cfg.clock_skew_crit_seconds});
      ok_parts.push_back(fmt::format("clock skew {:.3f} s", measured));
    }
  }
  std::vector<std::string> ok_volumes;
  for (const VolumeObservation& v : volumes) judge_volume(r, v, ok_volumes);
  if (!ok_volumes.empty()) {
    ok_parts.push_back("volumes " + fmt::format("{}", fmt::join(ok_volumes, ", ")));
  }
  r.summarize(fmt::format("{}", fmt::join(ok_parts, "; ")));
  return r;
}

}  // namespace jaga::checks
