// Which backups retention removes: keep the newest backup of each of the last `daily` days that
// have one, of each of the last `weekly` ISO weeks (Monday to Sunday) and of each of the last
// `monthly` months, counted in the office's time zone; a backup kept by any rule stays. The
// newest backup is always kept, whatever the settings. Pure: the caller deletes.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/clock.h"

namespace jaga::backup {

struct RetentionPolicy {
  int64_t daily = 7;
  int64_t weekly = 4;
  int64_t monthly = 12;
  std::chrono::minutes utc_offset{0};
};

struct RetentionItem {
  std::string name;
  TimePoint started;
};

// The names to delete, oldest first. `good` are the verified, finished backups only: a backup
// that is not good is never counted as a kept one. `always_keep` (the backup just taken and
// verified) is never deleted, even when a backup with a later name exists.
std::vector<std::string> select_for_deletion(std::vector<RetentionItem> good,
                                             const RetentionPolicy& policy,
                                             const std::string& always_keep = "");

}  // namespace jaga::backup
