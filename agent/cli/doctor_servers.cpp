#include "cli/doctor_servers.h"

#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "db/connection.h"
#include "db/replica_status.h"

namespace jaga::cli {
namespace {

constexpr const char* kGrantsFix =
    "as root on {0}: mariadb < /usr/share/doc/jaga/grants.sql (ops/grants.sql in the source; "
    "change 'jaga'@'%' to the monitoring account {1}), then run jaga doctor again";

// What the checks run, one statement per privilege they need; each one refused names it.
std::vector<std::string> missing_grants(db::Connection& db, const config::Config& c, bool primary) {
  std::vector<std::string> missing;
  const auto tries = [&](const std::string& sql, const std::string& needs) {
    if (auto r = db.query(sql); !r) missing.push_back(needs + " (" + r.error().message + ")");
  };
  if (primary) {
    tries("SHOW MASTER STATUS", "BINLOG MONITOR or REPLICATION CLIENT");
  } else {
    tries(db::replica_status_query(db.flavour()), "SLAVE MONITOR or REPLICATION CLIENT");
  }
  for (const std::string& schema : c.consistency_check.schemas) {
    auto tables = db.query("SHOW TABLES FROM `" + schema + "`");
    if (!tables) {
      missing.push_back(fmt::format("SELECT on {}.* ({})", schema, tables.error().message));
    } else if (tables->rows.empty()) {
      missing.push_back(fmt::format("SELECT on {}.* (no table of it is visible)", schema));
    }
  }
  if (c.security_check.enabled) {
    tries(db.flavour() == db::Flavour::kMariaDB ? "SELECT 1 FROM mysql.global_priv LIMIT 0"
                                                : "SELECT 1 FROM mysql.user LIMIT 0",
          "SELECT on the account tables for the security check");
  }
  return missing;
}

DoctorLine tls_line(db::Connection& db, const config::ServerConfig& s) {
  const std::string topic = "TLS to " + db.label();
  auto status = db.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
  std::string cipher;
  if (status && !status->rows.empty() && status->rows[0].size() > 1 && status->rows[0][1]) {
    cipher = *status->rows[0][1];
  }
  if (!cipher.empty()) {
    return {Mark::kPass, topic,
            fmt::format("encrypted ({}, tls_mode {})", cipher, config::tls_mode_name(s.tls_mode)),
            ""};
  }
  if (s.on_this_host()) {
    return {Mark::kPass, topic, "not encrypted, but the connection never leaves this host", ""};
  }
  return {Mark::kFail, topic,
          "not encrypted: passwords and population data cross the network in clear",
          fmt::format("give the server a certificate (ssl_cert, ssl_key in its my.cnf, then "
                      "REQUIRE SSL for the account) and set {}.tls_mode = \"verify-identity\" "
                      "with tls_ca",
                      s.table())};
}

// The server's clock minus this host's, in seconds, halfway through the query.
std::optional<double> clock_offset(db::Connection& db, const Clock& clock) {
  const TimePoint before = clock.now();
  auto value = db.scalar("SELECT UNIX_TIMESTAMP(NOW(6))");
  const TimePoint after = clock.now();
  if (!value || !*value) return std::nullopt;
  const double local =
      std::chrono::duration<double>((before + (after - before) / 2).time_since_epoch()).count();
  return std::stod(**value) - local;
}

}  // namespace

void examine_servers(const config::Config& c, const Clock& clock, std::vector<DoctorLine>& out) {
  std::vector<std::pair<std::string, double>> offsets;
  for (const config::ServerConfig* s : {&c.primary, &c.backup}) {
    const std::string label = s->table() + " (" + s->endpoint() + ")";
    auto db = db::Connection::open(*s);
    if (!db) {
      out.push_back({Mark::kFail, "server " + label, db.error().message,
                     fmt::format("on {0}: systemctl status mariadb; from here: mariadb-admin "
                                 "ping {1}; check {2} in {3} and the firewall",
                                 s->host.empty() ? "this host" : s->host,
                                 s->socket.empty() ? fmt::format("-h {} -P {}", s->host, s->port)
                                                   : "-S " + s->socket,
                                 s->table(), c.path)});
      out.push_back({Mark::kSkip, "grants and TLS on " + label, "the server was not reached", ""});
      continue;
    }
    out.push_back({Mark::kPass, "server " + label,
                   fmt::format("reachable as {}, {} {}", s->user,
                               db::flavour_name((*db)->flavour()), (*db)->version()),
                   ""});
    const auto missing = missing_grants(**db, c, s == &c.primary);
    if (missing.empty()) {
      out.push_back(
          {Mark::kPass, "grants on " + label, "every statement the checks run is allowed", ""});
    } else {
      out.push_back({Mark::kFail, "grants on " + label,
                     fmt::format("{} lacks: {}", s->user, fmt::join(missing, "; ")),
                     fmt::format(kGrantsFix, s->host.empty() ? "this host" : s->host, s->user)});
    }
    out.push_back(tls_line(**db, *s));
    if (auto offset = clock_offset(**db, clock)) offsets.emplace_back(s->table(), *offset);
  }
  if (offsets.empty()) {
    out.push_back({Mark::kSkip, "clock skew", "no server was reached", ""});
    return;
  }
  double worst = 0;
  std::string worst_of;
  std::vector<std::string> seen;
  for (const auto& [name, offset] : offsets) {
    seen.push_back(fmt::format("{} {:+.3f} s", name, offset));
    if (std::abs(offset) > std::abs(worst)) {
      worst = offset;
      worst_of = name;
    }
  }
  if (offsets.size() == 2) {
    const double between = offsets[1].second - offsets[0].second;
    seen.push_back(fmt::format("between them {:.3f} s", std::abs(between)));
    if (std::abs(between) > std::abs(worst)) worst = between;
  }
  const std::string detail = "against this host: " + fmt::format("{}", fmt::join(seen, ", "));
  if (std::abs(worst) >= c.server_check.clock_skew_warn_seconds) {
    out.push_back({Mark::kFail, "clock skew",
                   detail + fmt::format(" (at least {} s)", c.server_check.clock_skew_warn_seconds),
                   "timedatectl set-ntp true on every host whose clock is off (check with: "
                   "timedatectl timesync-status, or chronyc tracking)"});
  } else {
    out.push_back({Mark::kPass, "clock skew", detail, ""});
  }
}

}  // namespace jaga::cli
