#include "backup/restore_test.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "backup/backup_names.h"
#include "backup/manifest.h"
#include "backup/restore_dump.h"
#include "backup/restore_loader.h"
#include "backup/scratch_server.h"
#include "consistency/digest_sql.h"

namespace jaga::backup {
namespace {

using Steady = std::chrono::steady_clock;

double since(Steady::time_point t) {
  return std::chrono::duration<double>(Steady::now() - t).count();
}

struct PartDigest {
  int64_t rows = 0;
  std::string digest;
  std::string error;
};

// Digests every part of every table on `threads` connections to the scratch server.
Result<std::vector<TableComparison>> compare_digests(const ScratchServer& server, const Manifest& m,
                                                     int threads) {
  auto c0 = server.connect();
  if (!c0) return c0.error();
  std::vector<std::string> schemas;
  for (const auto& s : m.schemas) schemas.push_back(s.name);
  auto loaded = consistency::load_tables(**c0, schemas, {});
  if (!loaded) return loaded.error();
  struct Job {
    const ManifestTable* table;
    const TablePart* part;
    const consistency::TableSchema* schema;
    PartDigest result;
  };
  std::vector<Job> jobs;
  std::vector<TableComparison> out;
  for (const auto& t : m.tables) {
    const consistency::TableSchema* schema = nullptr;
    for (const auto& s : *loaded) {
      if (s.schema == t.schema && s.name == t.name) schema = &s;
    }
    out.push_back(TableComparison{t.full_name(), t.rows, 0, schema != nullptr,
                                  schema ? "" : "the table is missing after the restore"});
    if (schema == nullptr) continue;
    for (const auto& p : t.parts) jobs.push_back(Job{&t, &p, schema, {}});
  }
  std::atomic<size_t> next{0};
  auto work = [&](db::Connection* c) {
    std::unique_ptr<db::Connection> own;
    if (c == nullptr) {
      auto opened = server.connect();
      if (!opened) return;  // its jobs are taken by the other threads
      own = std::move(*opened);
      c = own.get();
    }
    const consistency::Quote quote = [c](std::string_view v) { return c->quote(v); };
    for (size_t i = next++; i < jobs.size(); i = next++) {
      Job& j = jobs[i];
      auto r = c->query(consistency::chunk_digest_sql(*j.schema, consistency::RowHash::kCrc32,
                                                      j.part->lo, j.part->hi, quote));
      if (!r || r->rows.empty() || r->rows[0].size() < 2) {
        j.result.error = r ? "no result" : r.error().message;
        continue;
      }
      j.result.rows = std::stoll(r->rows[0][0].value_or("0"));
      j.result.digest = r->rows[0][1].value_or("");
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(work, nullptr);
  work(c0->get());
  for (auto& t : pool) t.join();
  for (const auto& j : jobs) {
    TableComparison* cmp = nullptr;
    for (auto& o : out) {
      if (o.table == j.table->full_name()) cmp = &o;
    }
    cmp->rows_found += j.result.rows;
    if (!j.result.error.empty()) {
      cmp->equal = false;
      cmp->detail += fmt::format("{}digest of {} failed: {}", cmp->detail.empty() ? "" : "; ",
                                 j.part->data_file, j.result.error);
    } else if (j.result.rows != j.part->rows || j.result.digest != j.part->digest) {
      cmp->equal = false;
      cmp->detail += fmt::format("{}part {}: {} rows, digest {} (manifest: {} rows, digest {})",
                                 cmp->detail.empty() ? "" : "; ", j.part->data_file, j.result.rows,
                                 j.result.digest, j.part->rows, j.part->digest);
    }
  }
  return out;
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
                                        const RestoreOptions& options) {
  auto path = resolve_backup(config, backup);
  if (!path) return path.error();
  RestoreTestOutcome outcome;
  outcome.backup = *path;
  struct stat st {};
  const bool is_dir = ::stat(path->c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  std::optional<Manifest> manifest;
  if (is_dir) {
    auto m = read_manifest(*path);
    if (!m) return m.error();
    manifest = std::move(*m);
    outcome.format = "jaga";
  } else {
    outcome.format = "mysqldump";
  }
  remove_stale_scratch_dirs(config.backups.scratch_dir);
  const auto t0 = Steady::now();
  auto server = ScratchServer::start(config.backups);
  if (!server) return server.error();
  outcome.start_seconds = since(t0);
  const auto t1 = Steady::now();
  if (!manifest) {
    if (auto r = replay_dump(**server, *path, options, config, outcome); !r) return r.error();
    return outcome;
  }
  const ConnectionFactory connect = [&] { return (*server)->connect(); };
  if (auto r = load_backup(*path, *manifest, connect, options.threads); !r) {
    return Error{fmt::format("restoring {} failed: {}", *path, r.error().message)};
  }
  outcome.restore_seconds = since(t1);
  if (options.before_digest) {
    auto c = (*server)->connect();
    if (!c) return c.error();
    options.before_digest(**c);
  }
  const auto t2 = Steady::now();
  auto tables = compare_digests(**server, *manifest, options.threads);
  if (!tables) return tables.error();
  outcome.tables = std::move(*tables);
  outcome.digest_seconds = since(t2);
  return outcome;
}

}  // namespace jaga::backup
