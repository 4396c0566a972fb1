// `jaga check --warning/--critical`: a Nagios-style override of one check's thresholds for its
// main figure, applied to a copy of the configuration before the check runs. Which figure each
// check's thresholds mean is in kOverrideHelp, the text `jaga check --help` prints.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"
#include "core/result.h"

namespace jaga::cli {

inline constexpr const char* kOverrideHelp =
    "replication: lag (seconds, or 90s/5m/1h); server: free space of every volume (percent, WARN "
    "and CRIT at or below); consistency: differing rows (--critical only: CRIT from this many, "
    "fewer are WARN, never OK); backups: age of the newest backup of every set (seconds, or "
    "26h/2d). Name exactly one of these checks.";

// Sets the thresholds of the one check in `names` from `warning` and `critical` (either may be
// empty: that threshold keeps its configured value). Requires: at least one of them is set. An
// Error says which check or value is wrong: no check or several named, a check without a main
// figure (security), a value that is not a number of the figure's unit, or WARN and CRIT the
// wrong way round once applied.
Result<void> apply_threshold_overrides(config::Config& config,
                                       const std::vector<std::string>& names,
                                       const std::string& warning, const std::string& critical);

// "30", "30s", "5m", "2h", "1d" as seconds (> 0); an Error names `option` and the text.
Result<double> parse_override_seconds(const std::string& option, const std::string& text);

}  // namespace jaga::cli
