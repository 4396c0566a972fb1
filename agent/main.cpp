// jaga: keeps watch over a civil registry's population database. See README.md.
#include <fmt/format.h>
#include <mysql.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <optional>

#include "checks/registry.h"
#include "cli/check_overrides.h"
#include "cli/command.h"
#include "cli/commands.h"
#include "cli/doctor.h"
#include "cli/guarded_run.h"
#include "config/config.h"
#include "log/logging.h"

namespace {

constexpr const char* kDefaultConfig = "/etc/jaga/jaga.toml";

std::string check_list() {
  std::string out = "Checks:\n";
  for (const auto& c : jaga::checks::all_checks()) {
    out += fmt::format("  {:<13}{}\n", c->name(), c->description());
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "jaga keeps watch over a civil registry's population database: it checks that the backup "
      "server holds the primary's data and that backups restore, and keeps the evidence for the "
      "SOP-PIAK-07 reports."};
  app.set_version_flag("--version", std::string("jaga ") + JAGA_VERSION);
  app.require_subcommand(1);
  std::string config_path = kDefaultConfig;
  std::string log_level;
  app.add_option("-c,--config", config_path, "Configuration file (TOML)")->capture_default_str();
  app.add_option("--log-level", log_level, "Override agent.log_level")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
  app.footer(
      "Exit codes of 'check' follow Nagios plugins: 0 OK, 1 WARN, 2 CRIT, 3 UNKNOWN.\n"
      "Passwords are read from each server's password_file or password_env, never from the "
      "command line.");

  jaga::cli::CheckOptions check_options;
  CLI::App* check = app.add_subcommand("check", "Run checks now, record and print the results");
  check->add_option("names", check_options.names, "Checks to run (default: all enabled)");
  check->add_option("-f,--format", check_options.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "nagios"}))
      ->capture_default_str();
  check->add_option("--schema", check_options.schemas,
                    "consistency: only this schema (repeatable)");
  check->add_option("--table", check_options.tables,
                    "consistency: only this table, as schema.table or table (repeatable)");
  check->add_flag("--restart", check_options.restart,
                  "consistency: start over instead of continuing an interrupted run");
  check->add_flag("--from-store", check_options.from_store,
                  "Print the newest result of each check this host recorded (by `jaga serve`) "
                  "instead of running it: nothing runs, nothing is written, so a poller (NRPE) "
                  "needs only read access to the store (group jaga)");
  check->add_option("--max-age", check_options.max_age,
                    "--from-store: a result older than this is UNKNOWN (90s, 30m, 2h, 1d; "
                    "default: twice the check's interval in [schedule], or 1d)");
  check->add_option("-w,--warning", check_options.warning,
                    "WARN threshold of the named check's main figure (see below)");
  check->add_option("--critical", check_options.critical,
                    "CRIT threshold of the named check's main figure (see below)");
  check->add_option("-t,--timeout", check_options.timeout,
                    "UNKNOWN, one line on stdout, when the run takes longer (seconds, or 30s, 2m)");
  check->footer(check_list() + "\n--warning/--critical: " + jaga::cli::kOverrideHelp);

  CLI::App* config_cmd = app.add_subcommand("config", "Work with the configuration");
  config_cmd->require_subcommand(1);
  CLI::App* config_check = config_cmd->add_subcommand(
      "check", "Validate the configuration file and the password files it names");

  jaga::cli::HistoryOptions history_options;
  CLI::App* history = app.add_subcommand("history", "Show what the evidence store holds");
  history->add_option("--check", history_options.check, "Only results of this check");
  history->add_option("--since", history_options.since,
                      "Only since this time: an age (30m, 24h, 7d) or a local date-time "
                      "(2026-11-01, 2026-11-01T08:00)");
  history->add_option("-n,--limit", history_options.limit, "At most this many entries")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  history->add_option("-f,--format", history_options.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  history->add_flag("--runs", history_options.runs, "List runs instead of check results");

  CLI::App* serve = app.add_subcommand(
      "serve", "Run the scheduled checks as a service, in the foreground, until SIGTERM");
  serve->footer(
      "Jobs, time zone and maintenance windows come from the [schedule] section of the\n"
      "configuration. Logs go to stderr (the journal under systemd). SIGHUP reloads the\n"
      "configuration and keeps the old one if the new one is invalid; SIGTERM or SIGINT stop.");

  jaga::cli::DiffOptions diff_options;
  CLI::App* diff = app.add_subcommand("diff", "Rows that differ between primary and backup");
  diff->require_subcommand(1);
  CLI::App* diff_show = diff->add_subcommand(
      "show", "Show the differing rows found by a consistency run (keys masked)");
  diff_show
      ->add_option("run_id", diff_options.run_id, "Run id (see: jaga history --check consistency)")
      ->required();
  diff_show->add_flag("--reveal", diff_options.reveal,
                      "Show full keys (personal data; needs the key file agent.personal_key, "
                      "which only the service user can read)");
  diff_show->add_option("-f,--format", diff_options.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();

  std::string service_user = "jaga";
  CLI::App* doctor = app.add_subcommand(
      "doctor",
      "Say in one screen whether jaga can work here (each problem with the command that fixes it)");
  doctor
      ->add_option("--service-user", service_user,
                   "The account jaga serve runs as, for the store's permissions")
      ->capture_default_str();
  doctor->footer(
      "Looks at: the configuration, password files, the evidence store writable by the service\n"
      "user, the monitoring account's grants, the servers reachable, TLS, clock skew, disk, the\n"
      "peer reachable and the certificates' expiry. Reads only. Exit 0 when all is well, 1 when\n"
      "any line is a problem.");

  jaga::cli::Commands commands = {
      {check,
       [&](const auto& c) {
         return jaga::cli::run_check(*c.config, check_options, c.clock, c.env);
       },
       true, true, 3},
      {config_check, [](const auto& c) { return jaga::cli::run_config_check(*c.config); }},
      {doctor,
       [&](const auto& c) {
         const auto lines = jaga::cli::examine(config_path, service_user, c.clock);
         std::fputs(jaga::cli::render_doctor(config_path, lines).c_str(), stdout);
         return jaga::cli::doctor_exit_code(lines);
       },
       false},
      {diff_show, [&](const auto& c) { return jaga::cli::run_diff_show(*c.config, diff_options); }},
      {history,
       [&](const auto& c) { return jaga::cli::run_history(*c.config, history_options, c.clock); }},
      {serve,
       [](const auto& c) {
         return jaga::cli::run_serve(*c.config, jaga::cli::ServeOptions{c.log_level}, c.clock,
                                     c.env);
       },
       true, false},
  };
  // Areas with their own command files add their subcommands here, one line each.
  jaga::cli::add_pki_commands(app, commands);
  jaga::cli::add_verify_commands(app, commands);
  jaga::cli::add_report_chain_commands(jaga::cli::report_parent(app), commands);
  jaga::cli::add_agenda_commands(app, commands);
  jaga::cli::add_report_commands(app, commands);
  jaga::cli::add_backup_commands(app, commands);
  jaga::cli::add_store_commands(app, commands);
  jaga::cli::add_desk_commands(app, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    // Usage errors of a Nagios plugin are UNKNOWN.
    return code == 0 ? 0 : 3;
  }
  const jaga::cli::Command* command = nullptr;
  for (const auto& c : commands) {
    if (c.app->parsed()) command = &c;
  }
  if (command == nullptr) return 1;  // require_subcommand makes this unreachable

  // config_error_code is also the code of a command that failed in an unforeseen way: UNKNOWN
  // for check, 1 for the others.
  // A Nagios plugin's poller reads stdout only: a check that cannot start says why there too.
  const auto config_failed = [&](const std::string& message) {
    std::fprintf(stderr, "jaga: %s\n", message.c_str());
    if (command->app == check && check_options.format == "nagios") {
      std::printf("JAGA UNKNOWN - %s\n", message.c_str());
    }
    return command->config_error_code;
  };
  return jaga::cli::run_guarded(
      [&] {
        jaga::log::setup_default();
        std::optional<jaga::config::Config> config;
        if (command->needs_config) {
          auto loaded = jaga::config::load_config(config_path);
          if (!loaded) return config_failed(loaded.error().message);
          config = std::move(*loaded);
          if (auto logging = jaga::log::setup(config->agent, log_level, command->one_shot);
              !logging) {
            return config_failed(logging.error().message);
          }
        }
        mysql_library_init(0, nullptr, nullptr);
        jaga::SystemEnv env;
        const int code = command->run(
            jaga::cli::CommandContext{config ? &*config : nullptr, env.clock(), log_level, env});
        mysql_library_end();
        return code;
      },
      command->config_error_code);
}
