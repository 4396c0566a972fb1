#include "backup/backup_writer.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>

#include "backup/backup_names.h"
#include "backup/file_names.h"
#include "backup/jaga_backup_check.h"
#include "backup/manifest_signature.h"
#include "backup/part_planner.h"
#include "backup/retention.h"
#include "backup/shared_snapshot.h"
#include "backup/table_dumper.h"
#include "consistency/digest_sql.h"
#include "core/durable_file.h"
#include "core/sha256.h"

namespace jaga::backup {
namespace {

// How long a backup waits for one already running in the same directory before it gives up.
constexpr std::chrono::minutes kLockWait{60};

// Holds an exclusive flock on DIR/.jaga-backup.lock, so two backups never write at once and
// leftovers are only removed when no backup is running. A second backup waits for the first
// (up to kLockWait) instead of failing: two started together both complete, one after the other.
class DirLock {
 public:
  static Result<DirLock> take(const std::string& dir, Env& env) {
    const std::string path = dir + "/.jaga-backup.lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) return Error{fmt::format("cannot open {}: {}", path, std::strerror(errno))};
    const MonotonicTime give_up = env.monotonic() + kLockWait;
    bool told = false;
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK && errno != EINTR) {
        const int error = errno;
        ::close(fd);
        return Error{fmt::format("cannot lock {}: {}", path, std::strerror(error))};
      }
      if (env.monotonic() > give_up) {
        ::close(fd);
        return Error{
            fmt::format("another jaga backup has been running in {} for over {} minutes "
                        "(it holds {}); this one gave up waiting",
                        dir, kLockWait.count(), path)};
      }
      if (!told) spdlog::info("another jaga backup is running in {}: waiting for it to end", dir);
      told = true;
      env.sleep_for(std::chrono::milliseconds(100));
    }
    return DirLock(fd);
  }
  DirLock(DirLock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  DirLock& operator=(DirLock&&) = delete;
  ~DirLock() {
    if (fd_ >= 0) ::close(fd_);
  }

 private:
  explicit DirLock(int fd) : fd_(fd) {}
  int fd_;
};

Result<std::string> show_create_table(db::Connection& c, const consistency::TableSchema& t) {
  auto r = c.query(fmt::format("SHOW CREATE TABLE {}.{}", consistency::identifier(t.schema),
                               consistency::identifier(t.name)));
  if (!r) return r.error();
  if (r->rows.empty() || r->rows[0].size() < 2 || !r->rows[0][1]) {
    return Error{
        fmt::format("{}: SHOW CREATE TABLE {} returned nothing", c.label(), t.full_name())};
  }
  return *r->rows[0][1];
}

Result<ManifestSchema> schema_of(db::Connection& c, const std::string& name) {
  auto r = c.query(fmt::format(
      "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA "
      "WHERE SCHEMA_NAME = {}",
      c.quote(name)));
  if (!r) return r.error();
  if (r->rows.empty()) {
    return Error{fmt::format("{}: schema '{}' does not exist (backup.schemas)", c.label(), name)};
  }
  return ManifestSchema{name, r->rows[0][0].value_or("utf8mb4"),
                        r->rows[0][1].value_or("utf8mb4_general_ci")};
}

struct Work {
  const consistency::TableSchema* table;
  size_t table_index;
  TablePart part;
};

// Dumps every part on the snapshot's connections, one thread per connection. The first error
// stops the others at their next part.
Result<void> dump_all(SharedSnapshot& snapshot, std::vector<Work>& work, const std::string& dir,
                      int level, std::vector<ManifestTable>& tables,
                      std::vector<ManifestFile>& files, Env& env) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  std::optional<Error> first_error;
  const int workers = 1;  // one zstd thread per file: compression runs beside the row fetching
  auto run = [&](db::Connection& c) {
    for (size_t i = next++; i < work.size() && !failed; i = next++) {
      Work& w = work[i];
      auto dumped = dump_part(c, *w.table, w.part, dir, level, workers, env);
      std::lock_guard lock(mutex);
      if (!dumped) {
        if (!first_error) first_error = dumped.error();
        failed = true;
        return;
      }
      w.part.rows = dumped->rows;
      w.part.digest = dumped->digest;
      files.push_back(dumped->file);
      tables[w.table_index].rows += dumped->rows;
    }
  };
  std::vector<std::thread> threads;
  for (size_t i = 1; i < snapshot.connections.size(); ++i) {
    threads.emplace_back(run, std::ref(*snapshot.connections[i]));
  }
  run(*snapshot.connections[0]);
  for (auto& t : threads) t.join();
  if (first_error) return *first_error;
  return Ok();
}

