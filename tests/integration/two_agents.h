// The two-host deployment of the consistency check on one machine (issue 15): the backup host's
// agent serves consistency sessions on the sandbox's backup server over mutual TLS with its own
// certificate, and the coordinator (this test process, or a `jaga` process) digests the primary
// and drives the session. The agent runs in this process (BackupAgent) or as a `jaga serve`
// process of its own (AgentFiles writes its configuration). Ports come from 34200-34299.
#pragma once

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "checks/check.h"
#include "core/clock.h"
#include "core/env.h"
#include "db/servers.h"
#include "peer/consistency_client.h"
#include "peer/peer_server.h"
#include "tests/integration/sandbox.h"
#include "tests/unit/peer/peer_fixture.h"

namespace jaga::test {

// A loopback port of 34200-34299 that nothing listens on now.
inline int engine_port() {
  static int next = 34200 + static_cast<int>(getpid() % 50);
  for (int tries = 0; tries < 100; ++tries) {
    const int port = 34200 + (next++ - 34200) % 100;
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    const bool free = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    if (free) return port;
  }
  FAIL("no free port in 34200-34299");
  return 0;
}

// A TCP relay from a port of its own to the agent's: the link between the hosts, which cut()
// breaks (every connection reset, no new one accepted) while both agents keep running.
class LinkRelay {
 public:
  explicit LinkRelay(int target) : target_(target) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr = loopback(port_ = engine_port());
    REQUIRE(bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(listen(listener_, 16) == 0);
    accepter_ = std::thread([this] { accept_loop(); });
  }
  ~LinkRelay() {
    cut();
    accepter_.join();
    for (auto& t : pipes_) t.join();
    for (int fd : open_) close(fd);  // only now: a closed number may be reused at once
  }
  LinkRelay(const LinkRelay&) = delete;
  LinkRelay& operator=(const LinkRelay&) = delete;

  int port() const { return port_; }
  void cut() {
    if (cut_.exchange(true)) return;
    shutdown(listener_, SHUT_RDWR);
    std::lock_guard lock(mutex_);
    for (int fd : open_) shutdown(fd, SHUT_RDWR);
  }

 private:
  static sockaddr_in loopback(int port) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    return addr;
  }
  void accept_loop() {
    while (!cut_) {
      const int client = accept(listener_, nullptr, nullptr);
      if (client < 0) break;
      const int server = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in addr = loopback(target_);
      if (connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(client);
        close(server);
        continue;
      }
      std::lock_guard lock(mutex_);
      open_.insert(open_.end(), {client, server});
      if (cut_) {
        shutdown(client, SHUT_RDWR);
        shutdown(server, SHUT_RDWR);
      }
      pipes_.emplace_back([client, server] { relay(client, server); });
    }
    close(listener_);
  }
  static void relay(int a, int b) {
    char buffer[16384];
    pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    for (;;) {
      if (poll(fds, 2, 1000) < 0) break;
      bool done = false;
      for (int i = 0; i < 2 && !done; ++i) {
        if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
        done = n <= 0 || write(fds[1 - i].fd, buffer, static_cast<size_t>(n)) != n;
      }
      if (done) break;
    }
    shutdown(a, SHUT_RDWR);
    shutdown(b, SHUT_RDWR);
  }

  int target_;
  int port_ = 0;
  int listener_ = -1;
  std::atomic<bool> cut_{false};
  std::mutex mutex_;
  std::vector<int> open_;
  std::vector<std::thread> pipes_;
  std::thread accepter_;
};

// Certificates for both agents, and each one's [peer] for the other.
struct AgentPki {
  testing::PeerFixture f;  // "backup" and "primary" certificates from one test CA
  int port = engine_port();

  AgentPki() { f.pki.issue("monitor", "jaga-monitor"); }

  // The backup host's agent: lets "primary" in as its coordinator, and pins "monitor" too, but
  // not as a coordinator.
  config::PeerConfig agent_peer() const {
    config::PeerConfig c = f.agent_peer();
    c.listen_port = port;
    c.peers[0].coordinator = true;
    c.peers.push_back({"monitor", "", f.pki.fingerprint("monitor"), "", "", false});
    c.session_timeout_seconds = 5;
    return c;
  }
  // The coordinator, presenting certificate `name`, reaching the agent at `via` (a LinkRelay's
  // port; 0: the agent's own).
  config::PeerConfig coordinator_peer(const std::string& name = "primary", int via = 0) const {
    config::PeerConfig c = f.coordinator_peer(via != 0 ? via : port, name);
    c.read_timeout_seconds = 10;
    return c;
  }
};

// The backup host's agent in this process, serving sessions on `config`'s backup server for
// `config`'s consistency schemas.
struct BackupAgent {
  AgentPki pki;
  std::unique_ptr<peer::PeerServer> server;

  explicit BackupAgent(const config::Config& config) { start(config); }
  void start(const config::Config& config) {
    peer::ConsistencySessions::Settings sessions{config.backup, config.consistency_check.schemas, 2,
                                                 5};
    for (int tries = 0; tries < 5 && !server; ++tries) {
      auto started = peer::PeerServer::start(pki.agent_peer(), pki.f.backup_store(), "backup-1",
                                             peer::PeerServer::default_limits(), sessions);
      if (started) {
        server = std::move(*started);
      } else {
        pki.port = engine_port();  // taken meanwhile by another test
      }
    }
    REQUIRE(server);
  }

  checks::RemoteBackupOpener opener(const std::string& cert = "primary", int via = 0) const {
    return [peer = pki.coordinator_peer(cert, via)] {
      return peer::PeerBackupSide::start(peer, peer.peers[0]);
    };
  }
};

// Runs `check` against `config` as the coordinator would with the backup's agent `agent`
// (digest_where = "agents").
inline checks::CheckResult run_check_with_agents(checks::Check& check, config::Config config,
                                                 const BackupAgent& agent,
                                                 Checkpoints* checkpoints = nullptr) {
  config.consistency_check.digest_where = "agents";
  db::Servers servers(config.primary, config.backup);
  SystemClock clock;
  SystemEnv env;
  checks::CheckContext context{config, servers, clock, checkpoints, false, env, agent.opener()};
  checks::CheckResult result = check.run(context);
  result.check = std::string(check.name());
  return result;
}

}  // namespace jaga::test
