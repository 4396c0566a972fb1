// `jaga serve` as systemd runs it: scheduled checks land in the evidence store, SIGHUP reloads
// the configuration (a broken one is refused and the old one kept), SIGTERM and SIGINT stop it
// within seconds even while a check hangs, and an idle agent uses no CPU.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <functional>
#include <sstream>
#include <thread>

#include "report/period.h"
#include "report/report.h"
#include "store/evidence_store.h"
#include "tests/integration/sandbox.h"
#include "workflow/definition.h"
#include "workflow/report_store.h"

namespace jaga::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

const std::string kServerEverySecond =
    "\n[schedule]\ntime_zone = \"+07:00\"\n[[schedule.jobs]]\ncheck = \"server\"\n"
    "every = \"1s\"\n";

// The sandbox configuration with its own evidence store and `schedule` appended.
std::string serve_config(const TempDir& dir, const std::string& schedule,
                         const std::string& from = "", const std::string& to = "") {
  const std::string path = private_config(dir, from, to);
  return dir.write("jaga.toml", read_file(path) + schedule, 0644);
}

// Polls `done` every 50 ms for at most `timeout`.
bool wait_until(const std::function<bool()>& done, seconds timeout) {
  const auto give_up = steady_clock::now() + timeout;
  while (!done()) {
    if (steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(milliseconds(50));
  }
  return true;
}

std::vector<store::StoredRun> serve_runs(const TempDir& dir) {
  auto store = store::EvidenceStore::open(dir.path() + "/evidence.db");
  if (!store) FAIL(store.error().message);
  store::HistoryQuery query;
  query.limit = 100000;
  auto runs = (*store)->runs(query);
  if (!runs) FAIL(runs.error().message);
  std::vector<store::StoredRun> serve;
  for (auto& run : *runs) {
    if (run.command == "serve") serve.push_back(std::move(run));
  }
  return serve;
}

// Whether serve has kept a run of `command` that finished (quick_check: its start-up check of the
// store).
bool has_finished_run(const TempDir& dir, const std::string& command) {
  auto store = store::EvidenceStore::open(dir.path() + "/evidence.db");
  if (!store) return false;
  auto runs = (*store)->runs(store::HistoryQuery{});
  if (!runs) return false;
  for (const store::StoredRun& run : *runs) {
    if (run.command == command && run.finished_at) return true;
  }
  return false;
}

size_t finished_runs(const TempDir& dir) {
  size_t n = 0;
  for (const auto& run : serve_runs(dir)) n += run.finished_at.has_value();
  return n;
}

// A `jaga serve` process, killed when the test ends without stopping it.
class ServeProcess {
 public:
  ServeProcess(const std::string& config, const TempDir& dir)
      : err_path_(dir.path() + "/serve.err"),
        pid_(start_jaga({"--config", config, "serve"}, dir.path() + "/serve.out", err_path_)) {}
  ~ServeProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  pid_t pid() const { return pid_; }
  std::string log() const { return read_file(err_path_); }
  bool log_has(const std::string& text) const { return log().find(text) != std::string::npos; }
  bool alive() const { return waitpid(pid_, nullptr, WNOHANG) == 0; }

  // Sends `signal` and waits for the exit; the exit code and how long it took.
  std::pair<int, double> stop(int signal) {
    const auto start = steady_clock::now();
    kill(pid_, signal);
    const int code = wait_exit_code(pid_);
    pid_ = -1;
    return {code, std::chrono::duration<double>(steady_clock::now() - start).count()};
  }

 private:
  std::string err_path_;
  pid_t pid_;
};

// User plus system CPU time of `pid` in clock ticks (/proc/PID/stat fields 14 and 15).
long cpu_ticks(pid_t pid) {
  const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) stime = std::stol(field);
  }
  return utime + stime;
}

// A line of /proc/PID/status, e.g. "VmRSS:	    7424 kB".
std::string status_line(pid_t pid, const std::string& key) {
  std::istringstream status(read_file("/proc/" + std::to_string(pid) + "/status"));
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with(key + ":")) return line;
  }
  return "";
}

}  // namespace

