// Issue 18: `jaga check --warning/--critical/--timeout` as a Nagios plugin's -w/-c/-t, and the
// performance data of every check re-read by an independent range-syntax reader
// (tests/integration/perfdata.h): no metric's thresholds may alert worse than the check judged,
// and a figure pushed over its threshold makes its check say so.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>

#include "tests/integration/backup_fixture.h"
#include "tests/integration/consistency_scratch.h"
#include "tests/integration/perfdata.h"
#include "tests/integration/sandbox.h"

namespace jaga::test {
namespace {

using Catch::Contains;
using Catch::StartsWith;

struct Plugin {
  ProcessResult process;
  Status status = Status::kUnknown;
  std::vector<PerfValue> perf;
};

// Runs `jaga check ARGS -f nagios` and reads its output as a poller would.
Plugin plugin(const std::string& config, std::vector<std::string> args) {
  std::vector<std::string> argv = {"--config", config, "check", "-f", "nagios"};
  argv.insert(argv.end(), args.begin(), args.end());
  Plugin p;
  p.process = run_jaga(argv);
  INFO(p.process.out << p.process.err);
  const auto line_status = nagios_line_status(p.process.out);
  REQUIRE(line_status);
  p.status = *line_status;
  CHECK(p.process.exit_code == exit_code(p.status));
  p.perf = parse_perfdata(p.process.out);
  return p;
}

// What the perfdata's thresholds say, at worst, for the check that printed them.
Status worst_of_perfdata(const Plugin& p) {
  Status worst = Status::kOk;
  for (const PerfValue& v : p.perf) {
    worst = worse(worst, v.status());
    if (v.value && v.min) CHECK(*v.value >= *v.min);
    if (v.value && v.max) CHECK(*v.value <= *v.max);
  }
  return worst;
}

const PerfValue& metric(const Plugin& p, const std::string& label) {
  for (const PerfValue& v : p.perf) {
    if (v.label == label) return v;
  }
  FAIL("no perfdata " << label << " in " << p.process.out);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("no check's perfdata thresholds alert worse than the check judged on a healthy pair",
          "[cli][nagios][perfdata]") {
  Sandbox::get().heal();
  TempDir dir;
  const std::string config = private_config(dir);
  for (const char* check : {"server", "replication", "consistency", "security"}) {
    INFO(check);
    const Plugin p = plugin(config, {check});
    INFO(p.process.out);
    CHECK_FALSE(p.perf.empty());
    CHECK(exit_code(worst_of_perfdata(p)) <= exit_code(p.status));
  }
}

TEST_CASE("check replication --warning/--critical judge the lag and its perfdata agrees",
          "[cli][nagios][perfdata]") {
  Sandbox::get().heal();
  TempDir dir;
  const std::string config = private_config(dir);
  // Caught up: the lag is 0 s, OK under the configured 60/300 s, WARN from 0 s on.
  const Plugin configured = plugin(config, {"replication"});
  CHECK(configured.status == Status::kOk);
  const Plugin warned = plugin(config, {"replication", "--warning", "0", "--critical", "5m"});
  INFO(warned.process.out);
  CHECK(warned.status == Status::kWarn);
  CHECK_THAT(warned.process.out, Contains("replication_lag=0s;@0:;@300:;0"));
  CHECK(metric(warned, "replication_lag").status() == Status::kWarn);
  CHECK(worst_of_perfdata(warned) == Status::kWarn);
  const Plugin critical = plugin(config, {"replication", "-w", "0", "--critical", "0"});
  CHECK(critical.status == Status::kCrit);
  CHECK(worst_of_perfdata(critical) == Status::kCrit);
}

TEST_CASE("check server --warning/--critical set the free space of every volume",
          "[cli][nagios][perfdata]") {
  TempDir dir;
  const std::string config = private_config(dir);
  // Every volume has less than 100% free: at or below 100% is CRIT.
  const Plugin p = plugin(config, {"server", "--warning", "100%", "--critical", "100"});
  INFO(p.process.out);
  CHECK(p.status == Status::kCrit);
  CHECK(metric(p, "volume_data_free").status() == Status::kCrit);
  CHECK(metric(p, "volume_backup_free").status() == Status::kCrit);
  CHECK(metric(p, "volume_data_free").crit->end == 100);
  CHECK(worst_of_perfdata(p) == Status::kCrit);
}

TEST_CASE("check backups --warning/--critical judge the newest backup's age",
          "[cli][nagios][perfdata][backup]") {
  BackupFixture fixture;
  fixture.take();
  const Plugin fresh = plugin(fixture.config_path(), {"backups"});
  INFO(fresh.process.out);
  CHECK(fresh.status == Status::kOk);
  CHECK(worst_of_perfdata(fresh) == Status::kOk);
  const Plugin warned =
      plugin(fixture.config_path(), {"backups", "--warning", "0", "--critical", "2d"});
  INFO(warned.process.out);
  CHECK(warned.status == Status::kWarn);
  CHECK(metric(warned, "newest_backup_age_seconds_jaga").crit->start == 2 * 86400);
  CHECK(worst_of_perfdata(warned) == Status::kWarn);
}

TEST_CASE("check consistency --critical N makes fewer differing rows WARN, never OK",
          "[cli][nagios][perfdata][consistency]") {
  ScratchSchema scratch;
  scratch.on_primary(
      "CREATE TABLE jaga_ctest.t (id INT NOT NULL PRIMARY KEY, c INT) "
      "ENGINE=InnoDB");
  scratch.on_primary(
      "INSERT INTO jaga_ctest.t (id, c) SELECT seq, seq FROM jaga_ctest.seq_1_to_20");
  scratch.catch_up();
  scratch.on_backup_only("UPDATE jaga_ctest.t SET c = 0 WHERE id = 7");
  TempDir dir;
  const std::string config = private_config(dir);
  const std::vector<std::string> only = {"consistency", "--schema", "jaga_ctest", "--restart"};
  auto with = [&](std::vector<std::string> more) {
    more.insert(more.begin(), only.begin(), only.end());
    return plugin(config, more);
  };
  const Plugin warned = with({"--critical", "2"});
  INFO(warned.process.out);
  CHECK(warned.status == Status::kWarn);
  CHECK(metric(warned, "differing_rows").status() == Status::kWarn);
  CHECK(worst_of_perfdata(warned) == Status::kWarn);
  const Plugin critical = with({});
  INFO(critical.process.out);
  CHECK(critical.status == Status::kCrit);
  CHECK(metric(critical, "differing_rows").status() == Status::kCrit);
  CHECK(worst_of_perfdata(critical) == Status::kCrit);
  CHECK(with({"--warning", "1"}).status == Status::kUnknown);
}

TEST_CASE("check --warning without exactly one check with a main figure is one UNKNOWN line",
          "[cli][nagios]") {
  TempDir dir;
  const std::string config = private_config(dir);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--warning", "10"},
        std::vector<std::string>{"server", "replication", "--warning", "10"},
        std::vector<std::string>{"security", "--critical", "1"},
        std::vector<std::string>{"replication", "--warning", "ten"},
        std::vector<std::string>{"replication", "--warning", "400"},
        std::vector<std::string>{"server", "--timeout", "0"}}) {
    const Plugin p = plugin(config, args);
    INFO(p.process.out);
    CHECK(p.status == Status::kUnknown);
    CHECK(p.process.out.find('\n') == p.process.out.size() - 1);
  }
}

TEST_CASE("check --timeout ends a run blocked on a frozen server as one UNKNOWN line in time",
          "[cli][nagios][timeout]") {
  Sandbox& sandbox = Sandbox::get();
  sandbox.heal();
  TempDir dir;
  // The read timeout (30 s) is far longer than --timeout.
  const std::string config = private_config(dir);
  const auto started = std::chrono::steady_clock::now();
  ProcessResult r;
  {
    FrozenServer frozen(sandbox.server_pid(db::Role::kBackup));
    r = run_jaga({"--config", config, "check", "replication", "-f", "nagios", "--timeout", "2s"});
  }
  const auto took = std::chrono::steady_clock::now() - started;
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.out, StartsWith("JAGA UNKNOWN - no result within 2 s (--timeout)"));
  CHECK(r.out.find('\n') == r.out.size() - 1);
  CHECK(took < std::chrono::seconds(10));
  sandbox.heal();
}

}  // namespace jaga::test
