#include "checks/server_check.h"

#include <fmt/format.h>

#include <charconv>

#include "checks/server_judge.h"

namespace jaga::checks {
namespace {

// A number the server gave as text; nullopt for NULL or anything that is not wholly a number.
std::optional<double> number(const db::Value& v) {
  if (!v || v->empty()) return std::nullopt;
  double out = 0;
  const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || end != v->data() + v->size()) return std::nullopt;
  return out;
}

Result<ServerFacts> read_facts(db::Connection& c) {
  using std::chrono::duration;
  ServerFacts f;
  const auto before = std::chrono::system_clock::now();
  auto vars = c.query(
      "SELECT @@version, @@read_only, @@max_connections, @@server_id, UNIX_TIMESTAMP(NOW(6))");
  const auto after = std::chrono::system_clock::now();
  if (!vars) return vars.error();
  if (vars->rows.empty() || vars->rows[0].size() < 5) {
    return Error{fmt::format("{}: the server variables came back empty", c.label())};
  }
  const db::Row& row = vars->rows[0];
  f.version = row[0].value_or("");
  f.read_only = row[1].value_or("0") != "0";
  f.max_connections = number(row[2]);
  f.server_id = row[3].value_or("");
  const double local_mid =
      duration<double>((before + (after - before) / 2).time_since_epoch()).count();
  if (const auto server_time = number(row[4])) f.clock_offset = *server_time - local_mid;
  f.round_trip = duration<double>(after - before).count();

  auto status =
      c.query("SHOW GLOBAL STATUS WHERE Variable_name IN ('Uptime', 'Threads_connected')");
  if (!status) return status.error();
  for (const db::Row& r : status->rows) {
    if (r.size() < 2) continue;
    if (r[0] == "Uptime") f.uptime = number(r[1]);
    if (r[0] == "Threads_connected") f.threads_connected = number(r[1]);
  }
  return f;
}

}  // namespace

VolumeObservation observe_volume(Env& env, const config::VolumeConfig& v) {
  VolumeObservation seen;
  seen.volume = v;
  auto space = env.volume_space(v.path);
  if (!space) {
    seen.error = space.error().message;
    return seen;
  }
  seen.total_bytes = space->total_bytes;
  seen.free_bytes = space->free_bytes;
  return seen;
}

CheckResult ServerCheck::run(CheckContext& context) {
  std::vector<ServerObservation> servers;
  for (db::Role role : {db::Role::kPrimary, db::Role::kBackup}) {
    ServerObservation& seen = servers.emplace_back();
    seen.role = role;
    auto conn = context.servers.get(role);
    if (!conn) {
      seen.unreachable = conn.error().message;
      continue;
    }
    seen.label = (*conn)->label();
    auto facts = read_facts(**conn);
    if (facts) {
      seen.facts = std::move(*facts);
    } else {
      seen.unreadable = facts.error().message;
    }
  }
  std::vector<VolumeObservation> volumes;
  for (const config::VolumeConfig& v : context.config.server_check.volumes) {
    volumes.push_back(observe_volume(context.env, v));
  }
  return judge_servers(servers, volumes, context.config.server_check);
}

}  // namespace jaga::checks
