// The coordinator's side of the peer API: fetches pages of a pinned peer's results over mutual
// TLS. Every call is bounded by the connect and read timeouts of [peer], so a peer that accepts
// connections and never answers costs at most that long.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

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

  // GET /v1/results?after=&limit=, parsed and validated.
  Result<ResultPage> fetch(int64_t after, int64_t limit);
  // Aborts a call in progress on another thread (used when the service stops).
  void stop();

 private:
  struct Impl;
  explicit PeerClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jaga::peer
