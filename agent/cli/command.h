// How a group of subcommands joins the jaga program. Each area (reports, backups, pki, ...) has
// one add_*_commands function that adds its subcommands to the CLI11 app and, for each, a Command
// saying what runs when that subcommand was given. main() parses, loads the configuration when
// the command needs it, and runs the one command that was parsed.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "core/env.h"

namespace jaga::cli {

struct CommandContext {
  const config::Config* config = nullptr;  // null when the command does not need one
  const Clock& clock;
  std::string log_level;  // --log-level from the command line, empty when not given
  Env& env;               // time, sleeping and volumes; env.clock() is `clock`
};

struct Command {
  CLI::App* app = nullptr;  // the (sub)subcommand that selects this command
  std::function<int(const CommandContext&)> run;
  bool needs_config = true;
  bool one_shot = true;  // false for long-running commands (serve): logs at info level
  // Exit code when the configuration cannot be loaded (Nagios' UNKNOWN for check).
  int config_error_code = 1;
};

using Commands = std::vector<Command>;

}  // namespace jaga::cli
