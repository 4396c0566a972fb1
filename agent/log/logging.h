// Process-wide logging through spdlog: human-readable lines (or JSON lines) on stderr, which
// journald captures under systemd, and optionally a rotating file. Messages never carry
// credentials or unmasked personal data; callers are responsible for what they pass.
#pragma once

#include "config/config.h"
#include "core/result.h"

namespace jaga::log {

// Installs the default logger. `level_override` (from the command line) wins over the config.
// One-shot commands (`check`, `history`) pass `one_shot`: their stderr then carries only
// warnings and errors unless a level is given on the command line, so that what a person reads
// is the command's output; the log file, when configured, still gets the configured level.
Result<void> setup(const config::AgentConfig& agent, const std::string& level_override,
                   bool one_shot);

// Before a configuration is loaded: warnings and errors only, as text on stderr.
void setup_default();

}  // namespace jaga::log
