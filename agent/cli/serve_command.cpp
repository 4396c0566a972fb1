// `jaga serve`: the agent as a long-running service. The main thread sleeps in schedule::Wakeup
// until a job falls due, a job ends or a signal arrives; each job runs on a thread of its own:
// a check through run_and_record(), exactly as `jaga check NAME` does, a report draft through
// run_report_job(), exactly as `jaga report draft` does.
//
// The evidence store's PRAGMA quick_check runs when serve starts and then once a day; a damaged
// store is logged as CRIT naming the file and notified.
//
// The evidence store is opened here and passed down, one connection per thread that uses it:
// the main loop's (kept while it works, reopened after a failure, since the file may come back),
// the peer API's workers', the pull thread's and the metrics workers' (opened with the services,
// again on each reload: evidence_db may have changed), and one per job, opened by run_and_record
// on the job's thread. Not one shared connection because SQLite keeps a transaction per
// connection: two threads on one would write into each other's transactions (or fail to BEGIN
// while the other is in one), and a long pull or quick_check would block every other thread
// behind one lock. In WAL mode separate connections read while one of them writes.
//
// Signals: SIGHUP reloads the configuration (an invalid one is logged and the old one kept);
// SIGTERM and SIGINT stop. A job still running then gets kStopGrace to finish; after that the
// process exits anyway, which is safe: its run stays in the evidence store as interrupted and
// the consistency check continues from the checkpoint it saves after every chunk.
#include <fmt/format.h>
#include <mysql.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <set>

#include "checks/registry.h"
#include "cli/check_runner.h"
#include "cli/commands.h"
#include "cli/report_job.h"
#include "core/text.h"
#include "desk/desk_server.h"
#include "log/logging.h"
#include "metrics/metrics_server.h"
#include "notify/notify_service.h"
#include "peer/peer_service.h"
#include "report/rollup_rules.h"
#include "schedule/job_runner.h"
#include "schedule/scheduler.h"
#include "schedule/wakeup.h"
#include "store/evidence_store.h"
#include "store/result_retention.h"
#include "store/result_rollup.h"
#include "store/store_space.h"
#include "workflow/definition.h"
#include "workflow/reminders.h"

