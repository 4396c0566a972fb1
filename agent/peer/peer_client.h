// The coordinator's side of the peer API: fetches pages of a pinned peer's results over mutual
// TLS. Every call is bounded by the connect and read timeouts of [peer], so a peer that accepts
// connections and never answers costs at most that long.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "agenda/agenda_witness.h"
#include "config/config.h"
#include "core/result.h"
#include "peer/result_wire.h"

namespace jaga::peer {

class PeerClient {
 public:
  // A client for `peer` (which must have a url). Loads the TLS material; errors name the file.
  static Result<std::unique_ptr<PeerClient>> create(const config::PeerConfig& config,
                                                    const config::PeerEntry& peer);
  ~PeerClient();
  PeerClient(const PeerClient&) = delete;
  PeerClient& operator=(const PeerClient&) = delete;

  // GET /v1/results?after=&limit=, parsed and validated. The pages of one pull share a
  // connection (kept alive).
  Result<ResultPage> fetch(int64_t after, int64_t limit);
  // POST /v1/agenda/witness: shows the peer links of this host's agenda book (at most
  // kMaxWitnessLinks). The peer's refusal (HTTP 409) is a value, not an error: its sentence.
  struct WitnessAnswer {
    bool refused = false;
    std::string message;  // why it was refused
  };
  Result<WitnessAnswer> push_witness(const std::vector<agenda::ChainLink>& links);
  // GET /v1/agenda/witness: the links the peer holds of this host's book.
  Result<std::vector<agenda::ChainLink>> witnessed();
  // POST `path` with the JSON `body` (the consistency session, consistency_client.h): the HTTP
  // status and body of the answer, whatever the status.
  struct Answer {
    int status = 0;
    std::string body;
  };
  Result<Answer> post(const std::string& path, const std::string& body);
  // Replaces [peer] read_timeout_seconds for later calls (a session's snapshot may wait longer).
  void set_read_timeout(double seconds);
  // Closes the connection at the end of a pull; the next fetch opens a new one. Without it the
  // next pull, minutes later, would send its first request on a connection the server has
  // closed as idle, and fail.
  void end_pull();
  // Aborts a call in progress on another thread (used when the service stops).
  void stop();

 private:
  struct Impl;
  explicit PeerClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jaga::peer
