#include "peer/consistency_client.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "peer/consistency_wire.h"
#include "peer/peer_client.h"

namespace jaga::peer {

struct PeerBackupSide::Impl {
  config::PeerEntry peer;
  double read_timeout_seconds = 10;
  std::unique_ptr<PeerClient> client;     // the session's requests, one at a time
  std::unique_ptr<PeerClient> keepalive;  // its own connection: never waits behind a request
  StartAnswer session;
  std::chrono::steady_clock::time_point last_request = std::chrono::steady_clock::now();

  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  std::thread keeper;

  Error failed(const SessionRequest& r, const std::string& why) const {
    return Error{
        fmt::format("peer {} ({}): consistency session: {}: {}", peer.name, peer.url, r.op, why)};
  }

  // POSTs `r` on `c`; an answer other than 200 is an Error with the agent's sentence.
  Result<std::string> call(PeerClient& c, const SessionRequest& r) const {
    auto answer = c.post("/v1/consistency/" + r.op, request_to_json(r));
    if (!answer) return answer.error();
    if (answer->status != 200) {
      return failed(r, fmt::format("HTTP {}: {}", answer->status, error_from_json(answer->body)));
    }
    return std::move(answer->body);
  }
  Result<std::string> call(SessionRequest r) {
    r.session = session.session;
    // The agent closes a connection idle for a minute, and a request sent on a closed TLS
    // connection fails: after a long pause (a large keyless table on the primary) start afresh.
    const auto now = std::chrono::steady_clock::now();
    if (now - last_request > std::chrono::seconds(20)) client->end_pull();
    last_request = now;
    return call(*client, r);
  }