TEST_CASE(
    "jaga serve runs its jobs, keeps running on a broken SIGHUP, reloads a good one, stops "
    "on SIGTERM",
    "[serve]") {
  TempDir dir;
  const std::string config = serve_config(dir, kServerEverySecond);
  const std::string good = read_file(config);
  ServeProcess serve(config, dir);

  REQUIRE(wait_until([&] { return finished_runs(dir) >= 2; }, seconds(30)));
  INFO(serve.log());
  CHECK(serve.log_has("job server: every 1s"));
  CHECK(serve_runs(dir).front().status == Status::kOk);

  // A broken configuration written in place: refused with file and line, the old one kept.
  dir.write("jaga.toml", replace_all(good, "check = \"server\"", "check = \"servers\""), 0644);
  kill(serve.pid(), SIGHUP);
  REQUIRE(wait_until([&] { return serve.log_has("configuration not reloaded"); }, seconds(10)));
  CHECK(serve.log_has(config + ":"));
  CHECK(serve.log_has("unknown check 'servers'"));
  const size_t before = finished_runs(dir);
  CHECK(wait_until([&] { return finished_runs(dir) >= before + 2; }, seconds(30)));
  CHECK(serve.alive());

  // Fixed (and changed): reloaded, and the new schedule is in force.
  dir.write("jaga.toml", replace_all(good, "every = \"1s\"", "every = \"2s\""), 0644);
  kill(serve.pid(), SIGHUP);
  REQUIRE(wait_until([&] { return serve.log_has("configuration reloaded from"); }, seconds(10)));
  CHECK(wait_until([&] { return serve.log_has("job server: every 2s"); }, seconds(5)));
  const size_t after = finished_runs(dir);
  CHECK(wait_until([&] { return finished_runs(dir) >= after + 1; }, seconds(30)));

  const auto [code, took] = serve.stop(SIGTERM);
  CHECK(code == 0);
  CHECK(took < 5.0);
  CHECK_THAT(read_file(dir.path() + "/serve.err"), Catch::Contains("SIGTERM: stopping"));
}

TEST_CASE("jaga serve stops within 5 s on SIGTERM while a check hangs on a frozen server",
          "[serve][down]") {
  TempDir dir;
  // A long connect timeout keeps the server check waiting on the frozen backup.
  const std::string config =
      serve_config(dir, kServerEverySecond, "connect_timeout_seconds = 3",
                   "connect_timeout_seconds = 60\nread_timeout_seconds = 60");
  {
    FrozenServer frozen(Sandbox::get().server_pid(db::Role::kBackup));
    ServeProcess serve(config, dir);
    REQUIRE(wait_until([&] { return serve.log_has("running check server"); }, seconds(30)));
    // The run is in the store, unfinished: the check is held by the frozen server.
    REQUIRE(wait_until(
        [&] {
          const auto runs = serve_runs(dir);
          return !runs.empty() && !runs.front().finished_at;
        },
        seconds(30)));
    INFO(serve.log());
    const auto [code, took] = serve.stop(SIGTERM);
    CHECK(code == 0);
    CHECK(took < 5.0);
    const std::string log = read_file(dir.path() + "/serve.err");
    CHECK_THAT(log, Catch::Contains("stopping without waiting longer for server"));
  }
  // The abandoned run is in the store as interrupted, as after a kill.
  const auto runs = serve_runs(dir);
  REQUIRE_FALSE(runs.empty());
  CHECK_FALSE(runs.front().finished_at.has_value());
  Sandbox::get().wait_for_catch_up();
}

TEST_CASE("jaga serve makes up a run missed while it was down once, at start", "[serve]") {
  TempDir dir;
  const std::string config =
      serve_config(dir,
                   "\n[schedule]\ntime_zone = \"UTC\"\n[[schedule.jobs]]\ncheck = \"server\"\n"
                   "every = \"1d\"\n");
  {
    // The last server check finished three days ago: three daily runs were missed.
    const std::string host = Sandbox::get().config().agent.host_name;
    auto store = store::EvidenceStore::open(dir.path() + "/evidence.db");
    if (!store) FAIL(store.error().message);
    const TimePoint then = std::chrono::system_clock::now() - std::chrono::hours(72);
    auto run = (*store)->begin_run(host, "check", then);
    REQUIRE(run.ok());
    checks::CheckResult result;
    result.check = "server";
    result.summary = "three days ago";
    result.started = then;
    result.finished = then + seconds(1);
    REQUIRE((*store)->record(*run, host, result).ok());
    REQUIRE((*store)->finish_run(*run, Status::kOk, then + seconds(1)).ok());
  }
  ServeProcess serve(config, dir);
  REQUIRE(wait_until([&] { return finished_runs(dir) >= 1; }, seconds(30)));
  // The scenario: two more seconds in which a second make-up run would have started. Absence
  // has no condition to wait for.
  std::this_thread::sleep_for(seconds(2));
  INFO(serve.log());
  CHECK(finished_runs(dir) == 1);
  CHECK(serve.log_has("job server: every 1d; due now (scheduled "));
  CHECK(serve.stop(SIGTERM).first == 0);
}