Result<void> publish(const std::string& partial, const std::string& final_path,
                     const std::string& dir, const std::vector<std::string>& subdirs) {
  for (const auto& s : subdirs) {
    if (auto r = sync_directory(partial + "/" + s); !r) return r;
  }
  if (auto r = sync_directory(partial); !r) return r;
  if (::rename(partial.c_str(), final_path.c_str()) != 0) {
    return Error{
        fmt::format("cannot rename {} to {}: {}", partial, final_path, std::strerror(errno))};
  }
  return sync_directory(dir);
}

// Runs only after `kept` (the backup just taken) was verified on disk, and never deletes it.
void apply_retention(const config::Config& config, const std::string& kept,
                     BackupOutcome& outcome) {
  std::vector<RetentionItem> good;
  for (const auto& e : list_backups(config.backups.dir)) {
    if (e.has_manifest) good.push_back(RetentionItem{e.name, e.started});
  }
  const RetentionPolicy policy{config.backups.keep_daily, config.backups.keep_weekly,
                               config.backups.keep_monthly, config.schedule.zone.offset()};
  for (const auto& name : select_for_deletion(good, policy, kept)) {
    if (auto r = remove_tree(config.backups.dir + "/" + name); !r) {
      spdlog::error("retention: {}", r.error().message);
    } else {
      outcome.retention_deleted.push_back(name);
    }
  }
}

// A start time whose backup name is not taken in `dir` yet: two backups started in the same
// second run one after the other (DirLock), and the second waits for the next second.
Result<TimePoint> free_start_time(const std::string& dir, Env& env) {
  const Clock& clock = env.clock();
  for (int attempt = 0;; ++attempt) {
    const TimePoint started = clock.now();
    std::error_code ec;
    if (!std::filesystem::exists(dir + "/" + backup_name(started), ec) &&
        !std::filesystem::exists(dir + "/" + partial_name(started), ec)) {
      return started;
    }
    if (attempt == 30) {
      return Error{fmt::format("{} already holds a backup named {} and the clock does not move on",
                               dir, backup_name(started))};
    }
    env.sleep_for(std::chrono::milliseconds(100));
  }
}

// The backup in `partial`, read back from disk: every file against the manifest, nothing else
// there. Only a backup that verifies is published and counted by retention.
Result<void> verify_written(const std::string& partial) {
  const JagaBackupCheck check = check_jaga_backup(partial, JagaCheckOptions{nullptr, false, {}});
  if (check.findings.empty()) return Ok();
  std::string problems;
  for (const auto& f : check.findings) problems += (problems.empty() ? "" : "; ") + f.message;
  return Error{"the backup just written does not verify: " + problems};
}

}  // namespace

