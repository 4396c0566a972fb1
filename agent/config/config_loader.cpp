#include <fmt/format.h>
#include <sys/stat.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "config/config.h"
#include "config/pki_config.h"
#include "config/referenced_files.h"
#include "config/table_reader.h"
#include "config/workflow_config.h"
#include "core/check_names.h"

namespace jaga::config {

void read_server(TableReader& r, ServerConfig& s) {
  r.string("host", s.host);
  r.integer("port", s.port, 1, 65535);
  r.string("socket", s.socket);
  r.string("user", s.user, true);
  r.string("password_file", s.password_file);
  r.env_name("password_env", s.password_env);
  r.integer("connect_timeout_seconds", s.connect_timeout_seconds, 1, 3600);
  r.integer("read_timeout_seconds", s.read_timeout_seconds, 1, 86400);
  r.integer("write_timeout_seconds", s.write_timeout_seconds, 1, 86400);
  r.one_of("tls_mode", s.tls_mode,
           std::map<std::string, TlsMode>{{"disabled", TlsMode::kDisabled},
                                          {"preferred", TlsMode::kPreferred},
                                          {"required", TlsMode::kRequired},
                                          {"verify_ca", TlsMode::kVerifyCa},
                                          {"verify_identity", TlsMode::kVerifyIdentity}});
  r.string("tls_ca", s.tls_ca);
  r.string("tls_cert", s.tls_cert);
  r.string("tls_key", s.tls_key);
  if (r.error) return;
  if (s.host.empty() && s.socket.empty()) {
    r.fail_here(fmt::format("{} needs 'host' (with 'port') or 'socket'", s.table()));
  } else if (!s.password_file.empty() && !s.password_env.empty()) {
    r.fail_here(
        fmt::format("{} sets both 'password_file' and 'password_env'; keep one", s.table()));
  } else if ((s.tls_mode == TlsMode::kVerifyCa || s.tls_mode == TlsMode::kVerifyIdentity) &&
             s.tls_ca.empty()) {
    r.fail_here(
        fmt::format("{}.tls_mode = \"{}\" needs 'tls_ca'", s.table(), tls_mode_name(s.tls_mode)));
  }
}

namespace {

// Reports name hosts by their place in the office, never by host name: the coordinator (or a
// lone agent) is on the primary, the agent it pulls from on the backup host.
void default_display_names(Config& config) {
  const bool backup_host = config.peer.enabled && config.peer.role == PeerRole::kAgent;
  if (config.agent.display_name.empty()) {
    config.agent.display_name = backup_host ? "Server Cadangan" : "Server Utama";
  }
  int backups = 0;
  for (PeerEntry& p : config.peer.peers) {
    if (!p.display_name.empty()) continue;
    if (backup_host) {
      p.display_name = "Server Utama";
    } else {
      ++backups;
      p.display_name =
          backups == 1 ? "Server Cadangan" : fmt::format("Server Cadangan {}", backups);
    }
  }
}

void read_agent(TableReader& r, AgentConfig& a) {
  r.string("host_name", a.host_name);
  r.string("display_name", a.display_name);
  r.string("evidence_db", a.evidence_db);
  r.string("personal_key", a.personal_key);
  r.one_of("log_level", a.log_level,
           std::map<std::string, std::string>{{"trace", "trace"},
                                              {"debug", "debug"},
                                              {"info", "info"},
                                              {"warn", "warn"},
                                              {"error", "error"}});
  r.one_of("log_format", a.log_format,
           std::map<std::string, std::string>{{"text", "text"}, {"json", "json"}});
  r.string("log_file", a.log_file);
  r.integer("log_file_max_bytes", a.log_file_max_bytes, 4096, std::numeric_limits<int64_t>::max());
  r.integer("log_file_count", a.log_file_count, 1, 1000);
  r.integer("keep_evidence_days", a.keep_evidence_days, 0, 100 * 366);
  r.integer("keep_raw_results_days", a.keep_raw_results_days, 0, 100 * 366);
  if (!r.error && a.evidence_db.empty()) r.fail_here("'agent.evidence_db' must not be empty");
}

void read_thresholds(TableReader& r, std::string_view what, double warn, double crit,
                     bool higher_is_worse = true) {
  if (r.error) return;
  if (higher_is_worse ? warn > crit : warn < crit) {
    r.fail_here(
        fmt::format("{}: the WARN threshold ({}) must not be {} than the CRIT threshold ({})", what,
                    warn, higher_is_worse ? "higher" : "lower", crit));
  }
}

void read_server_check(TableReader& r, ServerCheckConfig& c) {
  r.boolean("enabled", c.enabled);
  r.number("connections_warn_percent", c.connections_warn_percent, 0, 100);
  r.number("connections_crit_percent", c.connections_crit_percent, 0, 100);
  r.number("clock_skew_warn_seconds", c.clock_skew_warn_seconds, 0, 86400);
  r.number("clock_skew_crit_seconds", c.clock_skew_crit_seconds, 0, 86400);
  r.integer("min_uptime_seconds", c.min_uptime_seconds, 0, std::numeric_limits<int64_t>::max());
  r.tables("volumes", [&](TableReader& v) {
    VolumeConfig volume;
    v.string("name", volume.name, true);
    v.string("path", volume.path, true);
    v.number("warn_free_percent", volume.warn_free_percent, 0, 100);
    v.number("crit_free_percent", volume.crit_free_percent, 0, 100);
    read_thresholds(v, "free space of volume '" + volume.name + "'", volume.warn_free_percent,
                    volume.crit_free_percent, false);
    c.volumes.push_back(volume);
  });
  read_thresholds(r, "connections", c.connections_warn_percent, c.connections_crit_percent);
  read_thresholds(r, "clock skew", c.clock_skew_warn_seconds, c.clock_skew_crit_seconds);
}

void read_replication_check(TableReader& r, ReplicationCheckConfig& c) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  r.boolean("enabled", c.enabled);
  r.integer("lag_warn_seconds", c.lag_warn_seconds, 0, kMax);
  r.integer("lag_crit_seconds", c.lag_crit_seconds, 0, kMax);
  r.integer("gtid_gap_warn", c.gtid_gap_warn, 0, kMax);
  r.integer("gtid_gap_crit", c.gtid_gap_crit, 0, kMax);
  r.boolean("heartbeat", c.heartbeat);
  r.number("heartbeat_wait_seconds", c.heartbeat_wait_seconds, 0.1, 600);
  read_thresholds(r, "replication lag", static_cast<double>(c.lag_warn_seconds),
                  static_cast<double>(c.lag_crit_seconds));
  read_thresholds(r, "GTID gap", static_cast<double>(c.gtid_gap_warn),
                  static_cast<double>(c.gtid_gap_crit));
}

void read_consistency_check(TableReader& r, ConsistencyCheckConfig& c) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  r.boolean("enabled", c.enabled);
  r.strings("schemas", c.schemas);
  r.strings("tables", c.tables);
  r.number("chunk_time_target_seconds", c.chunk_time_target_seconds, 0.001, 60);
  // One exact digest (consistency/digest_sql.h); "crc32" and "md5" were choices of earlier builds
  // and are still read, so that an upgraded configuration loads, but no longer change anything.
  std::string digest;
  r.one_of("digest", digest,
           std::map<std::string, std::string>{
               {"md5-128", "md5-128"}, {"crc32", "md5-128"}, {"md5", "md5-128"}});
  r.one_of("digest_where", c.digest_where,
           std::map<std::string, std::string>{
               {"auto", "auto"}, {"agents", "agents"}, {"agent", "agent"}, {"server", "server"}});
  r.integer("max_rechecks", c.max_rechecks, 1, 100);
  r.integer("max_lag_seconds", c.max_lag_seconds, 0, kMax);
  r.integer("max_threads_running", c.max_threads_running, 1, kMax);
  r.number("wait_timeout_seconds", c.wait_timeout_seconds, 0.1, 86400);
  r.number("max_pause_seconds", c.max_pause_seconds, 0, 7 * 86400.0);
  r.number("resume_max_age_hours", c.resume_max_age_hours, 0, 24 * 30.0);
  r.integer("differing_rows_crit", c.differing_rows_crit, 1, kMax);
  if (!r.error && c.schemas.empty()) {
    r.fail_here("'checks.consistency.schemas' must name at least one schema");
  }
}

