#include "backup/restore_loader.h"

#include <fmt/format.h>
#include <mysql.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>

#include "backup/compressed_reader.h"
#include "consistency/digest_sql.h"

namespace jaga::backup {
namespace {

// What the LOAD DATA LOCAL callbacks read from: the part's zstd file.
struct InfileSource {
  ReadBuffers* buffers;
  std::unique_ptr<CompressedReader> reader;
  std::string path;
  std::string error;
};

int infile_init(void** ptr, const char* /*filename*/, void* userdata) {
  *ptr = userdata;
  auto* src = static_cast<InfileSource*>(userdata);
  auto reader = CompressedReader::open(src->path, src->buffers);
  if (!reader) {
    src->error = reader.error().message;
    return 1;
  }
  src->reader = std::move(*reader);
  return 0;
}

int infile_read(void* ptr, char* buf, unsigned int length) {
  auto* src = static_cast<InfileSource*>(ptr);
  if (!src->reader) return -1;
  auto n = src->reader->read(buf, length);
  if (!n) {
    src->error = n.error().message;
    return -1;
  }
  return static_cast<int>(*n);
}

void infile_end(void* /*ptr*/) {}

int infile_error(void* ptr, char* msg, unsigned int length) {
  auto* src = static_cast<InfileSource*>(ptr);
  std::snprintf(msg, length, "%s", src->error.c_str());
  return 2000;
}

Result<void> load_part(db::Connection& c, const std::string& dir, const std::string& schema,
                       const ManifestTable& table, const TablePart& part, const ManifestFile& file,
                       ReadBuffers& buffers) {
  InfileSource src{&buffers, nullptr, dir + "/" + part.data_file, ""};
  mysql_set_local_infile_handler(c.native(), infile_init, infile_read, infile_end, infile_error,
                                 &src);
  const std::string sql =
      fmt::format("LOAD DATA LOCAL INFILE 'jaga-part' INTO TABLE {}.{} CHARACTER SET binary",
                  consistency::identifier(schema), consistency::identifier(table.name));
  auto loaded = c.execute(sql);
  mysql_set_local_infile_default(c.native());
  if (!src.error.empty()) return Error{fmt::format("table {}: {}", table.full_name(), src.error)};
  if (!loaded) return Error{fmt::format("table {}: {}", table.full_name(), loaded.error().message)};
  const std::string sha = src.reader ? src.reader->sha256() : "";
  if (sha != file.sha256) {
    return Error{fmt::format("table {}: {} does not match its SHA-256 in the manifest",
                             table.full_name(), part.data_file)};
  }
  return Ok();
}

// The DDL file `name` of `dir`, refused unless its SHA-256 is the manifest's (it was verified
// before loading began; this closes the window in which it could have been replaced since).
Result<std::string> read_ddl(const std::string& dir, const std::string& name, const Manifest& m) {
  const ManifestFile* file = m.file(name);
  if (file == nullptr) return Error{fmt::format("{} is not listed in the manifest", name)};
  auto reader = CompressedReader::open(dir + "/" + name);
  if (!reader) return reader.error();
  std::string text;
  char buffer[65536];
  for (;;) {
    auto n = (*reader)->read(buffer, sizeof buffer);
    if (!n) return n.error();
    if (*n == 0) break;
    text.append(buffer, *n);
    if (text.size() > file->raw_bytes) break;
  }
  if (text.size() != file->raw_bytes || (*reader)->sha256() != file->sha256) {
    return Error{fmt::format("{} does not match its SHA-256 in the manifest", name)};
  }
  return text;
}

}  // namespace

const std::string& RestoreTarget::schema(const std::string& backup_schema) const {
  auto it = schema_names.find(backup_schema);
  return it == schema_names.end() ? backup_schema : it->second;
}

Result<void> create_tables(const std::string& dir, const Manifest& m, const RestoreTarget& target) {
  auto c = target.connect();
  if (!c) return c.error();
  for (const auto& s : m.schemas) {
    auto r = (*c)->execute(fmt::format("CREATE DATABASE {} CHARACTER SET {} COLLATE {}",
                                       consistency::identifier(target.schema(s.name)), s.charset,
                                       s.collation));
    if (!r) return r.error();
  }
  for (const auto& t : m.tables) {
    auto ddl = read_ddl(dir, t.ddl_file, m);
    if (!ddl) return ddl.error();
    if (auto r = (*c)->execute("USE " + consistency::identifier(target.schema(t.schema))); !r) {
      return r.error();
    }
    if (auto r = (*c)->execute(*ddl); !r) {
      return Error{fmt::format("creating table {}: {}", t.full_name(), r.error().message)};
    }
  }
  return Ok();
}

Result<void> load_parts(const std::string& dir, const Manifest& m, const RestoreTarget& target,
                        int threads, const PartLoaded& loaded) {
  struct Job {
    const ManifestTable* table;
    const TablePart* part;
  };
  std::vector<Job> jobs;
  for (const auto& t : m.tables) {
    for (const auto& p : t.parts) jobs.push_back(Job{&t, &p});
  }
  std::atomic<size_t> next{0};
  std::mutex mutex;
  std::optional<Error> error;
  auto fail = [&](Error e) {
    std::lock_guard lock(mutex);
    if (!error) error = std::move(e);
  };
  auto work = [&] {
    auto c = target.connect();
    if (!c) return fail(c.error());
    (void)(*c)->execute("SET SESSION unique_checks = 0, foreign_key_checks = 0");
    ReadBuffers buffers;
    for (size_t i = next++; i < jobs.size(); i = next++) {
      {
        std::lock_guard lock(mutex);
        if (error) return;
      }
      const Job& j = jobs[i];
      auto r = load_part(**c, dir, target.schema(j.table->schema), *j.table, *j.part,
                         *m.file(j.part->data_file), buffers);
      if (!r) return fail(r.error());
      if (loaded) loaded(**c, *j.table, *j.part);
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < threads && static_cast<size_t>(i) < jobs.size(); ++i) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (error) return *error;
  return Ok();
}

}  // namespace jaga::backup
