#include "backup/restore_dump.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <vector>

#include "backup/compressed_reader.h"
#include "backup/dump_header.h"
#include "consistency/digest_sql.h"

namespace jaga::backup {
namespace {

constexpr size_t kKeep = 64 * 1024;

struct Replayed {
  std::string head;
  std::string tail;
};

// Streams the decompressed dump into `mariadb` on the scratch server's socket.
Result<Replayed> pipe_to_client(const std::string& client, const std::string& socket,
                                const std::string& path, const std::string& log) {
  auto reader = CompressedReader::open(path);
  if (!reader) return reader.error();
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return Error{fmt::format("pipe: {}", std::strerror(errno))};
  const pid_t pid = ::fork();
  if (pid < 0) return Error{fmt::format("cannot start {}: {}", client, std::strerror(errno))};
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::dup2(fds[0], 0);
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0640);
    ::dup2(out, 1);
    ::dup2(out, 2);
    const std::string sock = "--socket=" + socket;
    ::execl(client.c_str(), client.c_str(), "--no-defaults", sock.c_str(), "--user=root", "--batch",
            "--max-allowed-packet=256M", nullptr);
    ::_exit(127);
  }
  ::close(fds[0]);
  ::signal(SIGPIPE, SIG_IGN);
  Replayed r;
  std::vector<char> buffer(1 << 20);
  std::optional<Error> error;
  for (;;) {
    auto n = (*reader)->read(buffer.data(), buffer.size());
    if (!n) {
      error = n.error();
      break;
    }
    if (*n == 0) break;
    if (r.head.size() < kKeep) r.head.append(buffer.data(), std::min(*n, kKeep - r.head.size()));
    r.tail.append(buffer.data(), *n);
    if (r.tail.size() > kKeep) r.tail.erase(0, r.tail.size() - kKeep);
    size_t done = 0;
    while (done < *n) {
      const ssize_t w = ::write(fds[1], buffer.data() + done, *n - done);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) break;  // the client ended; its exit status says why
      done += static_cast<size_t>(w);
    }
    if (done < *n) break;
  }
  ::close(fds[1]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (error) return *error;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Error{fmt::format("replaying {} with {} failed (see {})", path, client, log)};
  }
  return r;
}

// COUNT(*) and whole-table digest of every base table of the non-system schemas.
Result<std::map<std::string, std::pair<int64_t, std::string>>> digest_all(
    db::Connection& c, const std::vector<std::string>& schemas) {
  std::map<std::string, std::pair<int64_t, std::string>> out;
  auto tables = consistency::load_tables(c, schemas, {});
  if (!tables) return tables.error();
  const consistency::Quote quote = [&c](std::string_view v) { return c.quote(v); };
  for (auto t : *tables) {
    t.key_kind = consistency::KeyKind::kNone;  // whole table: SUM of row digests, keys unused
    auto r = c.query(consistency::crc32_chunk_digest_sql(t, std::nullopt, std::nullopt, quote));
    if (!r) return r.error();
    out[t.full_name()] = {std::stoll(r->rows.at(0).at(0).value_or("0")),
                          r->rows.at(0).at(1).value_or("")};
  }
  return out;
}

}  // namespace

Result<void> replay_dump(const ScratchServer& server, const std::string& path,
                         const RestoreOptions& options, const config::Config& config,
                         RestoreTestOutcome& outcome, Env& env) {
  const std::string client =
      config.backups.install_db.substr(0, config.backups.install_db.rfind('/') + 1) + "mariadb";
  const MonotonicTime t0 = env.monotonic();
  auto replayed =
      pipe_to_client(client, server.dir() + "/sock", path, server.dir() + "/replay.log");
  if (!replayed) return replayed.error();
  outcome.restore_seconds = env.seconds_since(t0);
  auto header = parse_dump_header(replayed->head, path);
  if (!header) return header.error();
  scan_dump_positions(replayed->tail, *header);
  if (!dump_completed(replayed->tail)) {
    outcome.unproven.push_back(
        "the dump does not end with \"-- Dump completed\": tables after the point where it "
        "stopped are missing");
  }
  auto c = server.connect();
  if (!c) return c.error();
  if (options.before_digest) options.before_digest(**c);
  const auto& schemas = config.backups.schemas;
  const MonotonicTime t1 = env.monotonic();
  auto restored = digest_all(**c, schemas);
  if (!restored) return restored.error();
  outcome.digest_seconds = env.seconds_since(t1);
  for (const auto& [name, v] : *restored) {
    outcome.tables.push_back(TableComparison{name, v.first, v.first, true, ""});
  }
  if (header->gtid_position.empty()) {
    outcome.unproven.push_back(
        "the dump records no GTID position (take it with --single-transaction --gtid "
        "--master-data=2), so its content cannot be compared with a live server; only that it "
        "replays without error is proven");
    return Ok();
  }
  auto live = db::Connection::open(config.backup);
  if (!live) {
    outcome.unproven.push_back("the live backup server cannot be reached: " + live.error().message);
    return Ok();
  }
  (void)(*live)->execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
  auto at = (*live)->scalar("SELECT @@gtid_binlog_pos");
  const std::string live_gtid = at ? at->value_or("") : "";
  if (live_gtid != header->gtid_position) {
    outcome.unproven.push_back(fmt::format(
        "the live backup server stands at GTID {}, the dump at {}: the data changed since, so "
        "the restored rows cannot be compared with it (row counts are recorded)",
        live_gtid, header->gtid_position));
    return Ok();
  }
  auto expected = digest_all(**live, schemas);
  if (!expected) return expected.error();
  for (auto& t : outcome.tables) {
    auto it = expected->find(t.table);
    if (it == expected->end()) continue;
    t.rows_expected = it->second.first;
    t.equal = it->second == (*restored)[t.table];
    if (!t.equal) {
      t.detail = fmt::format(
          "{} rows restored, {} on the live backup server at the dump's GTID "
          "{}; the digests differ",
          t.rows_found, t.rows_expected, header->gtid_position);
    }
  }
  for (const auto& [name, v] : *expected) {
    if (!restored->contains(name)) {
      outcome.tables.push_back(TableComparison{name, v.first, 0, false, "missing from the dump"});
    }
  }
  return Ok();
}

}  // namespace jaga::backup
