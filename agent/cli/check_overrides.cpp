#include "cli/check_overrides.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <optional>

#include "core/check_names.h"

namespace jaga::cli {
namespace {

// A plain decimal ("12", "7.5") with at most one of `suffixes` after it, which goes into `unit`;
// nullopt for anything else.
std::optional<double> parse_number(const std::string& text, std::string_view suffixes, char* unit) {
  if (text.empty()) return std::nullopt;
  std::string digits = text;
  *unit = '\0';
  if (suffixes.find(digits.back()) != std::string_view::npos) {
    *unit = digits.back();
    digits.pop_back();
  }
  // Plain decimals only: no sign, exponent, "inf" or "nan".
  if (digits.empty() || digits.find_first_not_of("0123456789.") != std::string::npos) {
    return std::nullopt;
  }
  char* end = nullptr;
  const double v = std::strtod(digits.c_str(), &end);
  if (end != digits.c_str() + digits.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

Result<double> parse_percent(const std::string& option, const std::string& text) {
  char unit = '\0';
  const auto v = parse_number(text, "%", &unit);
  if (!v || *v > 100) {
    return Error{
        fmt::format("{} {}: expected a percentage of free space from 0 to 100, like 15 "
                    "or 15%",
                    option, text)};
  }
  return *v;
}

Result<int64_t> parse_rows(const std::string& option, const std::string& text) {
  char unit = '\0';
  const auto v = parse_number(text, "", &unit);
  if (!v || *v < 1 || *v != std::floor(*v) || *v > 1e15) {
    return Error{
        fmt::format("{} {}: expected a number of differing rows, 1 or more", option, text)};
  }
  return static_cast<int64_t>(*v);
}

// Parses whichever of warning and critical is set into `warn` and `crit`.
template <typename T, typename Parse>
Result<void> parse_pair(const std::string& warning, const std::string& critical, Parse parse,
                        T& warn, T& crit) {
  if (!warning.empty()) {
    auto v = parse("--warning", warning);
    if (!v) return v.error();
    warn = static_cast<T>(*v);
  }
  if (!critical.empty()) {
    auto v = parse("--critical", critical);
    if (!v) return v.error();
    crit = static_cast<T>(*v);
  }
  return Ok();
}

Result<void> check_order(std::string_view what, double warn, double crit, bool higher_is_worse) {
  if (higher_is_worse ? warn > crit : warn < crit) {
    return Error{
        fmt::format("{}: the WARN threshold ({}) must not be {} than the CRIT threshold "
                    "({})",
                    what, warn, higher_is_worse ? "higher" : "lower", crit)};
  }
  return Ok();
}

Result<void> override_replication(config::ReplicationCheckConfig& c, const std::string& warning,
                                  const std::string& critical) {
  const auto whole_seconds = [](const std::string& option,
                                const std::string& text) -> Result<double> {
    auto v = parse_override_seconds(option, text);
    if (v && *v != std::floor(*v)) {
      return Error{fmt::format("{} {}: replication lag is judged in whole seconds", option, text)};
    }
    return v;
  };
  if (auto r = parse_pair(warning, critical, whole_seconds, c.lag_warn_seconds, c.lag_crit_seconds);
      !r) {
    return r;
  }
  return check_order("replication lag", static_cast<double>(c.lag_warn_seconds),
                     static_cast<double>(c.lag_crit_seconds), true);
}

Result<void> override_volumes(config::ServerCheckConfig& c, const std::string& warning,
                              const std::string& critical) {
  if (c.volumes.empty()) {
    return Error{
        "--warning/--critical for server: no volumes are configured "
        "([[checks.server.volumes]]), so there is no free space to judge"};
  }
  for (config::VolumeConfig& v : c.volumes) {
    if (auto r =
            parse_pair(warning, critical, parse_percent, v.warn_free_percent, v.crit_free_percent);
        !r) {
      return r;
    }
    if (auto r = check_order("free space of volume '" + v.name + "'", v.warn_free_percent,
                             v.crit_free_percent, false);
        !r) {
      return r;
    }
  }
  return Ok();
}

Result<void> override_backup_age(config::BackupConfig& c, const std::string& warning,
                                 const std::string& critical) {
  const auto hours = [](const std::string& option, const std::string& text) -> Result<double> {
    auto v = parse_override_seconds(option, text);
    if (!v) return v;
    return *v / 3600.0;
  };
  // `jaga check backups` without sets checks backup.dir as one set with the defaults.
  if (c.sets.empty()) {
    config::BackupSetConfig set;
    set.name = "jaga";
    set.dir = c.dir;
    set.format = "jaga";
    c.sets.push_back(set);
  }
  for (config::BackupSetConfig& set : c.sets) {
    if (auto r = parse_pair(warning, critical, hours, set.rpo_warn_hours, set.rpo_crit_hours); !r) {
      return r;
    }
    if (auto r = check_order("age of the newest backup of set '" + set.name + "' (hours)",
                             set.rpo_warn_hours, set.rpo_crit_hours, true);
        !r) {
      return r;
    }
  }
  return Ok();
}

}  // namespace

Result<double> parse_override_seconds(const std::string& option, const std::string& text) {
  char unit = '\0';
  const auto v = parse_number(text, "smhd", &unit);
  if (!v) {
    return Error{
        fmt::format("{} {}: expected a duration: seconds, or a number with s, m, h or d "
                    "(90, 90s, 5m, 26h, 2d)",
                    option, text)};
  }
  const double scale = unit == 'm' ? 60 : unit == 'h' ? 3600 : unit == 'd' ? 86400 : 1;
  return *v * scale;
}

Result<void> apply_threshold_overrides(config::Config& config,
                                       const std::vector<std::string>& names,
                                       const std::string& warning, const std::string& critical) {
  if (names.size() != 1) {
    return Error{fmt::format(
        "--warning/--critical apply to one check's main figure: name exactly one check (got {}); "
        "{}",
        names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", ")), kOverrideHelp)};
  }
  const std::string& name = names.front();
  if (name == check_names::kReplication) {
    return override_replication(config.replication_check, warning, critical);
  }
  if (name == check_names::kServer) return override_volumes(config.server_check, warning, critical);
  if (name == check_names::kBackups) return override_backup_age(config.backups, warning, critical);
  if (name == check_names::kConsistency) {
    if (!warning.empty()) {
      return Error{
          "--warning for consistency: a differing row is never OK, so there is no WARN "
          "threshold; --critical N makes fewer than N differing rows WARN instead of CRIT"};
    }
    auto rows = parse_rows("--critical", critical);
    if (!rows) return rows.error();
    config.consistency_check.differing_rows_crit = *rows;
    return Ok();
  }
  return Error{
      fmt::format("--warning/--critical: check {} has no main figure to set thresholds "
                  "for; {}",
                  name, kOverrideHelp)};
}

}  // namespace jaga::cli