void read_security_check(TableReader& r, SecurityCheckConfig& c) {
  r.boolean("enabled", c.enabled);
  r.strings("ignore_accounts", c.ignore_accounts);
  r.strings("allowed_wildcard_accounts", c.allowed_wildcard_accounts);
  r.one_of("replication_tls", c.replication_tls,
           std::map<std::string, std::string>{
               {"remote", "remote"}, {"always", "always"}, {"never", "never"}});
  for (const auto* list : {&c.ignore_accounts, &c.allowed_wildcard_accounts}) {
    for (const std::string& account : *list) {
      if (!r.error && account.find('@') == std::string::npos) {
        r.fail_here(
            fmt::format("checks.security: account \"{}\" must be written user@host", account));
      }
    }
  }
}

// A job's `cron` or `every` (exactly one of them); nullopt after reporting the problem.
std::optional<schedule::Schedule> read_when(TableReader& r, const std::string& cron,
                                            const std::string& every) {
  if (cron.empty() == every.empty()) {
    r.fail_here("a job needs either 'cron' (e.g. \"0 2 * * *\") or 'every' (e.g. \"15m\")");
    return std::nullopt;
  }
  auto when =
      cron.empty() ? schedule::Schedule::parse_every(every) : schedule::Schedule::parse_cron(cron);
  if (!when) {
    r.fail_at(cron.empty() ? "every" : "cron", when.error().message);
    return std::nullopt;
  }
  return std::move(*when);
}