TEST_CASE("an idle jaga serve uses no CPU and has one thread, and SIGINT stops it",
          "[serve][idle]") {
  TempDir dir;
  // One daily job, due twelve hours from now.
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  const std::string daily =
      "\n[schedule]\ntime_zone = \"UTC\"\n[[schedule.jobs]]\n"
      "check = \"consistency\"\ncron = \"0 " +
      std::to_string((tm.tm_hour + 12) % 24) + " * * *\"\n";
  ServeProcess serve(serve_config(dir, daily), dir);
  REQUIRE(wait_until([&] { return serve.log_has("job consistency:"); }, seconds(10)));
  // Start-up ends with the store's quick_check; after it serve only sleeps.
  REQUIRE(
      wait_until([&] { return has_finished_run(dir, store::kQuickCheckCommand); }, seconds(30)));

  const long ticks_before = cpu_ticks(serve.pid());
  std::this_thread::sleep_for(seconds(3));  // the scenario: three idle seconds, measured
  const long ticks = cpu_ticks(serve.pid()) - ticks_before;
  INFO("CPU ticks in 3 s: " << ticks << " (" << sysconf(_SC_CLK_TCK) << " per second); "
                            << status_line(serve.pid(), "VmRSS"));
  CHECK(ticks <= 1);  // at most one 10 ms tick of rounding in 3 s
  CHECK(status_line(serve.pid(), "Threads") == "Threads:\t1");
  CHECK(serve_runs(dir).empty());

  const auto [code, took] = serve.stop(SIGINT);
  CHECK(code == 0);
  CHECK(took < 2.0);
}

TEST_CASE("jaga serve with an invalid configuration exits 1 naming the file and line",
          "[serve][config]") {
  TempDir dir;
  const std::string config =
      serve_config(dir, "\n[[schedule.jobs]]\ncheck = \"consistency\"\ncron = \"0 2 * * 8\"\n");
  const auto r = run_jaga({"--config", config, "serve"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains(config + ":"));
  CHECK_THAT(r.err, Catch::Contains("'schedule.jobs[0].cron': cron expression \"0 2 * * 8\": "
                                    "day-of-week field \"8\": 8 is outside 0-7"));
}

}  // namespace jaga::test

namespace jaga::test {

TEST_CASE("jaga serve logs a report whose SOP step is overdue only once", "[serve][workflow]") {
  TempDir dir;
  const std::string path = serve_config(dir, kServerEverySecond);
  auto config = config::load_config(path);
  REQUIRE(config.ok());
  auto definition = workflow::load_definition(config->workflow.definition);
  if (!definition) FAIL(definition.error().message);
  {
    auto store = store::EvidenceStore::open(config->agent.evidence_db);
    REQUIRE(store.ok());
    // Drafted eight days ago and never finalized: the APK's 15 working minutes are long gone,
    // whatever the time of day or week the test runs at.
    const TimePoint drafted = std::chrono::system_clock::now() - std::chrono::hours(8 * 24);
    auto registered = workflow::ReportStore(**store).register_draft(
        *definition,
        workflow::DraftInput{"LAP/H/20261101", "daily", "2026-11-01", "2026-11-01",
                             "%PDF-1.4\n% a drafted report\n%%EOF\n", "{}",
                             drafted - std::chrono::minutes(1)},
        drafted);
    if (!registered) FAIL(registered.error().message);
  }
  ServeProcess serve(path, dir);
  REQUIRE(wait_until([&] { return serve.log_has("is overdue by"); }, seconds(20)));
  INFO(serve.log());
  CHECK(serve.log_has("report LAP/H/20261101: step 'finalize'"));
  REQUIRE(wait_until([&] { return finished_runs(dir) >= 3; }, seconds(30)));
  const auto [code, took] = serve.stop(SIGTERM);
  CHECK(code == 0);
  const std::string log = read_file(dir.path() + "/serve.err");
  CHECK(log.find("is overdue by") == log.rfind("is overdue by"));  // reminded once
}

}  // namespace jaga::test

