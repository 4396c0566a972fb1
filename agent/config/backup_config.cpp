// [backup] (jaga's own backups, retention and the restore test's throw-away server) and
// [checks.backups] with its [[checks.backups.sets]] (the backup sets the check looks at).
#include <fmt/format.h>

#include <map>

#include "config/config.h"
#include "config/table_reader.h"

namespace jaga::config {

void read_backup(TableReader& r, BackupConfig& b) {
  r.string("dir", b.dir);
  r.strings("schemas", b.schemas);
  r.one_of("source", b.source,
           std::map<std::string, std::string>{{"primary", "primary"}, {"backup", "backup"}});
  r.integer("threads", b.threads, 1, 64);
  r.integer("compression_level", b.compression_level, 1, 19);
  r.integer("keep_daily", b.keep_daily, 0, 3650);
  r.integer("keep_weekly", b.keep_weekly, 0, 520);
  r.integer("keep_monthly", b.keep_monthly, 0, 1200);
  r.string("mariadbd", b.mariadbd);
  r.string("install_db", b.install_db);
  r.string("scratch_dir", b.scratch_dir);
  r.integer("scratch_buffer_pool_mb", b.scratch_buffer_pool_mb, 16, 1024 * 1024);
  b.scratch_server.role = "backup.scratch_server";
  r.table("scratch_server", false, [&](TableReader& t) { read_server(t, b.scratch_server); });
  if (r.error) return;
  if (b.dir.empty() || b.dir[0] != '/') {
    return r.fail_here(fmt::format("'backup.dir' must be an absolute path, got \"{}\"", b.dir));
  }
  if (b.schemas.empty()) return r.fail_here("'backup.schemas' must name at least one schema");
  if (b.keep_daily + b.keep_weekly + b.keep_monthly == 0) {
    r.fail_here(
        "retention keeps nothing: set at least one of keep_daily, keep_weekly, keep_monthly");
  }
}

namespace {

void read_set(TableReader& r, BackupSetConfig& s) {
  r.string("name", s.name, true);
  r.string("dir", s.dir, true);
  r.string("pattern", s.pattern);
  r.one_of("format", s.format,
           std::map<std::string, std::string>{{"jaga", "jaga"},
                                              {"mysqldump", "mysqldump"},
                                              {"mariabackup", "mariabackup"},
                                              {"mydumper", "mydumper"}});
  r.number("rpo_warn_hours", s.rpo_warn_hours, 0.01, 24.0 * 366);
  r.number("rpo_crit_hours", s.rpo_crit_hours, 0.01, 24.0 * 366);
  r.number("min_size_ratio", s.min_size_ratio, 0.0, 1.0);
  r.string("offhost_dir", s.offhost_dir);
  if (r.error) return;
  if (s.format.empty()) {
    return r.fail_here(fmt::format(
        "backup set '{}': missing required key 'format' (jaga, mysqldump, mariabackup or "
        "mydumper)",
        s.name));
  }
  if (s.rpo_crit_hours < s.rpo_warn_hours) {
    r.fail_here(fmt::format("backup set '{}': rpo_crit_hours ({}) is below rpo_warn_hours ({})",
                            s.name, s.rpo_crit_hours, s.rpo_warn_hours));
  }
}

}  // namespace

void read_backups_check(TableReader& r, BackupConfig& b) {
  // Whether `enabled` is given at all: read with two different defaults.
  bool if_absent_false = false;
  bool if_absent_true = true;
  r.boolean("enabled", if_absent_false);
  r.boolean("enabled", if_absent_true);
  const bool given = if_absent_false == if_absent_true;
  r.tables("sets", [&](TableReader& set) {
    BackupSetConfig s;
    read_set(set, s);
    for (const auto& other : b.sets) {
      if (!set.error && other.name == s.name) {
        set.fail_here(fmt::format("backup set name '{}' is used twice", s.name));
      }
    }
    b.sets.push_back(std::move(s));
  });
  // Enabled when configured with sets, unless switched off; without sets (backup.dir only)
  // when switched on.
  b.check_enabled = given ? if_absent_true : !b.sets.empty();
}

}  // namespace jaga::config