Result<BackupOutcome> take_backup(const config::Config& config,
                                  const std::vector<std::string>& schemas_given, Env& env) {
  const Clock& clock = env.clock();
  const config::BackupConfig& bc = config.backups;
  std::vector<std::string> schemas;
  for (const auto& s : schemas_given.empty() ? bc.schemas : schemas_given) {
    if (std::find(schemas.begin(), schemas.end(), s) == schemas.end()) schemas.push_back(s);
  }
  BackupOutcome outcome;
  std::error_code created;
  std::filesystem::create_directories(bc.dir, created);
  if (created) {
    return Error{fmt::format("cannot create the backup directory {} (backup.dir): {}", bc.dir,
                             created.message())};
  }
  auto lock = DirLock::take(bc.dir, env);
  if (!lock) return lock.error();
  for (const auto& leftover : list_partials(bc.dir)) {
    spdlog::warn("removing {}, left by a backup that did not finish", leftover);
    if (auto r = remove_tree(leftover); !r) return r.error();
    outcome.removed_partials.push_back(leftover);
  }
  auto free_start = free_start_time(bc.dir, env);
  if (!free_start) return free_start.error();
  const TimePoint started = *free_start;

  const config::ServerConfig& server = bc.source == "primary" ? config.primary : config.backup;
  auto snapshot = open_shared_snapshot(server, static_cast<int>(bc.threads));
  if (!snapshot) return snapshot.error();
  db::Connection& c0 = *snapshot->connections[0];
  auto tables = consistency::load_tables(c0, schemas, {});
  if (!tables) return tables.error();

  const std::string partial = bc.dir + "/" + partial_name(started);
  const std::string final_path = bc.dir + "/" + backup_name(started);
  if (::mkdir(partial.c_str(), 0750) != 0) {
    return Error{fmt::format("cannot create {}: {}", partial, std::strerror(errno))};
  }
  // Every file this run writes is inside `partial` (names are encoded, backup/file_names.h),
  // so removing it (or the published directory, when only the last fsync failed) removes all.
  auto fail = [&](const Error& e) -> Result<BackupOutcome> {
    for (const std::string& path : {partial, final_path}) {
      if (auto r = remove_tree(path); !r) {
        return Error{
            fmt::format("backup failed: {}; and {} could not be removed ({}): it is not "
                        "counted as a backup; remove it by hand",
                        e.message, path, r.error().message)};
      }
    }
    return Error{fmt::format("backup failed, nothing was kept: {}", e.message)};
  };

  Manifest m;
  m.jaga_version = JAGA_VERSION;
  m.host_name = config.agent.host_name;
  m.server_role = server.role;
  m.server = server.endpoint();
  m.server_version = c0.version();
  m.started_at = format_utc(started);
  m.gtid_position = snapshot->gtid_position;
  m.binlog_file = snapshot->binlog_file;
  m.binlog_position = snapshot->binlog_position;
  m.snapshot_method = snapshot->method;
  for (const auto& s : schemas) {
    auto schema = schema_of(c0, s);
    if (!schema) return fail(schema.error());
    m.schemas.push_back(*schema);
    const std::string sub = partial + "/" + encode_file_name(s);
    if (::mkdir(sub.c_str(), 0750) != 0) {
      return fail(Error{fmt::format("cannot create {}: {}", sub, std::strerror(errno))});
    }
  }

  std::vector<Work> work;
  for (size_t i = 0; i < tables->size(); ++i) {
    const auto& t = (*tables)[i];
    ManifestTable mt{t.schema,
                     t.name,
                     encode_file_name(t.schema) + "/" + encode_file_name(t.name) + ".sql",
                     0,
                     {}};
    auto ddl = show_create_table(c0, t);
    if (!ddl) return fail(ddl.error());
    if (auto w = env.write_file(partial + "/" + mt.ddl_file, *ddl); !w) return fail(w.error());
    m.files.push_back(ManifestFile{mt.ddl_file, ddl->size(), "", ddl->size()});
    auto parts = plan_parts(c0, t, static_cast<int>(bc.threads));
    if (!parts) return fail(parts.error());
    for (auto& p : *parts) work.push_back(Work{&t, i, std::move(p)});
    m.tables.push_back(std::move(mt));
  }
  for (auto& f : m.files) {
    auto sha = sha256_file(partial + "/" + f.path);
    if (!sha) return fail(sha.error());
    f.sha256 = *sha;
  }
  if (auto d = dump_all(*snapshot, work, partial, static_cast<int>(bc.compression_level), m.tables,
                        m.files, env);
      !d) {
    return fail(d.error());
  }
  for (auto& w : work) m.tables[w.table_index].parts.push_back(std::move(w.part));
  std::sort(m.files.begin(), m.files.end(),
            [](const ManifestFile& a, const ManifestFile& b) { return a.path < b.path; });
  snapshot->connections.clear();  // ends the snapshot's transactions

  m.finished_at = format_utc(clock.now());
  const std::string text = to_json(m).dump(1) + "\n";
  if (auto w = env.write_file(partial + "/" + kManifestName, text); !w) return fail(w.error());
  if (can_sign_manifests(config.peer)) {
    auto signature = sign_manifest(text, config.peer, clock.now());
    if (!signature) return fail(signature.error());
    if (auto w = env.write_file(partial + "/" + kManifestSignatureName, *signature); !w) {
      return fail(w.error());
    }
    outcome.signed_manifest = true;
  }
  const MonotonicTime verify_started = env.monotonic();
  if (auto v = verify_written(partial); !v) return fail(v.error());
  outcome.verify_seconds = env.seconds_since(verify_started);
  std::vector<std::string> subdirs;
  for (const auto& s : schemas) subdirs.push_back(encode_file_name(s));
  if (auto p = publish(partial, final_path, bc.dir, subdirs); !p) return fail(p.error());
  outcome.path = final_path;
  outcome.manifest = std::move(m);
  outcome.seconds = std::chrono::duration<double>(clock.now() - started).count();
  apply_retention(config, backup_name(started), outcome);
  return outcome;
}

}  // namespace jaga::backup
