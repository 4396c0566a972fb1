// The subcommands of the jaga program. Each returns the process exit code; each prints its
// own output and its errors as sentences on stderr.
#pragma once

#include <string>
#include <vector>

#include "cli/command.h"
#include "config/config.h"
#include "core/clock.h"

namespace jaga::cli {

struct CheckOptions {
  std::vector<std::string> names;    // empty: every enabled check
  std::string format = "text";       // text, json or nagios
  std::vector<std::string> schemas;  // consistency: only these schemas
  std::vector<std::string> tables;   // consistency: only these tables
  bool restart = false;              // consistency: ignore saved progress
  // Print the newest results this host recorded instead of running the checks (for NRPE and
  // other pollers): nothing runs, nothing is written.
  bool from_store = false;
  std::string max_age;  // from_store: older is UNKNOWN ("90m", "2h"); empty: twice the schedule's
  // Thresholds of the one named check's main figure (cli/check_overrides.h); empty: configured.
  std::string warning;
  std::string critical;
  std::string timeout;  // "10", "30s", "2m": UNKNOWN when the run takes longer; empty: no limit
};

// Runs the checks, records every result in the evidence store and prints them (or, with
// from_store, prints the newest recorded ones). Exit code: the worst status (0 OK, 1 WARN,
// 2 CRIT, 3 UNKNOWN), the same value the output prints.
int run_check(const config::Config& config, const CheckOptions& options, const Clock& clock,
              Env& env);

struct HistoryOptions {
  std::string check;
  std::string since;
  int limit = 50;
  std::string format = "text";  // text or json
  bool runs = false;            // list runs instead of results
};

int run_history(const config::Config& config, const HistoryOptions& options, const Clock& clock);

struct DiffOptions {
  int64_t run_id = 0;
  bool reveal = false;  // full keys; only for an administrator on the host
  std::string format = "text";
};

// Shows the rows that differed in a consistency run, keys masked unless revealed.
int run_diff_show(const config::Config& config, const DiffOptions& options);

// Prints what the configuration sets up; exit 0.
int run_config_check(const config::Config& config);

struct ServeOptions {
  std::string log_level;  // from the command line; wins over agent.log_level, also on reload
};

// Runs the scheduled jobs of config.schedule in the foreground until SIGTERM or SIGINT (exit 0);
// SIGHUP reloads config.path. See agent/cli/serve_command.cpp.
int run_serve(const config::Config& config, const ServeOptions& options, const Clock& clock,
              Env& env);

// The SOP chain and the agenda book (agent/cli/report_chain_command.cpp, agenda_command.cpp).
// `report_parent` finds the `report` subcommand of `app`, adding it when missing, so that the
// drafting commands and the chain commands share it.
struct CommandContext;
CLI::App& report_parent(CLI::App& app);
void add_report_chain_commands(CLI::App& report, Commands& commands);
void add_agenda_commands(CLI::App& app, Commands& commands);
int run_report_show(const CommandContext& context, const std::string& number,
                    const std::string& format);
int run_report_list(const CommandContext& context, const std::string& format,
                    const std::string& out);

}  // namespace jaga::cli

#include "cli/command.h"

namespace jaga::cli {
// jaga pki init|issue|import|issue-agent|list (agent/cli/pki_command.cpp).
void add_pki_commands(CLI::App& app, Commands& commands);
// jaga verify FILE [--signature FILE.p7s ...] (agent/cli/verify_command.cpp).
void add_verify_commands(CLI::App& app, Commands& commands);
}  // namespace jaga::cli

#include "cli/command.h"

namespace jaga::cli {
// `jaga report draft` (agent/cli/report_command.cpp).
void add_report_commands(CLI::App& app, Commands& commands);
}  // namespace jaga::cli

namespace CLI {
class App;
}  // namespace CLI

namespace jaga::cli {
struct Command;
using Commands = std::vector<Command>;

// `jaga store backup DIR` (agent/cli/store_command.cpp).
void add_store_commands(CLI::App& app, Commands& commands);
// `jaga desk user ...` (agent/cli/desk_command.cpp).
void add_desk_commands(CLI::App& app, Commands& commands);

// Backups (agent/cli/backup_command.cpp and restore_command.cpp): `backup` and, added by it,
// `restore-test`.
void add_backup_commands(CLI::App& app, Commands& commands);
void add_restore_commands(CLI::App& app, Commands& commands);

}  // namespace jaga::cli