namespace jaga::test {
namespace {

std::vector<store::StoredResult> report_job_results(const TempDir& dir,
                                                    const std::string& job = "report_daily") {
  auto store = store::EvidenceStore::open(dir.path() + "/evidence.db");
  if (!store) FAIL(store.error().message);
  store::HistoryQuery query;
  query.check = job;
  query.limit = 1000;
  auto results = (*store)->results(query);
  if (!results) FAIL(results.error().message);
  return *results;  // newest first
}

}  // namespace

TEST_CASE("jaga serve drafts the day that just closed once however often its report job runs",
          "[serve][report]") {
  TempDir dir;
  const std::string path = serve_config(
      dir, kServerEverySecond + "[[schedule.reports]]\nperiod = \"daily\"\nevery = \"1s\"\n",
      Sandbox::get().dir() + "/reports", dir.path() + "/reports");
  const TimePoint started = std::chrono::system_clock::now();
  ServeProcess serve(path, dir);
  REQUIRE(wait_until([&] { return report_job_results(dir).size() >= 3; }, seconds(90)));
  const auto [code, took] = serve.stop(SIGTERM);
  CHECK(code == 0);
  const std::string log = read_file(dir.path() + "/serve.err");
  INFO(log);
  CHECK_THAT(log, Catch::Contains("job report_daily: every 1s"));
  CHECK_THAT(log, Catch::Contains("job report_daily: OK — drafted report "));
  CHECK_THAT(log, Catch::Contains("job report_daily: OK — already drafted: report "));

  // One report in the register, version 1, for yesterday in the office's zone, with its files.
  auto config = config::load_config(path);
  REQUIRE(config.ok());
  auto store = store::EvidenceStore::open(config->agent.evidence_db);
  REQUIRE(store.ok());
  auto reports = workflow::ReportStore(**store).list();
  REQUIRE(reports.ok());
  REQUIRE(reports->size() == 1);
  const workflow::ReportRow& r = reports->front();
  CHECK(r.period_kind == "daily");
  CHECK(r.current_version == 1);
  // The day that closed last when serve started, or when it stopped (across the office's midnight).
  const auto last_closed = [&](TimePoint at) {
    auto period =
        report::closed_period(report::PeriodKind::kDaily, std::nullopt, config->report.zone, at);
    REQUIRE(period.ok());
    return report::format_date(period->first);
  };
  const std::string before = last_closed(started),
                    after = last_closed(std::chrono::system_clock::now());
  CHECK((r.period_start == before || r.period_start == after));
  CHECK(r.period_end == r.period_start);
  CHECK(std::filesystem::exists(dir.path() + "/reports/" + report::file_stem(r.number) + ".pdf"));

  // Every run of the job is a result: the oldest drafted, the later ones found it drafted.
  const auto results = report_job_results(dir);
  for (const store::StoredResult& result : results) {
    CHECK(result.status == Status::kOk);
    CHECK(result.evidence["number"] == r.number);
  }
  CHECK(results.back().evidence["already_drafted"] == false);
  CHECK(results.front().evidence["already_drafted"] == true);
}

TEST_CASE("a report job that cannot draft is a CRIT result and serve keeps running",
          "[serve][report]") {
  TempDir dir;
  // No workflow definition at that path: the draft cannot enter the SOP chain.
  Sandbox& sb = Sandbox::get();
  const std::string original = read_file(sb.config_path());
  const size_t at = original.find("definition = ");
  REQUIRE(at != std::string::npos);
  const std::string definition_line = original.substr(at, original.find('\n', at) - at);
  const std::string path = serve_config(
      dir, kServerEverySecond + "[[schedule.reports]]\nperiod = \"weekly\"\nevery = \"1s\"\n",
      definition_line, "definition = \"" + dir.path() + "/missing-sop.toml\"");
  ServeProcess serve(path, dir);
  REQUIRE(wait_until([&] { return serve.log_has("job report_weekly: CRIT"); }, seconds(60)));
  REQUIRE(wait_until([&] { return finished_runs(dir) >= 4; }, seconds(30)));
  CHECK(serve.alive());
  CHECK(serve.log_has("drafting the weekly report failed: "));
  CHECK(serve.log_has("missing-sop.toml"));
  const auto [code, took] = serve.stop(SIGTERM);
  CHECK(code == 0);
  auto store = store::EvidenceStore::open(dir.path() + "/evidence.db");
  REQUIRE(store.ok());
  auto reports = workflow::ReportStore(**store).list();
  REQUIRE(reports.ok());
  CHECK(reports->empty());
  const auto results = report_job_results(dir, "report_weekly");
  REQUIRE_FALSE(results.empty());
  CHECK(results.front().status == Status::kCrit);
}

}  // namespace jaga::test