  void keep_alive() {
    SessionRequest r;
    r.op = "keepalive";
    r.session = session.session;
    const auto every = std::chrono::milliseconds(session.timeout_seconds * 1000 / 3);
    std::unique_lock lock(mutex);
    while (!wake.wait_for(lock, every, [this] { return stopping; })) {
      lock.unlock();
      if (auto sent = call(*keepalive, r); !sent) {
        spdlog::debug("consistency session keepalive: {}", sent.error().message);
      }
      keepalive->end_pull();  // a fresh connection next time: the server closes idle ones
      lock.lock();
    }
  }
};

PeerBackupSide::PeerBackupSide(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<consistency::BackupSide>> PeerBackupSide::start(
    const config::PeerConfig& config, const config::PeerEntry& peer) {
  auto impl = std::make_unique<Impl>();
  impl->peer = peer;
  impl->read_timeout_seconds = static_cast<double>(config.read_timeout_seconds);
  auto client = PeerClient::create(config, peer);
  if (!client) return client.error();
  auto keepalive = PeerClient::create(config, peer);
  if (!keepalive) return keepalive.error();
  impl->client = std::move(*client);
  impl->keepalive = std::move(*keepalive);
  SessionRequest start;
  start.op = "start";
  auto body = impl->call(*impl->client, start);
  if (!body) return body.error();
  auto session = start_from_json(*body);
  if (!session) return impl->failed(start, session.error().message);
  impl->session = std::move(*session);
  Impl* self = impl.get();
  impl->keeper = std::thread([self] { self->keep_alive(); });
  return std::unique_ptr<consistency::BackupSide>(new PeerBackupSide(std::move(impl)));
}

PeerBackupSide::~PeerBackupSide() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  impl_->keepalive->stop();
  impl_->keeper.join();
  SessionRequest close;
  close.op = "close";
  impl_->client->set_read_timeout(impl_->read_timeout_seconds);
  if (auto closed = impl_->call(close); !closed) {
    spdlog::warn("{}; the agent closes it after {} s", closed.error().message,
                 impl_->session.timeout_seconds);
  }
}

std::string PeerBackupSide::label() const {
  return fmt::format("{} via the agent of peer {}", impl_->session.server, impl_->peer.name);
}

Result<void> PeerBackupSide::prepare() { return Ok(); }  // the agent prepared it at start

Result<db::ReplicaStatus> PeerBackupSide::replica_status() {
  SessionRequest r;
  r.op = "replica";
  auto body = impl_->call(r);
  if (!body) return body.error();
  auto status = replica_from_json(*body);
  if (!status) return impl_->failed(r, status.error().message);
  return status;
}

Result<bool> PeerBackupSide::snapshot_at(const std::string& position, double wait_seconds) {
  SessionRequest r;
  r.op = "snapshot";
  r.position = position;
  r.wait_seconds = std::min(wait_seconds, kMaxWireWaitSeconds);
  impl_->client->set_read_timeout(r.wait_seconds + impl_->read_timeout_seconds);
  auto body = impl_->call(r);
  impl_->client->set_read_timeout(impl_->read_timeout_seconds);
  if (!body) return body.error();
  auto answer = snapshot_from_json(*body);
  if (!answer) return impl_->failed(r, answer.error().message);
  if (answer->reached) spdlog::debug("{}: snapshot at {}", label(), answer->gtid);
  return answer->reached;
}

Result<void> PeerBackupSide::end_snapshot() {
  SessionRequest r;
  r.op = "release";
  if (auto body = impl_->call(r); !body) return body.error();
  return Ok();
}

Result<std::vector<consistency::ChunkAnswer>> PeerBackupSide::digest(
    const consistency::TableSchema& t, const std::vector<consistency::ChunkRequest>& chunks,
    size_t keep_bytes) {
  std::vector<consistency::ChunkAnswer> out;
  for (size_t at = 0; at < chunks.size(); at += kMaxWireChunks) {
    SessionRequest r;
    r.op = "digest";
    r.table = t;
    r.chunks.assign(
        chunks.begin() + static_cast<long>(at),
        chunks.begin() + static_cast<long>(std::min(chunks.size(), at + kMaxWireChunks)));
    r.keep_bytes = std::min(keep_bytes, kMaxWireKeepBytes);
    auto body = impl_->call(r);
    if (!body) return body.error();
    auto answers = digest_from_json(*body, r.chunks.size(), t.key.size());
    if (!answers) return impl_->failed(r, answers.error().message);
    for (auto& a : *answers) out.push_back(std::move(a));
  }
  return out;
}

Result<db::ResultSet> PeerBackupSide::rows(const consistency::TableSchema& t,
                                           const std::optional<consistency::KeyValue>& lo,
                                           const std::optional<consistency::KeyValue>& hi) {
  SessionRequest r;
  r.op = "rows";
  r.table = t;
  r.lo = lo;
  r.hi = hi;
  auto body = impl_->call(r);
  if (!body) return body.error();
  const size_t width = t.key_kind == consistency::KeyKind::kNone ? 2 : t.key.size() + 1;
  auto rows = rows_from_json(*body, width);
  if (!rows) return impl_->failed(r, rows.error().message);
  return rows;
}

Result<db::ResultSet> PeerBackupSide::rows_by_key(const consistency::TableSchema& t,
                                                  const std::vector<consistency::KeyValue>& keys) {
  db::ResultSet out;
  for (size_t at = 0; at < keys.size(); at += kMaxWireKeys) {
    SessionRequest r;
    r.op = "rows_by_key";
    r.table = t;
    r.keys.assign(keys.begin() + static_cast<long>(at),
                  keys.begin() + static_cast<long>(std::min(keys.size(), at + kMaxWireKeys)));
    auto body = impl_->call(r);
    if (!body) return body.error();
    auto rows = rows_from_json(*body, t.key.size() + 1);
    if (!rows) return impl_->failed(r, rows.error().message);
    for (auto& row : rows->rows) out.rows.push_back(std::move(row));
  }
  return out;
}

Result<bool> PeerBackupSide::has_table(const std::string& schema, const std::string& name) {
  SessionRequest r;
  r.op = "has_table";
  r.schema = schema;
  r.name = name;
  auto body = impl_->call(r);
  if (!body) return body.error();
  auto exists = exists_from_json(*body);
  if (!exists) return impl_->failed(r, exists.error().message);
  return exists;
}

Result<void> PeerBackupSide::ping() {
  SessionRequest r;
  r.op = "ping";
  if (auto body = impl_->call(r); !body) return body.error();
  return Ok();
}

}  // namespace jaga::peer
