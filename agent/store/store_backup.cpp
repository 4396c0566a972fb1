#include "store/store_backup.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <thread>

#include "core/durable_file.h"

namespace jaga::store {
namespace {

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};

// "20261207T021500Z" from "2026-12-07T02:15:00.123Z".
std::string compact_time(TimePoint now) {
  std::string out;
  for (char c : format_utc(now).substr(0, 19)) {
    if (c != '-' && c != ':') out += c;
  }
  return out + "Z";
}

Result<void> copy_pages(sqlite3* source, sqlite3* target, const std::string& path) {
  sqlite3_backup* backup = sqlite3_backup_init(target, "main", source, "main");
  if (backup == nullptr) {
    return Error{fmt::format("{}: cannot start the copy: {}", path, sqlite3_errmsg(target))};
  }
  int rc;
  // 1024 pages (4 MiB) a step: the store's writers wait at most one step for the read lock.
  while ((rc = sqlite3_backup_step(backup, 1024)) == SQLITE_OK || rc == SQLITE_BUSY ||
         rc == SQLITE_LOCKED) {
    if (rc != SQLITE_OK) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return Error{
        fmt::format("{}: copying the evidence store failed: {}", path, sqlite3_errstr(rc))};
  }
  return Ok();
}

// The copy in rollback-journal mode, so it is one file, and quick_check's verdict on it.
Result<void> settle(sqlite3* target, const std::string& path) {
  char* message = nullptr;
  if (sqlite3_exec(target, "PRAGMA journal_mode = DELETE", nullptr, nullptr, &message) !=
      SQLITE_OK) {
    const std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return Error{fmt::format("{}: {}", path, text)};
  }
  sqlite3_stmt* check = nullptr;
  if (sqlite3_prepare_v2(target, "PRAGMA quick_check", -1, &check, nullptr) != SQLITE_OK) {
    return Error{fmt::format("{}: quick_check: {}", path, sqlite3_errmsg(target))};
  }
  std::string verdict;
  if (sqlite3_step(check) == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(check, 0);
    verdict = t ? reinterpret_cast<const char*>(t) : "";
  }
  sqlite3_finalize(check);
  if (verdict != "ok") {
    return Error{fmt::format("{}: the copy fails quick_check: {}", path, verdict)};
  }
  return Ok();
}

}  // namespace

Result<StoreCopy> backup_store(const EvidenceStore& store, const std::string& dir, TimePoint now) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Error{
        fmt::format("{}: not a directory (create it first, owned by the service user)", dir)};
  }
  StoreCopy copy;
  copy.path = fmt::format("{}/evidence-{}.db", dir, compact_time(now));
  if (::access(copy.path.c_str(), F_OK) == 0) {
    return Error{fmt::format("{}: exists already; nothing was copied", copy.path)};
  }
  const std::string partial = copy.path + ".partial";
  ::unlink(partial.c_str());  // left by a copy that was killed
  Result<void> done = [&]() -> Result<void> {
    sqlite3* raw = nullptr;
    const int rc =
        sqlite3_open_v2(partial.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    std::unique_ptr<sqlite3, Closer> target(raw);
    if (rc != SQLITE_OK) {
      return Error{fmt::format("{}: cannot create: {}", partial, sqlite3_errstr(rc))};
    }
    if (auto r = copy_pages(store.db_.get(), target.get(), partial); !r) return r;
    return settle(target.get(), partial);
  }();
  if (done && ::chmod(partial.c_str(), 0640) != 0) {
    done = Error{fmt::format("{}: chmod: {}", partial, std::strerror(errno))};
  }
  if (done) {
    // The copy's bytes are on disk before it has its name.
    const int fd = ::open(partial.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
      done = Error{fmt::format("{}: fsync: {}", partial, std::strerror(errno))};
    }
    if (fd >= 0) ::close(fd);
  }
  if (done && ::rename(partial.c_str(), copy.path.c_str()) != 0) {
    done = Error{fmt::format("{}: rename: {}", copy.path, std::strerror(errno))};
  }
  if (done) done = sync_directory(dir);
  if (!done) {
    ::unlink(partial.c_str());
    ::unlink((partial + "-journal").c_str());
    return done.error();
  }
  if (::stat(copy.path.c_str(), &st) == 0) copy.bytes = st.st_size;
  return copy;
}

}  // namespace jaga::store
