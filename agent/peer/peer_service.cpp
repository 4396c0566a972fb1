#include "peer/peer_service.h"

#include <spdlog/spdlog.h>

namespace jaga::peer {

Result<std::unique_ptr<PeerService>> PeerService::start(const config::Config& config,
                                                        store::EvidenceStore& served,
                                                        store::EvidenceStore& pulled,
                                                        const Clock& clock,
                                                        PulledObserver observer) {
  if (!config.peer.enabled) return std::unique_ptr<PeerService>();
  std::unique_ptr<PeerService> service(new PeerService());
  if (!config.peer.listen_host.empty()) {
    // The backup host's agent serves consistency sessions on its own backup server.
    std::optional<ConsistencySessions::Settings> sessions;
    const bool has_backup = !config.backup.host.empty() || !config.backup.socket.empty();
    if (config.peer.role == config::PeerRole::kAgent && has_backup) {
      sessions = ConsistencySessions::Settings{
          config.backup, config.consistency_check.schemas, config.peer.max_sessions,
          static_cast<double>(config.peer.session_timeout_seconds)};
    }
    auto server = PeerServer::start(config.peer, served, config.agent.host_name,
                                    PeerServer::default_limits(), std::move(sessions));
    if (!server) return server.error();
    service->server_ = std::move(*server);
  }
  if (config.peer.role == config::PeerRole::kCoordinator) {
    auto puller = Puller::create(config, pulled, clock, std::move(observer));
    if (!puller) return puller.error();
    service->puller_ = std::move(*puller);
    service->thread_ = std::thread([s = service.get(), config] { s->pull_loop(config); });
  }
  return service;
}

PeerService::~PeerService() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (puller_) puller_->stop();
  if (thread_.joinable()) thread_.join();
}

void PeerService::pull_loop(config::Config config) {
  const auto interval = std::chrono::seconds(config.peer.pull_interval_seconds);
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    for (const config::PeerEntry& peer : config.peer.peers) {
      if (peer.url.empty()) continue;
      // The agenda book's head is shown to the peer after each pull that reached it.
      if (puller_->pull(peer).reached) puller_->push_agenda(peer);
    }
    lock.lock();
    wake_.wait_for(lock, interval, [this] { return stopping_; });
  }
}

}  // namespace jaga::peer
