#include "backup/restore_test.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include "backup/backup_names.h"
#include "backup/jaga_backup_check.h"
#include "backup/manifest.h"
#include "backup/part_digest.h"
#include "backup/restore_dump.h"
#include "backup/restore_loader.h"
#include "backup/scratch_server.h"
#include "consistency/digest_sql.h"

namespace jaga::backup {
namespace {

// Every part's digest, recomputed on the restored server and compared with the manifest. Parts
// are digested as soon as they are loaded (digest()), or all at the end (digest_rest()).
class DigestComparison {
 public:
  // REQUIRES: the tables exist on the target; their columns and keys are read here.
  static Result<DigestComparison> prepare(db::Connection& c, const Manifest& m,
                                          const RestoreTarget& target) {
    DigestComparison d;
    d.algorithm_ = m.digest;
    std::vector<std::string> schemas;
    for (const auto& s : m.schemas) schemas.push_back(target.schema(s.name));
    auto loaded = consistency::load_tables(c, schemas, {});
    if (!loaded) return loaded.error();
    d.schemas_.assign(loaded->begin(), loaded->end());
    for (const auto& t : m.tables) {
      const consistency::TableSchema* schema = nullptr;
      for (const auto& s : d.schemas_) {
        if (s.schema == target.schema(t.schema) && s.name == t.name) schema = &s;
      }
      d.tables_.push_back(TableComparison{t.full_name(), t.rows, 0, schema != nullptr,
                                          schema ? "" : "the table is missing after the restore"});
      if (schema == nullptr) continue;
      for (const auto& p : t.parts) {
        d.index_[&p] = d.jobs_.size();
        Job job;
        job.table = &t;
        job.part = &p;
        job.schema = schema;
        job.table_index = d.tables_.size() - 1;
        d.jobs_.push_back(std::move(job));
      }
    }
    return d;
  }

  // Digests `part` (of a table that was found); safe on several threads for different parts.
  void digest(db::Connection& c, const TablePart& part) {
    auto it = index_.find(&part);
    if (it == index_.end()) return;
    Job& j = jobs_[it->second];
    j.done = true;
    if (algorithm_ == kDigestXxh3) {
      auto d = digest_rows(c, *j.schema, j.part->lo, j.part->hi);
      if (!d) {
        j.error = d.error().message;
        return;
      }
      j.rows = d->rows();
      j.digest = d->value();
      return;
    }
    const consistency::Quote quote = [&c](std::string_view v) { return c.quote(v); };
    auto r = c.query(consistency::crc32_chunk_digest_sql(*j.schema, j.part->lo, j.part->hi, quote));
    if (!r || r->rows.empty() || r->rows[0].size() < 2) {
      j.error = r ? "no result" : r.error().message;
      return;
    }
    j.rows = std::stoll(r->rows[0][0].value_or("0"));
    j.digest = r->rows[0][1].value_or("");
  }

  // Digests the parts not digested yet on `threads` connections.
  void digest_rest(const ConnectionFactory& connect, int threads) {
    std::atomic<size_t> next{0};
    auto work = [&] {
      auto c = connect();
      if (!c) return;  // its parts are taken by the other threads, or reported as not digested
      for (size_t i = next++; i < jobs_.size(); i = next++) {
        if (!jobs_[i].done) digest(**c, *jobs_[i].part);
      }
    };
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
  }

  std::vector<TableComparison> result() const {
    std::vector<TableComparison> out = tables_;
    for (const auto& j : jobs_) {
      TableComparison& cmp = out[j.table_index];
      cmp.rows_found += j.rows;
      const std::string sep = cmp.detail.empty() ? "" : "; ";
      if (!j.done) {
        cmp.equal = false;
        cmp.detail += fmt::format("{}{} was not digested (no connection)", sep, j.part->data_file);
      } else if (!j.error.empty()) {
        cmp.equal = false;
        cmp.detail += fmt::format("{}digest of {} failed: {}", sep, j.part->data_file, j.error);
      } else if (j.rows != j.part->rows || j.digest != j.part->digest) {
        cmp.equal = false;
        cmp.detail +=
            fmt::format("{}part {}: {} rows, digest {} (manifest: {} rows, digest {})", sep,
                        j.part->data_file, j.rows, j.digest, j.part->rows, j.part->digest);
      }
    }
    return out;
  }

