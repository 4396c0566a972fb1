// The consistency sessions the backup host's agent serves to its coordinator over the peer API
// (POST /v1/consistency/OP, docs/consistency.md "The session protocol"). A session is one
// connection of this agent to its own backup server, driven by the coordinator's consistency
// engine through consistency::DirectBackupSide: snapshots at the primary's position, chunk
// digests, and the keys and row digests of chunks that differ. Row values never leave this host;
// keys leave only in answers over mutual TLS and are never logged here.
//
// A session is closed by the coordinator, or by this agent when no request came for
// timeout_seconds (its snapshot is then released with its connection): a coordinator that lost
// the link leaves nothing open for longer than that. At most max_sessions are open at once.
//
// Thread-safe: handle() may be called from several workers at once; requests of one session are
// served one at a time.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "config/config.h"

namespace jaga::peer {

struct SessionRequest;  // consistency_wire.h

class ConsistencySessions {
 public:
  struct Settings {
    config::ServerConfig backup;       // the server this agent compares: its own backup server
    std::vector<std::string> schemas;  // the only schemas a session may read
    int64_t max_sessions = 2;
    double timeout_seconds = 30;
  };
  struct Reply {
    int status = 200;
    std::string body;  // JSON
  };

  explicit ConsistencySessions(Settings settings);
  ~ConsistencySessions();  // closes every session (their snapshots end) and stops the reaper
  ConsistencySessions(const ConsistencySessions&) = delete;
  ConsistencySessions& operator=(const ConsistencySessions&) = delete;

  // Serves operation `op` with request `body` for the pinned coordinator `client`. A session
  // answers only the client that started it.
  Reply handle(std::string_view op, std::string_view body, const std::string& client);
  size_t open_sessions() const;

 private:
  struct Session;
  Reply start(const std::string& client);
  Reply serve(Session& s, const SessionRequest& r);
  void reap_loop();

  Settings settings_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Session>> sessions_;
  size_t starting_ = 0;  // sessions being opened (counted against max_sessions)
  bool stopping_ = false;
  std::condition_variable wake_;
  std::thread reaper_;
};

}  // namespace jaga::peer
