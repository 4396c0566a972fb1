// Process-wide logging through spdlog: human-readable lines (or JSON lines) on stderr, which
// journald captures under systemd, and optionally a rotating file. Messages never carry
// credentials or unmasked personal data; callers are responsible for what they pass.
#pragma once

#include "config/config.h"
#include "core/result.h"

namespace jaga::log {

// Installs the default logger. `level_override` (from the command line) wins over the config.
Result<void> setup(const config::AgentConfig& agent, const std::string& level_override = "");

// Before a configuration is loaded: warnings and errors only, as text on stderr.
void setup_default();

}  // namespace jaga::log