 private:
  struct Job {
    const ManifestTable* table = nullptr;
    const TablePart* part = nullptr;
    const consistency::TableSchema* schema = nullptr;
    size_t table_index = 0;
    bool done = false;
    int64_t rows = 0;
    std::string digest;
    std::string error;
  };
  std::string algorithm_;  // Manifest::digest
  // Node-based, so the pointers into it stay valid when the object moves.
  std::list<consistency::TableSchema> schemas_;
  std::vector<TableComparison> tables_;
  std::vector<Job> jobs_;
  std::map<const TablePart*, size_t> index_;
};

// Restores `m` into `target` and compares the digests. Without a before_digest hook every part is
// digested right after it is loaded, on the loading connection, overlapping the other loads.
Result<void> restore_and_compare(const std::string& path, const Manifest& m,
                                 const RestoreTarget& target, const RestoreOptions& options,
                                 RestoreTestOutcome& outcome, Env& env) {
  const auto t1 = env.monotonic();
  auto failed = [&](const Error& e) {
    return Error{fmt::format("restoring {} failed: {}", path, e.message)};
  };
  if (auto r = create_tables(path, m, target); !r) return failed(r.error());
  std::optional<DigestComparison> digests;
  const bool overlap = !options.before_digest;
  if (overlap) {
    auto c = target.connect();
    if (!c) return c.error();
    auto prepared = DigestComparison::prepare(**c, m, target);
    if (!prepared) return prepared.error();
    digests = std::move(*prepared);
  }
  const PartLoaded digest_now = [&](db::Connection& c, const ManifestTable&, const TablePart& p) {
    digests->digest(c, p);
  };
  if (auto r = load_parts(path, m, target, options.threads, overlap ? digest_now : nullptr); !r) {
    return failed(r.error());
  }
  outcome.restore_seconds = env.seconds_since(t1);
  const auto t2 = env.monotonic();
  if (!overlap) {
    auto c = target.connect();
    if (!c) return c.error();
    options.before_digest(**c);
    auto prepared = DigestComparison::prepare(**c, m, target);
    if (!prepared) return prepared.error();
    digests = std::move(*prepared);
  }
  digests->digest_rest(target.connect, options.threads);
  outcome.tables = digests->result();
  outcome.digest_seconds = env.seconds_since(t2);
  return Ok();
}

// A name for the restore of `schema` on a shared scratch server that no one else uses: a random
// tag, at most 64 characters (MariaDB's limit counts characters, and a cut must not split one).
std::string restore_schema_name(const std::string& tag, const std::string& schema) {
  const std::string name = fmt::format("jaga_restore_{}_{}", tag, schema);
  size_t end = 0;
  for (int chars = 0; end < name.size() && chars < 64; ++chars) {
    ++end;
    while (end < name.size() && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) ++end;
  }
  return name.substr(0, end);
}

// Verifies the jaga backup at `path` before anything is loaded: CRIT refuses it (Error), WARN
// becomes "not proven". The manifest returned is the one whose bytes were verified.
Result<Manifest> verify_before_loading(const config::Config& config, const std::string& path,
                                       RestoreTestOutcome& outcome, Env& env) {
  const auto t0 = env.monotonic();
  const TimePoint now = env.clock().now();
  JagaBackupCheck check = check_jaga_backup(path, JagaCheckOptions{&config.peer, true, now});
  outcome.verify_seconds = env.seconds_since(t0);
  if (check.worst() == Status::kCrit || !check.manifest) {
    return Error{fmt::format("{} does not verify, nothing was loaded: {}", path,
                             check.messages(Status::kCrit))};
  }
  for (const auto& f : check.findings) outcome.unproven.push_back(f.message);
  return std::move(*check.manifest);
}

Result<bool> schema_exists(db::Connection& c, const std::string& name) {
  auto found = c.query(fmt::format(
      "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = {}", c.quote(name)));
  if (!found) return found.error();
  return !found->rows.empty();
}

std::string random_tag() {
  std::random_device random;
  return fmt::format("{:08x}", random());
}

// Restores into the configured scratch server, in schemas named for this restore that must not
// exist beforehand; drops them again afterwards, whatever happens.
Result<void> restore_to_configured(const config::ServerConfig& server, const std::string& path,
                                   const Manifest& m, const RestoreOptions& options,
                                   RestoreTestOutcome& outcome, Env& env) {
  const auto t0 = env.monotonic();
  RestoreTarget target{[&server] { return db::Connection::open(server); }, {}};
  auto admin = target.connect();
  if (!admin) {
    return Error{fmt::format("cannot reach the scratch server (backup.scratch_server): {}",
                             admin.error().message)};
  }
  const std::string tag = options.schema_tag ? options.schema_tag() : random_tag();
  for (const auto& s : m.schemas) {
    const std::string name = restore_schema_name(tag, s.name);
    auto found = schema_exists(**admin, name);
    if (!found) return found.error();
    if (*found) {
      return Error{
          fmt::format("schema {} already exists on the scratch server {}; jaga restores "
                      "only into schemas it creates and does not touch it",
                      name, server.endpoint())};
    }
    target.schema_names[s.name] = name;
  }
  outcome.start_seconds = env.seconds_since(t0);
  struct DropCreated {
    db::Connection& c;
    const RestoreTarget& target;
    ~DropCreated() {
      for (const auto& [from, to] : target.schema_names) {
        auto exists = schema_exists(c, to);
        if (!exists || !*exists) continue;  // never created (or already gone)
        if (auto r = c.execute("DROP DATABASE " + consistency::identifier(to)); !r) {
          spdlog::error("cannot drop {} on the scratch server after the restore test: {}", to,
                        r.error().message);
        }
      }
    }
  } drop{**admin, target};
  return restore_and_compare(path, m, target, options, outcome, env);
}

}  // namespace

int RestoreTestOutcome::differing() const {
  int n = 0;
  for (const auto& t : tables) n += t.equal ? 0 : 1;
  return n;
}

Result<std::string> resolve_backup(const config::Config& config, const std::string& backup) {
  struct stat st {};
  if (backup == "latest") {
    const auto all = list_backups(config.backups.dir);
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
      if (it->has_manifest) return it->path;
    }
    return Error{
        fmt::format("there is no finished jaga backup in {} (backup.dir)", config.backups.dir)};
  }
  if (::stat(backup.c_str(), &st) == 0) return backup;
  const std::string inside = config.backups.dir + "/" + backup;
  if (::stat(inside.c_str(), &st) == 0) return inside;
  return Error{
      fmt::format("no backup {} (neither a path nor a name in {})", backup, config.backups.dir)};
}

