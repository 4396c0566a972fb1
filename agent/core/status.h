// The four check outcomes, with the meaning and exit codes of Nagios/Icinga plugins.
#pragma once

#include <optional>
#include <string_view>

namespace jaga {

enum class Status { kOk = 0, kWarn = 1, kCrit = 2, kUnknown = 3 };

// "OK", "WARN", "CRIT", "UNKNOWN".
std::string_view status_name(Status status);
// "OK", "WARNING", "CRITICAL", "UNKNOWN" as Nagios plugins print them.
std::string_view status_nagios_name(Status status);
std::optional<Status> parse_status(std::string_view name);
// The plugin exit code: 0 OK, 1 WARN, 2 CRIT, 3 UNKNOWN.
inline int exit_code(Status status) { return static_cast<int>(status); }

// The worst of two, ordered OK < WARN < UNKNOWN < CRIT, the order Nagios and Icinga use to
// aggregate states: a known failure (a server down, a differing row) is never hidden behind a
// check that could not establish anything. A run's exit code is the code of its worst status.
Status worse(Status a, Status b);

}  // namespace jaga