void read_job(TableReader& r, schedule::Plan& plan) {
  std::string check, cron, every;
  r.string("check", check, true);
  r.string("cron", cron);
  r.string("every", every);
  bool heavy = schedule::heavy_by_default(check);
  r.boolean("heavy", heavy);
  if (r.error) return;
  std::string known;
  bool found = false;
  for (std::string_view name : check_names::kAll) {
    known += (known.empty() ? "" : ", ") + std::string(name);
    found = found || name == check;
  }
  if (!found) {
    return r.fail_at("check", fmt::format("unknown check '{}' (known checks: {})", check, known));
  }
  for (const schedule::Job& job : plan.jobs) {
    if (job.check == check) {
      return r.fail_at("check",
                       fmt::format("check '{}' already has a job; give each check one", check));
    }
  }
  auto when = read_when(r, cron, every);
  if (when) plan.jobs.push_back(schedule::Job{check, std::move(*when), heavy, ""});
}

// [[schedule.reports]]: when the report of each period kind is drafted (SOP step 2).
void read_report_job(TableReader& r, schedule::Plan& plan) {
  std::string period, cron, every;
  r.string("period", period, true);
  r.string("cron", cron);
  r.string("every", every);
  bool heavy = false;
  r.boolean("heavy", heavy);
  if (r.error) return;
  if (period != "daily" && period != "weekly" && period != "monthly") {
    return r.fail_at("period", fmt::format("must be daily, weekly or monthly, got \"{}\"", period));
  }
  for (const schedule::Job& job : plan.jobs) {
    if (job.report == period) {
      return r.fail_at("period", fmt::format("the {} report already has a job; give each "
                                             "period one",
                                             period));
    }
  }
  auto when = read_when(r, cron, every);
  if (when) plan.jobs.push_back(schedule::Job{"", std::move(*when), heavy, period});
}

void read_maintenance(TableReader& r, schedule::Plan& plan) {
  constexpr int64_t kWeekMinutes = 7 * 24 * 60;
  std::string cron;
  int64_t duration = 0;
  r.string("cron", cron, true);
  r.integer("duration_minutes", duration, 1, kWeekMinutes);
  if (r.error) return;
  if (duration == 0) return r.fail_here("missing required key 'duration_minutes'");
  auto start = schedule::CronExpression::parse(cron);
  if (!start) return r.fail_at("cron", start.error().message);
  plan.maintenance.push_back(schedule::MaintenanceWindow{*start, std::chrono::minutes(duration)});
}