Result<RestoreTestOutcome> restore_test(const config::Config& config, const std::string& backup,
                                        const RestoreOptions& options, Env& env) {
  auto path = resolve_backup(config, backup);
  if (!path) return path.error();
  RestoreTestOutcome outcome;
  outcome.backup = *path;
  struct stat st {};
  const bool is_dir = ::stat(path->c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  std::optional<Manifest> manifest;
  if (is_dir) {
    auto m = verify_before_loading(config, *path, outcome, env);
    if (!m) return m.error();
    manifest = std::move(*m);
    outcome.format = "jaga";
  } else {
    outcome.format = "mysqldump";
  }
  if (config.backups.has_scratch_server()) {
    if (!manifest) {
      return Error{fmt::format(
          "{} is a mysqldump file: it names its own schemas, so it is replayed only into a "
          "throw-away server, not into the configured backup.scratch_server",
          *path)};
    }
    auto r = restore_to_configured(config.backups.scratch_server, *path, *manifest, options,
                                   outcome, env);
    if (!r) return r.error();
    return outcome;
  }
  remove_stale_scratch_dirs(config.backups.scratch_dir);
  const auto t0 = env.monotonic();
  auto server = ScratchServer::start(config.backups, env);
  if (!server) return server.error();
  outcome.start_seconds = env.seconds_since(t0);
  if (!manifest) {
    if (auto r = replay_dump(**server, *path, options, config, outcome, env); !r) return r.error();
    return outcome;
  }
  const RestoreTarget target{[&] { return (*server)->connect(); }, {}};
  if (auto r = restore_and_compare(*path, *manifest, target, options, outcome, env); !r) {
    return r.error();
  }
  return outcome;
}

}  // namespace jaga::backup
