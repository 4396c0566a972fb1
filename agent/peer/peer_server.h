// The agent's HTTPS endpoint for its coordinator (mutual TLS, see mutual_tls.h):
//   GET  /v1/health                 {"host", "version", "newest_result_id"}
//   GET  /v1/results?after=ID&limit=N   a page of this host's own results (result_wire.h)
//   POST /v1/agenda/witness         the coordinator's agenda book links, kept append-only
//   GET  /v1/agenda/witness         the links kept of the caller's book (witness_wire.h)
//   POST /v1/consistency/OP         the consistency session, to the pinned coordinator only
//                                   (consistency_sessions.h; docs/consistency.md)
// Nothing else is served. The only write is the witness's append-only table. The evidence
// store's `personal` column never leaves the host; of the population data, only what the
// consistency session answers leaves it: chunk boundaries, digests and counts, and for chunks
// that differ (and rechecks) the keys of their rows with each row's digest - never a row's values.
// Served by a net::Listener (its own loop thread and two workers) until destroyed: a client that is
// slow, idle or stuck in its handshake holds no worker.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "config/config.h"
#include "core/result.h"
#include "net/listen_limits.h"
#include "net/listener.h"
#include "peer/consistency_sessions.h"

namespace jaga::store {
class EvidenceStore;
}

namespace jaga::peer {

class PeerServer {
 public:
  // The limits the peer API holds its clients to (see ListenLimits).
  static net::ListenLimits default_limits();
  // Loads the TLS material and binds config.listen_host:listen_port (port 0: any free port);
  // errors name the file or address. Serves from `store`, which must outlive the server and which
  // only its threads may use while it lives. `limits` other than the defaults are for tests
  // (short deadlines). With `sessions`, the pinned peers marked `coordinator` may open
  // consistency sessions on that backup server.
  static Result<std::unique_ptr<PeerServer>> start(
      const config::PeerConfig& config, store::EvidenceStore& store, const std::string& host_name,
      const net::ListenLimits& limits = default_limits(),
      std::optional<ConsistencySessions::Settings> sessions = std::nullopt);
  ~PeerServer();  // stops serving and joins its threads
  PeerServer(const PeerServer&) = delete;
  PeerServer& operator=(const PeerServer&) = delete;

  int port() const;
  // Requests that reached a handler: a refused handshake never counts.
  uint64_t requests_handled() const;
  // Consistency sessions open now (0 when none are served).
  size_t consistency_sessions() const;
  net::ListenerStats listener_stats() const;

 private:
  struct Impl;
  explicit PeerServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jaga::peer