namespace jaga::cli {
namespace {

using schedule::Wakeup;

// How long SIGTERM waits for running checks before exiting without them.
constexpr auto kStopGrace = std::chrono::seconds(3);

// When this host last finished running `check`, per the evidence store; nullopt when never.
std::optional<TimePoint> last_finished_in_store(const store::EvidenceStore& store,
                                                const std::string& host, const std::string& check) {
  store::HistoryQuery query;
  query.check = check;
  query.limit = 20;  // results pulled from another host may come first
  auto results = store.results(query);
  if (!results) return std::nullopt;
  for (const store::StoredResult& r : *results) {
    if (r.host == host) return parse_utc(r.finished_at);
  }
  return std::nullopt;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

class Service {
 public:
  Service(const config::Config& config, const ServeOptions& options, const Clock& clock, Env& env,
          Wakeup& wakeup)
      : config_(std::make_shared<const config::Config>(config)),
        options_(options),
        clock_(clock),
        env_(env),
        wakeup_(wakeup),
        runner_([&wakeup] { wakeup.notify(); }) {}

  // Serves until SIGTERM or SIGINT; the exit code.
  int run() {
    spdlog::info("jaga {} serving with configuration {} as host {}", JAGA_VERSION, config_->path,
                 config_->agent.host_name);
    started_at_ = clock_.now();
    if (auto started = start_services(*config_); !started) {
      spdlog::error("{}", started.error().message);
      return 1;
    }
    follow(nullptr);
    for (;;) {
      reap();
      const TimePoint now = clock_.now();
      check_store(now);
      start_due(now);
      log_held(now);
      announce_steps(now);
      const Wakeup::Event event =
          wakeup_.wait(std::min(scheduler_->next_wakeup(now), next_store_check_));
      if (event.reason != Wakeup::Reason::kSignal) continue;
      if (event.signal == SIGHUP) {
        reload();
      } else {
        return stop(event.signal);
      }
    }
  }

 private:
  // Builds the scheduler for config_, keeping what `previous` knew of past runs and the jobs
  // still running.
  void follow(const schedule::Scheduler* previous) {
    auto store = own_store();
    if (!store) spdlog::warn("{}; past runs are not known", store.error().message);
    const auto last_run = [&](const std::string& check) -> std::optional<TimePoint> {
      if (previous != nullptr) {
        if (auto last = previous->last_finished(check)) return last;
      }
      if (!store) return std::nullopt;
      return last_finished_in_store(**store, config_->agent.host_name, check);
    };
    scheduler_.emplace(enabled_jobs(), clock_.now(), last_run);
    for (const std::string& name : runner_.running()) scheduler_->started(name);
    log_plan(clock_.now());
  }

  // The configured plan without the jobs of disabled checks.
  schedule::Plan enabled_jobs() const {
    schedule::Plan plan = config_->schedule;
    std::erase_if(plan.jobs, [this](const schedule::Job& job) {
      for (const auto& check : checks::all_checks()) {
        if (check->name() == job.check && !check->enabled(*config_)) {
          spdlog::info("job {}: not scheduled, checks.{}.enabled is false", job.check, job.check);
          return true;
        }
      }
      return false;
    });
    return plan;
  }

  void log_plan(TimePoint now) const {
    const schedule::Plan& plan = scheduler_->plan();
    const auto at = [&](TimePoint t) { return format_in_zone(t, plan.zone); };
    spdlog::info("schedule in time zone {}: {} job(s), {} maintenance window(s)", plan.zone.name(),
                 plan.jobs.size(), plan.maintenance.size());
    for (const schedule::Job& job : plan.jobs) {
      const TimePoint next = *scheduler_->next_due(job.name());
      const auto last = scheduler_->last_finished(job.name());
      std::string when = fmt::format("next run {}", at(next));
      if (scheduler_->running(job.name())) {
        when = "running now";
      } else if (next <= now && last) {
        when = fmt::format("due now (scheduled {}; last run finished {})", at(next), at(*last));
      }
      spdlog::info("job {}: {}{}; {}", job.name(), job.when.describe(), job.heavy ? ", heavy" : "",
                   when);
    }
    for (const schedule::MaintenanceWindow& window : plan.maintenance) {
      spdlog::info("maintenance window: from cron \"{}\" for {} min; heavy jobs wait",
                   window.start.text(), window.duration.count());
    }
    if (plan.jobs.empty()) spdlog::warn("no jobs to run; waiting for SIGHUP or SIGTERM");
  }

  void start_due(TimePoint now) {
    while (const std::optional<std::string> name = scheduler_->due(now)) {
      scheduler_->started(*name);
      for (const schedule::Job& job : scheduler_->plan().jobs) {
        if (job.name() != *name) continue;
        runner_.start(*name, [this, config = config_, job] { run_job(*config, job); });
      }
    }
  }

  // On the job's own thread: the check, or the report draft, recorded and observed for [notify].
  void run_job(const config::Config& config, const schedule::Job& job) {
    mysql_thread_init();
    std::vector<checks::CheckResult> results;
    const auto all = checks::all_checks();  // owns what select_checks points into
    if (!job.report.empty()) {
      results.push_back(run_report_job(config, job, clock_));
    } else if (auto chosen = select_checks(all, config, {job.check}); !chosen) {
      spdlog::error("job {}: {}", job.check, chosen.error().message);
    } else {
      results = run_and_record(config, *chosen, "serve", false, clock_, env_).run.results;
    }
    if (const std::shared_ptr<notify::NotifyService> notify = notify_.load()) {
      notify->observe(config.agent.host_name, results);
    }
    mysql_thread_end();
  }

  void reap() {
    for (const std::string& name : runner_.reap()) {
      const TimePoint now = clock_.now();
      scheduler_->finished(name, now);
      if (const auto next = scheduler_->next_due(name)) {
        spdlog::debug("job {}: next run {}", name, format_in_zone(*next, scheduler_->plan().zone));
      }
    }
    if (logging_stale_ && runner_.running().empty()) {
      // Replacing the logger is only safe while no other thread logs.
      logging_stale_ = false;
      if (auto logging = log::setup(config_->agent, options_.log_level, false); !logging) {
        spdlog::error("{}; logging continues as before", logging.error().message);
      }
    }
  }

  void log_held(TimePoint now) {
    const std::vector<std::string> held = scheduler_->held(now);
    const std::optional<TimePoint> until = scheduler_->maintenance_until(now);
    if (held.empty() || until == held_logged_until_) return;
    held_logged_until_ = until;
    spdlog::info("maintenance window open until {}: {} wait(s) until then",
                 format_in_zone(*until, scheduler_->plan().zone), joined(held));
  }

  // SOP-PIAK-07's steps: the official whose turn it is gets an e-mail when a report starts
  // waiting for them, and a reminder when it is past its standard (each logged; sent with
  // [notify], to the official's report.officials.ROLE.email, else to notify.mail_to). Looked at
  // when the service wakes, at most every 10 seconds; a host without a workflow definition (an
  // agent that keeps no reports) has nothing to announce. A step that became due while serve was
  // not running is not announced afterwards (its reminder still comes when it is overdue).
  void announce_steps(TimePoint now) {
    if (now < next_reminder_check_) return;
    next_reminder_check_ = now + std::chrono::seconds(10);
    auto definition = workflow::load_definition(config_->workflow.definition);
    if (!definition) return;
    auto store = own_store();
    if (!store) return spdlog::warn("SOP reminders: {}", store.error().message);
    auto due = workflow::due_steps(workflow::ReportStore(**store), *definition, now);
    if (!due) return spdlog::warn("SOP reminders: {}", due.error().message);
    for (const workflow::DueStep& step : *due) {
      const workflow::Pending& p = step.pending;
      const std::string key = fmt::format("{}/v{}/{}", step.number, p.version, p.step);
      if (step.overdue_seconds) {
        if (!reminded_.insert(key).second) continue;
        spdlog::warn("report {}: step '{}' ({}) by {} is overdue by {} (due {} UTC)", step.number,
                     p.step, p.label, p.role, format_duration(*step.overdue_seconds),
                     format_utc(p.due));
      } else {
        if (p.since < started_at_ || !announced_.insert(key).second) continue;
        spdlog::info("report {}: step '{}' ({}) is due with {} by {} UTC", step.number, p.step,
                     p.label, p.role, format_utc(p.due));
      }
      if (const std::shared_ptr<notify::NotifyService> notify = notify_.load()) {
        notify->post(step_notification(step, *definition, now));
      }
    }
  }

  // The desk's repeated failed logins, to the administrator (notify.mail_to and the webhook).
  // Called from the desk's workers: reads no member that a reload replaces but notify_.
  void alert_admin(const std::string& host, const std::string& subject,
                   const std::string& text) const {
    const std::shared_ptr<notify::NotifyService> notify = notify_.load();
    if (!notify) return;
    notify::Notification n;
    n.kind = "desk_login_failures";
    n.check = "desk";
    n.host = host;
    n.status = Status::kWarn;
    n.subject = subject;
    n.text = text;
    n.at = clock_.now();
    notify->post(n);
  }

  notify::Notification step_notification(const workflow::DueStep& step,
                                         const workflow::Definition& definition,
                                         TimePoint now) const {
    const std::string link =
        config_->desk.enabled
            ? fmt::format("{}/laporan/{}", config_->desk.public_url, url_component(step.number))
            : "";
    const workflow::StepMail mail = workflow::step_mail(step, definition, link);
    notify::Notification n;
    n.kind = step.overdue_seconds ? "reminder" : "step_due";
    n.check = step.pending.step;
    n.host = config_->agent.host_name;
    n.status = step.overdue_seconds ? Status::kWarn : Status::kOk;
    n.subject = mail.subject;
    n.text = mail.text;
    n.at = now;
    const config::OfficialConfig* official = config_->report.official(step.pending.role);
    if (official != nullptr && !official->email.empty()) n.to = {official->email};
    return n;
  }

  // The store's quick_check, when serve starts and daily after that (a job's run also runs it when
  // a day has passed without one: see run_and_record).
  void check_store(TimePoint now) {
    if (now < next_store_check_) return;
    next_store_check_ = now + std::chrono::hours(24);
    bool damaged = false;
    auto store = own_store(&damaged);
    Result<void> verified =
        store ? (*store)->quick_check(config_->agent.host_name, now, std::nullopt) : store.error();
    if (verified) return thin_store(**store, now);
    damaged = damaged || (store && (*store)->damaged());
    store_.reset();  // opened afresh next time: the file may be repaired or replaced
    const Status status = damaged ? Status::kCrit : Status::kUnknown;
    spdlog::error("{}: {}", status_name(status), verified.error().message);
    if (const std::shared_ptr<notify::NotifyService> notify = notify_.load()) {
      notify->observe(config_->agent.host_name,
                      {store_result(status, verified.error().message, now)});
    }
  }

  // Old results lose their evidence (agent.keep_evidence_days) and are rolled up
  // (agent.keep_raw_results_days), once a day after a passed check.
  void thin_store(store::EvidenceStore& store, TimePoint now) const {
    const int64_t days = config_->agent.keep_evidence_days;
    if (days > 0) {
      auto thinned = store::thin_results_before(store, now - std::chrono::hours(24 * days));
      if (!thinned) {
        spdlog::error("{}", thinned.error().message);
        return;
      }
      if (*thinned > 0) {
        spdlog::info("evidence store: {} result(s) older than {} days kept without their evidence",
                     *thinned, days);
      }
    }
    const int64_t raw_days = config_->agent.keep_raw_results_days;
    if (raw_days > 0) {
      const TimePoint cutoff = now - std::chrono::hours(24 * raw_days);
      auto rolled =
          store::roll_up_results_before(store, cutoff, report::rollup_rules(*config_, cutoff));
      if (!rolled) {
        spdlog::error("{}", rolled.error().message);
        return;
      }
      if (rolled->merged > 0) {
        spdlog::info(
            "evidence store: {} result(s) older than {} days merged into the roll-ups of results "
            "alike ({} rows before, {} after)",
            rolled->merged, raw_days, rolled->rows_before, rolled->rows_before - rolled->merged);
      }
    }
    if (days <= 0 && raw_days <= 0) return;
    // What thinning freed goes back to the file system (a store made by an earlier jaga only
    // reuses it until `jaga store compact`).
    auto space = store::store_space(store);
    if (!space) return spdlog::error("{}", space.error().message);
    if (!space->incremental) {
      if (space->free_bytes() >= (64 << 20)) {
        spdlog::info(
            "evidence store {}: {} MiB free inside the file are reused but not given "
            "back; `jaga store compact` (once, at a quiet time) gives them back",
            store.path(), space->free_bytes() >> 20);
      }
      return;
    }
    auto given = store::give_back_free_pages(store);
    if (!given) return spdlog::error("{}", given.error().message);
    if (*given > 0) {
      spdlog::info("evidence store {}: {} KiB of freed pages given back to the file system",
                   store.path(), *given >> 10);
    }
  }

  void reload() {
    spdlog::info("SIGHUP: reloading the configuration from {}", config_->path);
    auto loaded = config::load_config(config_->path);
    if (!loaded) {
      spdlog::error("configuration not reloaded, still running on the previous one: {}",
                    loaded.error().message);
      return;
    }
    if (auto started = start_services(*loaded); !started) {
      spdlog::error("configuration not reloaded, still running on the previous one: {}",
                    started.error().message);
      if (auto restarted = start_services(*config_); !restarted) {
        spdlog::error("{}", restarted.error().message);
      }
      return;
    }
    config_ = std::make_shared<const config::Config>(std::move(*loaded));
    store_.reset();  // evidence_db may have changed
    const schedule::Scheduler previous = std::move(*scheduler_);
    logging_stale_ = true;
    spdlog::info("configuration reloaded from {}", config_->path);
    follow(&previous);
  }

  // (Re)starts the peer API, the pull and the metrics endpoint for `config`; the old ones stop
  // first so their ports are free.
  Result<void> start_services(const config::Config& config) {
    desk_.reset();
    peer_.reset();
    metrics_.reset();
    if (auto opened = open_service_stores(config); !opened) return opened.error();
    // Status changes of the peer's checks (and of its reachability) are notified like ours.
    std::unique_ptr<peer::PeerService> peer;
    if (config.peer.enabled) {
      auto started = peer::PeerService::start(
          config, *service_stores_.served, *service_stores_.pulled, clock_,
          [this](const std::string& host, const std::vector<checks::CheckResult>& r) {
            if (const std::shared_ptr<notify::NotifyService> notify = notify_.load()) {
              notify->observe(host, r);
            }
          });
      if (!started) return started.error();
      peer = std::move(*started);
    }
    std::unique_ptr<metrics::MetricsServer> metrics;
    if (!config.metrics.listen_host.empty()) {
      auto started = metrics::MetricsServer::start(config, *service_stores_.metrics);
      if (!started) return started.error();
      metrics = std::move(*started);
    }
    std::unique_ptr<desk::DeskServer> desk;
    if (config.desk.enabled) {
      auto started =
          desk::DeskServer::start(config, *service_stores_.desk, clock_,
                                  [this, host = config.agent.host_name](const std::string& subject,
                                                                        const std::string& text) {
                                    alert_admin(host, subject, text);
                                  });
      if (!started) return started.error();
      desk = std::move(*started);
    }
    auto notify = notify::NotifyService::start(config.notify);
    if (!notify) return notify.error();
    desk_ = std::move(desk);
    peer_ = std::move(peer);
    metrics_ = std::move(metrics);
    notify_.store(std::shared_ptr<notify::NotifyService>(std::move(*notify)));
    return Ok();
  }

  // The main loop's connection to the evidence store (see the top of this file).
  Result<store::EvidenceStore*> own_store(bool* damaged = nullptr) {
    if (!store_) {
      auto opened = store::EvidenceStore::open(config_->agent.evidence_db,
                                               config_->agent.personal_key, damaged);
      if (!opened) return opened.error();
      store_ = std::move(*opened);
    }
    return store_.get();
  }

  // The connections the services of `config` need, each for one thread group. REQUIRES: the
  // services that used the previous ones are stopped.
  Result<void> open_service_stores(const config::Config& config) {
    service_stores_ = {};
    const auto open = [&](std::unique_ptr<store::EvidenceStore>& into) -> Result<void> {
      auto opened = store::EvidenceStore::open(config.agent.evidence_db, config.agent.personal_key);
      if (!opened) return opened.error();
      into = std::move(*opened);
      return Ok();
    };
    if (config.peer.enabled) {
      if (auto r = open(service_stores_.served); !r) return r;
      if (auto r = open(service_stores_.pulled); !r) return r;
    }
    if (config.desk.enabled) {
      if (auto r = open(service_stores_.desk); !r) return r;
    }
    if (!config.metrics.listen_host.empty()) return open(service_stores_.metrics);
    return Ok();
  }

  int stop(int signal) {
    spdlog::info("{}: stopping", signal == SIGINT ? "SIGINT" : "SIGTERM");
    desk_.reset();
    peer_.reset();
    metrics_.reset();
    const TimePoint give_up = clock_.now() + kStopGrace;
    for (reap(); !runner_.running().empty(); reap()) {
      const Wakeup::Event event = wakeup_.wait(give_up);
      if (event.reason == Wakeup::Reason::kDeadline ||
          (event.reason == Wakeup::Reason::kSignal && event.signal != SIGHUP)) {
        reap();
        break;
      }
    }
    if (const auto running = runner_.running(); !running.empty()) {
      spdlog::warn(
          "stopping without waiting longer for {}: the run stays in the evidence store as "
          "interrupted and a consistency check continues from its last checkpoint next time",
          joined(running));
      spdlog::default_logger()->flush();
      std::_Exit(0);  // the job threads cannot be joined; end the process as a kill would
    }
    spdlog::info("stopped");
    return 0;
  }

  std::shared_ptr<const config::Config> config_;
  ServeOptions options_;
  const Clock& clock_;
  Env& env_;  // shared with the job threads (SystemEnv is thread-safe)
  Wakeup& wakeup_;
  std::optional<schedule::Scheduler> scheduler_;
  std::optional<TimePoint> held_logged_until_;
  TimePoint next_reminder_check_{};
  TimePoint next_store_check_{};     // the epoch: at once
  TimePoint started_at_{};           // when run() began: steps due since then are announced
  std::set<std::string> announced_;  // "number/vN/step" announced as due
  std::set<std::string> reminded_;   // and reminded of as overdue
  bool logging_stale_ = false;       // a reload changed the configuration; set up logging again
  // Null without [notify]; shared with the job threads, which may outlive a reload, and used
  // by the peer's pull thread (so declared before peer_, which is stopped first).
  std::atomic<std::shared_ptr<notify::NotifyService>> notify_;
  std::unique_ptr<store::EvidenceStore> store_;  // the main loop's; null until opened
  struct ServiceStores {
    std::unique_ptr<store::EvidenceStore> served;    // the peer API's workers
    std::unique_ptr<store::EvidenceStore> pulled;    // the pull thread
    std::unique_ptr<store::EvidenceStore> metrics;   // the metrics workers
    std::unique_ptr<store::EvidenceStore> desk;      // the desk's workers
  } service_stores_;                                 // declared before the services that use them
  std::unique_ptr<peer::PeerService> peer_;          // null without [peer]
  std::unique_ptr<metrics::MetricsServer> metrics_;  // null without [metrics]
  std::unique_ptr<desk::DeskServer> desk_;           // null without [desk]
  schedule::JobRunner runner_;  // last: its destructor joins job threads that use the above
};

}  // namespace

int run_serve(const config::Config& config, const ServeOptions& options, const Clock& clock,
              Env& env) {
  auto wakeup = Wakeup::create();
  if (!wakeup) {
    spdlog::error("{}", wakeup.error().message);
    return 1;
  }
  return Service(config, options, clock, env, **wakeup).run();
}

}  // namespace jaga::cli
