// Every rule of the server check's judgement (checks/server_judge.h), without a server or a
// disk: roles, restarts, connections, server ids, clock skew, free space, and that nothing the
// servers did not report is judged OK.
#include "checks/server_judge.h"

#include <catch2/catch.hpp>

namespace jaga::checks {
namespace {

using Catch::Contains;

ServerObservation server(db::Role role) {
  ServerObservation seen;
  seen.role = role;
  const bool primary = role == db::Role::kPrimary;
  seen.label = primary ? "primary 127.0.0.1:3306" : "backup 127.0.0.2:3306";
  ServerFacts f;
  f.version = "10.11.6-MariaDB";
  f.read_only = !primary;
  f.max_connections = 151;
  f.threads_connected = 10;
  f.uptime = 86400;
  f.server_id = primary ? "1" : "2";
  f.clock_offset = primary ? 0.010 : 0.020;
  f.round_trip = 0.002;
  seen.facts = f;
  return seen;
}

std::vector<ServerObservation> both() {
  return {server(db::Role::kPrimary), server(db::Role::kBackup)};
}

VolumeObservation volume(double free_percent) {
  VolumeObservation v;
  v.volume = {"data", "/var/lib/mysql", 15.0, 5.0};
  v.total_bytes = 100.0 * 1024 * 1024 * 1024;
  v.free_bytes = v.total_bytes * free_percent / 100;
  return v;
}

const config::ServerCheckConfig kConfig;

TEST_CASE("server judge: two healthy servers and a roomy disk are OK", "[checks][judge]") {
  const CheckResult r = judge_servers(both(), {volume(50)}, kConfig);
  CHECK(r.status == Status::kOk);
  CHECK_THAT(r.summary, Contains("primary 10.11.6-MariaDB up 1 d 0 h, writable") &&
                            Contains("backup 10.11.6-MariaDB up 1 d 0 h, read-only") &&
                            Contains("clock skew 0.008 s") && Contains("data 50.0% free"));
}

TEST_CASE("server judge: an unreachable server is CRIT, an unreadable one UNKNOWN",
          "[checks][judge]") {
  auto servers = both();
  servers[1].facts.reset();
  servers[1].unreachable = "backup 127.0.0.2:3306: cannot connect: Connection refused";
  const CheckResult down = judge_servers(servers, {}, kConfig);
  CHECK(down.status == Status::kCrit);
  CHECK_FALSE(down.summary.empty());
  servers[1].unreachable.clear();
  servers[1].unreadable = "backup: SHOW GLOBAL STATUS: access denied";
  const CheckResult unread = judge_servers(servers, {}, kConfig);
  CHECK(unread.status == Status::kUnknown);
  // No clock skew is claimed with one server unread.
  for (const Metric& m : unread.metrics) CHECK(m.name != "clock_skew");
}

TEST_CASE("server judge: roles, restarts and server ids", "[checks][judge]") {
  auto servers = both();
  servers[1].facts->read_only = false;
  CHECK(judge_servers(servers, {}, kConfig).status == Status::kWarn);
  servers = both();
  servers[0].facts->read_only = true;
  CHECK_THAT(judge_servers(servers, {}, kConfig).summary,
             Contains("read-only (read_only=ON): the office cannot record anything"));
  servers = both();
  servers[0].facts->uptime = 30;
  CHECK_THAT(judge_servers(servers, {}, kConfig).summary, Contains("restarted 30 s ago"));
  servers = both();
  servers[1].facts->server_id = "1";
  CHECK(judge_servers(servers, {}, kConfig).status == Status::kCrit);
}

TEST_CASE("server judge: connections in use at their thresholds, and unknown when unreported",
          "[checks][judge]") {
  config::ServerCheckConfig cfg = kConfig;
  cfg.connections_warn_percent = 80;
  cfg.connections_crit_percent = 95;
  auto servers = both();
  servers[0].facts->max_connections = 100;
  servers[0].facts->threads_connected = 79;
  CHECK(judge_servers(servers, {}, cfg).status == Status::kOk);
  servers[0].facts->threads_connected = 80;
  CHECK(judge_servers(servers, {}, cfg).status == Status::kWarn);
  servers[0].facts->threads_connected = 95;
  CHECK_THAT(judge_servers(servers, {}, cfg).summary,
             Contains("has 95 of 100 connections in use (95%)"));
  // Before the split an unreadable max_connections counted as 0% in use: OK.
  servers[0].facts->max_connections.reset();
  const CheckResult unknown = judge_servers(servers, {}, cfg);
  CHECK(unknown.status == Status::kUnknown);
  CHECK_THAT(unknown.summary, Contains("connections in use not known"));
  servers[0].facts->max_connections = 100;
  servers[0].facts->threads_connected = 10;
  servers[0].facts->uptime.reset();
  CHECK(judge_servers(servers, {}, cfg).status == Status::kUnknown);
}

TEST_CASE("server judge: clock skew beyond the round trip's noise", "[checks][judge]") {
  config::ServerCheckConfig cfg = kConfig;
  cfg.clock_skew_warn_seconds = 1;
  cfg.clock_skew_crit_seconds = 5;
  auto servers = both();
  servers[1].facts->clock_offset = 1.5;
  CHECK(judge_servers(servers, {}, cfg).status == Status::kWarn);
  servers[1].facts->clock_offset = 6;
  CHECK_THAT(judge_servers(servers, {}, cfg).summary, Contains("clocks of primary and backup"));
  CHECK(judge_servers(servers, {}, cfg).status == Status::kCrit);
  servers[1].facts->clock_offset = 1.001;
  servers[0].facts->round_trip = 0.5;
  servers[1].facts->round_trip = 0.5;
  CHECK(judge_servers(servers, {}, cfg).status == Status::kOk);  // within the noise
  servers[1].facts->clock_offset.reset();
  CHECK(judge_servers(servers, {}, cfg).status == Status::kUnknown);
}

TEST_CASE("server judge: free space at its thresholds, and unknown when unread",
          "[checks][judge]") {
  CHECK(judge_servers({}, {volume(15.1)}, kConfig).status == Status::kOk);
  const CheckResult warn = judge_servers({}, {volume(15)}, kConfig);
  CHECK(warn.status == Status::kWarn);
  CHECK_THAT(warn.summary, Contains("volume 'data' (/var/lib/mysql) has only 15.0% free"));
  CHECK(judge_servers({}, {volume(5)}, kConfig).status == Status::kCrit);
  VolumeObservation missing = volume(50);
  missing.error = "No such file or directory";
  CHECK(judge_servers({}, {missing}, kConfig).status == Status::kUnknown);
  VolumeObservation empty = volume(0);
  empty.total_bytes = 0;
  CHECK(judge_servers({}, {empty}, kConfig).status == Status::kUnknown);
}

}  // namespace
}  // namespace jaga::checks
