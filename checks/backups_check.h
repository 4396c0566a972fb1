// Backups: for each configured backup set ([[checks.backups.sets]], or jaga's own backup.dir when
// none is configured) the newest backup must be fresh (younger than the set's RPO), plausible
// (not much smaller than the recent median; a mysqldump ends with its completion marker), intact
// (every compressed file decompresses to its end, every SHA-256 in a manifest or checksum file
// matches) and, with offhost_dir, present there with the same SHA-256. The off-host copy is read
// through a mounted directory; asking the other server's agent for it is not built yet.
#pragma once

#include "checks/check.h"
#include "core/check_names.h"

namespace jaga::checks {

class BackupsCheck final : public Check {
 public:
  std::string_view name() const override { return check_names::kBackups; }
  std::string_view description() const override {
    return "backup sets: fresh within the RPO, plausible size, intact (decompress + SHA-256), "
           "off-host copy";
  }
  bool enabled(const config::Config& config) const override { return config.backups.check_enabled; }
  CheckResult run(CheckContext& context) override;
};

// The sets the check looks at: the configured ones, or jaga's own backup directory.
std::vector<config::BackupSetConfig> backup_sets(const config::Config& config);

// Size plausibility: CRIT when `newest` is below `ratio` times the median of `previous` (the
// sizes of up to the 7 backups before it); nullopt when fine or when there is nothing to compare.
std::optional<std::string> size_problem(uint64_t newest, const std::vector<uint64_t>& previous,
                                        double ratio);

}  // namespace jaga::checks
