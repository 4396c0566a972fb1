// What `jaga serve` runs for [peer]: the HTTPS server for the coordinator (when peer.listen is
// set) and, on the coordinator, a thread that pulls every peer with a url each
// pull_interval_seconds. Started with the configuration, replaced on SIGHUP, stopped on SIGTERM.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"
#include "peer/peer_server.h"
#include "peer/puller.h"

namespace jaga::peer {

class PeerService {
 public:
  // Nothing to run (no [peer]) is a null service. The server's workers use `served` and the
  // pull thread `pulled`: two connections to the evidence store, because each thread group
  // runs its own transactions (see PeerServer::start, Puller::create). Both stores and `clock`
  // must outlive the service. The coordinator's pull tells `observer` (if any) what it keeps
  // (see PulledObserver).
  static Result<std::unique_ptr<PeerService>> start(const config::Config& config,
                                                    store::EvidenceStore& served,
                                                    store::EvidenceStore& pulled,
                                                    const Clock& clock,
                                                    PulledObserver observer = nullptr);
  ~PeerService();  // stops the server and the pull thread, aborting a request in flight
  PeerService(const PeerService&) = delete;
  PeerService& operator=(const PeerService&) = delete;

 private:
  PeerService() = default;
  void pull_loop(config::Config config);

  std::unique_ptr<PeerServer> server_;
  std::unique_ptr<Puller> puller_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace jaga::peer
