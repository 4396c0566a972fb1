#include "checks/backups_check.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>

#include "backup/backup_names.h"
#include "backup/backup_set.h"
#include "backup/file_verifier.h"

namespace jaga::checks {
namespace {

constexpr size_t kMedianWindow = 7;

double hours(std::chrono::duration<double> d) { return d.count() / 3600.0; }

// CPU seconds (user + system) of all of jaga's threads so far.
double process_cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

void check_offhost(const config::BackupSetConfig& set, const backup::Candidate& newest,
                   const backup::Verification& local, CheckResult& result) {
  std::vector<backup::FileExpectation> copies;
  for (const auto& [name, sha] : local.sha256) {
    // Names of directory formats start with the candidate's name; jaga names are inside it.
    const std::string rel = set.format == "jaga" ? newest.name + "/" + name : name;
    copies.push_back(backup::FileExpectation{set.offhost_dir + "/" + rel, rel, std::nullopt, sha});
  }
  for (const auto& v : backup::verify_files(copies)) {
    if (!v.ok()) {
      result.add(
          Status::kCrit, FindingKind::kBackupOffhostCopyBad, {{"set", set.name}},
          fmt::format("set {}: off-host copy in {}: {}", set.name, set.offhost_dir, v.problem));
    }
  }
}

// Looks at one set; returns the newest backup's age in seconds (nullopt: no backup at all).
std::optional<double> check_set(const config::BackupSetConfig& set, CheckContext& context,
                                CheckResult& result, nlohmann::json& evidence) {
  const auto candidates = backup::scan_set(set);
  evidence["dir"] = set.dir;
  evidence["format"] = set.format;
  evidence["backups"] = candidates.size();
  if (candidates.empty()) {
    result.add(Status::kCrit, FindingKind::kBackupNone, {{"set", set.name}},
               fmt::format("set {}: no {} backup in {} matching \"{}\"", set.name, set.format,
                           set.dir, set.pattern));
    return std::nullopt;
  }
  if (set.format == "jaga") {
    const auto partials = backup::list_partials(set.dir);
    if (!partials.empty()) {
      result.add(Status::kOk, FindingKind::kBackupPartialsIgnored,
                 {{"set", set.name}, {"count", partials.size()}},
                 fmt::format("set {}: {} unfinished backup(s) ignored (removed by the "
                             "next jaga backup)",
                             set.name, partials.size()));
    }
  }
  const backup::Candidate& newest = candidates.back();
  const double age = std::chrono::duration<double>(context.clock.now() - newest.time).count();
  evidence["newest"] = newest.name;
  evidence["newest_bytes"] = newest.bytes;
  evidence["newest_age_seconds"] = age;
  const double age_h = hours(std::chrono::duration<double>(age));
  if (age_h >= set.rpo_crit_hours || age_h >= set.rpo_warn_hours) {
    result.add(
        age_h >= set.rpo_crit_hours ? Status::kCrit : Status::kWarn, FindingKind::kBackupTooOld,
        {{"set", set.name}, {"age_seconds", age}},
        fmt::format("set {}: newest backup {} is {} old (RPO warn {} h, crit {} h)", set.name,
                    newest.name, format_duration(age), set.rpo_warn_hours, set.rpo_crit_hours));
  }
  std::vector<uint64_t> previous;
  for (size_t i = candidates.size() - 1; i-- > 0 && previous.size() < kMedianWindow;) {
    previous.push_back(candidates[i].bytes);
  }
  if (auto problem = size_problem(newest.bytes, previous, set.min_size_ratio)) {
    result.add(Status::kCrit, FindingKind::kBackupSizeSuspect, {{"set", set.name}},
               fmt::format("set {}: newest backup {} {}", set.name, newest.name, *problem));
  }
  const MonotonicTime started = context.env.monotonic();
  const double cpu_started = process_cpu_seconds();
  backup::Verification v =
      backup::verify_candidate(set, newest, context.config.peer, context.clock.now());
  const double seconds = context.env.seconds_since(started);
  evidence["verified_raw_bytes"] = v.raw_bytes;
  evidence["verify_seconds"] = seconds;
  evidence["verify_cpu_seconds"] = process_cpu_seconds() - cpu_started;
  evidence["verification"] = v.evidence;
  for (const auto& f : v.findings) {
    result.add(f.status,
               f.status == Status::kCrit ? FindingKind::kBackupNotVerified
                                         : FindingKind::kBackupVerifyNote,
               {{"set", set.name}},
               fmt::format("set {}: {}: {}", set.name, newest.name, f.message));
  }
  const bool intact =
      std::none_of(v.findings.begin(), v.findings.end(),
                   [](const backup::SetFinding& f) { return f.status == Status::kCrit; });
  if (!set.offhost_dir.empty() && intact) check_offhost(set, newest, v, result);
  return age;
}

}  // namespace

std::vector<config::BackupSetConfig> backup_sets(const config::Config& config) {
  if (!config.backups.sets.empty()) return config.backups.sets;
  config::BackupSetConfig own;
  own.name = "jaga";
  own.dir = config.backups.dir;
  own.format = "jaga";
  return {own};
}

std::optional<std::string> size_problem(uint64_t newest, const std::vector<uint64_t>& previous,
                                        double ratio) {
  if (previous.empty()) return std::nullopt;
  std::vector<uint64_t> sorted = previous;
  std::sort(sorted.begin(), sorted.end());
  const size_t n = sorted.size();
  const double median =
      n % 2 == 1
          ? static_cast<double>(sorted[n / 2])
          : (static_cast<double>(sorted[n / 2 - 1]) + static_cast<double>(sorted[n / 2])) / 2.0;
  if (static_cast<double>(newest) >= ratio * median) return std::nullopt;
  return fmt::format(
      "has {} bytes, {:.0f}% of the median {:.0f} of the {} before it (minimum {:.0f}%)", newest,
      100.0 * static_cast<double>(newest) / median, median, n, 100.0 * ratio);
}

CheckResult BackupsCheck::run(CheckContext& context) {
  CheckResult result;
  std::optional<double> worst_age;
  size_t verified = 0;
  for (const auto& set : backup_sets(context.config)) {
    nlohmann::json evidence = nlohmann::json::object();
    const auto age = check_set(set, context, result, evidence);
    if (age) {
      ++verified;
      worst_age = std::max(worst_age.value_or(0.0), *age);
      result.metrics.push_back({"newest_backup_age_seconds_" + set.name, *age, "s",
                                set.rpo_warn_hours * 3600, set.rpo_crit_hours * 3600});
      if (evidence.contains("newest_bytes") && evidence["newest_bytes"].is_number()) {
        result.metrics.push_back({"newest_backup_bytes_" + set.name,
                                  evidence["newest_bytes"].get<double>(),
                                  "B",
                                  {},
                                  {}});
      }
    }
    result.evidence["sets"][set.name] = evidence;
  }
  if (worst_age) {
    result.metrics.insert(result.metrics.begin(),
                          {"newest_backup_age_seconds", *worst_age, "s", {}, {}});
  }
  result.summarize(fmt::format("{} backup set(s) fresh, plausible and intact; newest is {} old",
                               verified, format_duration(worst_age.value_or(0))));
  return result;
}

}  // namespace jaga::checks
