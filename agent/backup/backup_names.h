// The names of jaga backups in a backup directory. A finished backup is the directory
// "jaga-YYYYMMDDTHHMMSSZ" (its start time, UTC); while it is written it is
// ".jaga-YYYYMMDDTHHMMSSZ.partial", renamed only when complete and on disk. So a backup that was
// killed, ran out of space or lost its server is never mistaken for a good one: it keeps the
// .partial name, and the next `jaga backup` removes it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace jaga::backup {

inline constexpr std::string_view kPartialSuffix = ".partial";

std::string backup_name(TimePoint started);
std::string partial_name(TimePoint started);
// The start time encoded in a finished backup's name; nullopt for any other name.
std::optional<TimePoint> parse_backup_name(std::string_view name);
bool is_partial_name(std::string_view name);

struct BackupEntry {
  std::string name;
  std::string path;
  TimePoint started;
  bool has_manifest = false;
};

// The finished backups in `dir` (names that parse), oldest first; a missing dir is empty.
std::vector<BackupEntry> list_backups(const std::string& dir);
// The .partial leftovers in `dir`.
std::vector<std::string> list_partials(const std::string& dir);

}  // namespace jaga::backup