void read_schedule(TableReader& r, schedule::Plan& plan) {
  std::string zone = plan.zone.name();
  r.string("time_zone", zone);
  if (r.error) return;
  if (auto parsed = UtcOffset::parse(zone)) {
    plan.zone = *parsed;
  } else {
    return r.fail_at("time_zone", parsed.error().message);
  }
  bool defaults = true;
  r.tables("jobs", [&](TableReader& job) {
    if (defaults) plan.jobs.clear();
    defaults = false;
    plan.default_jobs = false;
    read_job(job, plan);
  });
  r.tables("reports", [&](TableReader& job) {
    plan.default_reports = false;
    read_report_job(job, plan);
  });
  r.tables("maintenance", [&](TableReader& window) { read_maintenance(window, plan); });
}

std::string machine_hostname() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "localhost";
  return name;
}

// `place` is "PATH:LINE:COLUMN: KEY" (see KeyPlaces) when known: the message then starts with it.
Result<std::string> read_password_file(const ServerConfig& s,
                                       const std::optional<std::string>& place) {
  const std::string where =
      place ? "password file " + s.password_file
            : fmt::format("password file {} ({}.password_file)", s.password_file, s.table());
  const auto fail = [&](const std::string& message) {
    return Error{place ? *place + ": " + message : message};
  };
  struct stat st {};
  if (stat(s.password_file.c_str(), &st) != 0) {
    return fail(fmt::format("cannot read {}: {}", where, std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) return fail(fmt::format("{} is not a regular file", where));
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return fail(
        fmt::format("refusing {}: group or others may read it (mode {:04o}); run: chmod 600 {}",
                    where, st.st_mode & 07777, s.password_file));
  }
  std::ifstream in(s.password_file, std::ios::binary);
  if (!in) return fail(fmt::format("cannot read {}: {}", where, std::strerror(errno)));
  std::string password((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) {
    password.pop_back();
  }
  if (password.empty()) return fail(fmt::format("{} is empty", where));
  if (password.find('\n') != std::string::npos) {
    return fail(fmt::format("{} must hold one line (the password), it holds several", where));
  }
  return password;
}

Result<void> resolve_passwords_at(Config& config, const KeyPlaces* places) {
  for (ServerConfig* s : {&config.primary, &config.backup, &config.backups.scratch_server}) {
    if (!s->password_file.empty()) {
      const std::optional<std::string> place =
          places ? places->where(s->table() + ".password_file") : std::nullopt;
      auto password = read_password_file(*s, place);
      if (!password) return password.error();
      s->password = std::move(*password);
    } else if (!s->password_env.empty()) {
      const char* value = std::getenv(s->password_env.c_str());
      if (value == nullptr || *value == '\0') {
        return Error{fmt::format("environment variable {} ({}.password_env) is {}", s->password_env,
                                 s->table(), value == nullptr ? "not set" : "empty")};
      }
      s->password = value;
    }
  }
  return Ok();
}

}  // namespace

std::string ServerConfig::table() const {
  return role.find('.') == std::string::npos ? "servers." + role : role;
}

std::string ServerConfig::endpoint() const {
  return socket.empty() ? fmt::format("{}:{}", host, port) : "socket " + socket;
}

bool ServerConfig::on_this_host() const { return !socket.empty() || is_loopback_host(host); }

bool is_loopback_host(std::string_view host) {
  return host.empty() || host == "localhost" || host == "::1" || host.starts_with("127.");
}

const char* tls_mode_name(TlsMode mode) {
  switch (mode) {
    case TlsMode::kDisabled:
      return "disabled";
    case TlsMode::kPreferred:
      return "preferred";
    case TlsMode::kRequired:
      return "required";
    case TlsMode::kVerifyCa:
      return "verify_ca";
    case TlsMode::kVerifyIdentity:
      return "verify_identity";
  }
  return "preferred";
}

Result<Config> parse_config(std::string_view text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    return Error{fmt::format("{}:{}:{}: syntax error: {}", path, e.source().begin.line,
                             e.source().begin.column, e.description())};
  }
  Config config;
  config.path = path;
  config.primary.role = "primary";
  config.backup.role = "backup";
  config.schedule.zone = UtcOffset::of_host(std::chrono::system_clock::now());
  config.schedule.jobs = schedule::default_jobs();
  TableReader r(root, "", path);
  r.table("agent", false, [&](TableReader& t) { read_agent(t, config.agent); });
  r.table("servers", true, [&](TableReader& t) {
    t.table("primary", true, [&](TableReader& s) { read_server(s, config.primary); });
    t.table("backup", true, [&](TableReader& s) { read_server(s, config.backup); });
  });
  r.table("checks", false, [&](TableReader& t) {
    t.table("server", false, [&](TableReader& c) { read_server_check(c, config.server_check); });
    t.table("replication", false,
            [&](TableReader& c) { read_replication_check(c, config.replication_check); });
    t.table("consistency", false,
            [&](TableReader& c) { read_consistency_check(c, config.consistency_check); });
    t.table("security", false,
            [&](TableReader& c) { read_security_check(c, config.security_check); });
    t.table("backups", false, [&](TableReader& c) { read_backups_check(c, config.backups); });
  });
  r.table("schedule", false, [&](TableReader& t) { read_schedule(t, config.schedule); });
  r.table("pki", false, [&](TableReader& t) { read_pki_config(t, config.pki); });
  r.table("workflow", false, [&](TableReader& t) { read_workflow(t, config.workflow); });
  r.table("report", false, [&](TableReader& t) { read_report(t, config.report); });
  r.table("backup", false, [&](TableReader& t) { read_backup(t, config.backups); });
  r.table("peer", false, [&](TableReader& t) { read_peer(t, config.peer); });
  r.table("metrics", false, [&](TableReader& t) { read_metrics(t, config.metrics); });
  r.table("notify", false, [&](TableReader& t) { read_notify(t, config.notify); });
  r.table("desk", false, [&](TableReader& t) { read_desk(t, config.desk); });
  r.finish();
  if (r.error) return *r.error;
  if (config.agent.host_name.empty()) config.agent.host_name = machine_hostname();
  default_display_names(config);
  // The backup host's agent leaves the consistency check to the coordinator, which compares
  // both servers, and the drafting of reports, which the coordinator does from the results of
  // both hosts; given jobs are kept as given.
  const bool backup_agent = config.peer.enabled && config.peer.role == PeerRole::kAgent;
  if (config.schedule.default_jobs && backup_agent) {
    std::erase_if(config.schedule.jobs,
                  [](const schedule::Job& job) { return job.check == check_names::kConsistency; });
  }
  if (config.schedule.default_reports && !backup_agent) {
    for (schedule::Job& job : schedule::default_report_jobs()) {
      config.schedule.jobs.push_back(std::move(job));
    }
  }
  return config;
}

Result<void> resolve_passwords(Config& config) { return resolve_passwords_at(config, nullptr); }

Result<void> resolve_passwords(Config& config, const KeyPlaces& places) {
  return resolve_passwords_at(config, &places);
}

Result<Config> load_config(const std::string& path) {
  auto cannot_read = [&](int error) {
    return Error{fmt::format("cannot read configuration file {}: {}", path, std::strerror(error))};
  };
  // A directory opens as a stream that reads as empty; it must not pass for an empty file.
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return cannot_read(errno);
  if (S_ISDIR(st.st_mode)) return cannot_read(EISDIR);
  std::ifstream in(path, std::ios::binary);
  if (!in) return cannot_read(errno);
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) return cannot_read(errno);
  auto config = parse_config(text.str(), path);
  if (!config) return config;
  const KeyPlaces places(text.str(), path);
  if (auto resolved = resolve_passwords(*config, places); !resolved) return resolved.error();
  if (auto files = check_referenced_files(*config, places, FileCheck::kLoad); !files)
    return files.error();
  return config;
}

}  // namespace jaga::config
