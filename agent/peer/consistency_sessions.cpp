#include "peer/consistency_sessions.h"

#include <fmt/format.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>

#include "consistency/backup_side.h"
#include "db/connection.h"
#include "peer/consistency_wire.h"

namespace jaga::peer {
namespace {

using SteadyClock = std::chrono::steady_clock;

ConsistencySessions::Reply fail(int status, const std::string& message) {
  return {status, error_to_json(message)};
}

std::string new_session_id() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return "";
  std::string id;
  for (unsigned char b : bytes) id += fmt::format("{:02x}", b);
  return id;
}

}  // namespace

struct ConsistencySessions::Session {
  std::string id;
  std::string client;
  std::mutex mutex;  // one request of the session at a time
  std::unique_ptr<db::Connection> connection;
  std::unique_ptr<consistency::DirectBackupSide> side;
  std::atomic<SteadyClock::rep> last_used{0};
  std::atomic<bool> busy{false};

  void touch() { last_used = SteadyClock::now().time_since_epoch().count(); }
  double idle_seconds() const {
    const auto last = SteadyClock::time_point(SteadyClock::duration(last_used.load()));
    return std::chrono::duration<double>(SteadyClock::now() - last).count();
  }
  std::string tag() const { return id.substr(0, 8); }  // enough to follow one session in a log
};

ConsistencySessions::ConsistencySessions(Settings settings)
    : settings_(std::move(settings)), reaper_([this] { reap_loop(); }) {}

ConsistencySessions::~ConsistencySessions() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  reaper_.join();
}

size_t ConsistencySessions::open_sessions() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void ConsistencySessions::reap_loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(500));
    std::vector<std::shared_ptr<Session>> expired;
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      if (!it->second->busy && it->second->idle_seconds() > settings_.timeout_seconds) {
        expired.push_back(it->second);
        it = sessions_.erase(it);
      } else {
        ++it;
      }
    }
    lock.unlock();
    for (const auto& s : expired) {
      spdlog::warn(
          "consistency session {} of {}: no request for {:.0f} s; closed, its snapshot released",
          s->tag(), s->client, settings_.timeout_seconds);
    }
    expired.clear();  // the last reference closes the connection, outside the lock
    lock.lock();
  }
}

ConsistencySessions::Reply ConsistencySessions::start(const std::string& client) {
  {
    std::lock_guard lock(mutex_);
    if (sessions_.size() + starting_ >= static_cast<size_t>(settings_.max_sessions)) {
      return fail(409, fmt::format("{} consistency session(s) are open, the most this agent allows "
                                   "(peer.max_sessions); one closes after {:.0f} s without a "
                                   "request",
                                   sessions_.size() + starting_, settings_.timeout_seconds));
    }
    ++starting_;
  }
  auto session = std::make_shared<Session>();
  session->client = client;
  session->id = new_session_id();
  auto connection = db::Connection::open(settings_.backup);
  Result<void> prepared = Ok();
  if (connection) {
    session->connection = std::move(*connection);
    const bool local = settings_.backup.on_this_host();
    session->side = std::make_unique<consistency::DirectBackupSide>(
        *session->connection,
        local ? consistency::DigestWhere::kAgent : consistency::DigestWhere::kServer);
    prepared = session->side->prepare();
  }
  std::lock_guard lock(mutex_);
  --starting_;
  if (!connection) return fail(502, connection.error().message);
  if (!prepared) return fail(502, prepared.error().message);
  if (session->id.empty()) return fail(500, "no random bytes for a session id");
  session->touch();
  sessions_.emplace(session->id, session);
  spdlog::info("consistency session {} opened for {} on {}", session->tag(), client,
               session->side->label());
  return {200, start_to_json({session->id, static_cast<int64_t>(settings_.timeout_seconds),
                              session->side->label()})};
}

ConsistencySessions::Reply ConsistencySessions::handle(std::string_view op, std::string_view body,
                                                       const std::string& client) {
  auto request = request_from_json(op, body, settings_.schemas);
  if (!request) return fail(400, request.error().message);
  if (request->op == "start") return start(client);
  std::shared_ptr<Session> session;
  {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(request->session);
    if (it == sessions_.end() || it->second->client != client) {
      return fail(404, fmt::format("no such consistency session (closed, or closed after {:.0f} s "
                                   "without a request)",
                                   settings_.timeout_seconds));
    }
    session = it->second;
    if (request->op == "close") sessions_.erase(it);
    session->touch();
  }
  if (request->op == "keepalive") return {200, "{}"};
  if (request->op == "close") {
    spdlog::info("consistency session {} closed by {}", session->tag(), client);
    return {200, "{}"};
  }
  std::lock_guard lock(session->mutex);
  session->busy = true;
  Reply reply = serve(*session, *request);
  session->touch();
  session->busy = false;
  return reply;
}

// Only counts and the operation are logged: a failure's message may quote a key, so it goes to
// the coordinator (over mutual TLS) and not into this agent's log.
ConsistencySessions::Reply ConsistencySessions::serve(Session& s, const SessionRequest& r) {
  consistency::DirectBackupSide& side = *s.side;
  auto failed = [&](const Error& e) {
    spdlog::warn("consistency session {}: {} failed (the reason went to the coordinator)", s.tag(),
                 r.op);
    return fail(502, e.message);
  };
  if (r.op == "snapshot") {
    auto reached = side.snapshot_at(r.position, r.wait_seconds);
    if (!reached) return failed(reached.error());
    SnapshotAnswer answer{*reached, ""};
    if (*reached) {
      auto gtid = side.gtid_state();
      if (!gtid) return failed(gtid.error());
      answer.gtid = *gtid;
    }
    return {200, snapshot_to_json(answer)};
  }
  if (r.op == "release") {
    if (auto done = side.end_snapshot(); !done) return failed(done.error());
    return {200, "{}"};
  }
  if (r.op == "digest") {
    auto answers = side.digest(r.table, r.chunks, r.keep_bytes);
    if (!answers) return failed(answers.error());
    return {200, digest_to_json(r.chunks, *answers, r.table.key.size())};
  }
  if (r.op == "rows" || r.op == "rows_by_key") {
    auto rows = r.op == "rows" ? side.rows(r.table, r.lo, r.hi) : side.rows_by_key(r.table, r.keys);
    if (!rows) return failed(rows.error());
    return {200, rows_to_json(*rows)};
  }
  if (r.op == "replica") {
    auto status = side.replica_status();
    if (!status) return failed(status.error());
    return {200, replica_to_json(*status)};
  }
  if (r.op == "has_table") {
    auto exists = side.has_table(r.schema, r.name);
    if (!exists) return failed(exists.error());
    return {200, exists_to_json(*exists)};
  }
  if (r.op == "ping") {
    if (auto alive = side.ping(); !alive) return failed(alive.error());
    return {200, "{}"};
  }
  return fail(400, fmt::format("unknown operation '{}'", r.op));
}

}  // namespace jaga::peer
