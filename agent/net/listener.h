// An HTTP(S) listener that survives slow and hostile clients, shared by the metrics endpoint,
// the peer API and (to come) the web desk. One loop thread owns every socket: it accepts, runs
// TLS handshakes, reads each request head and body, and writes each response, all non-blocking
// (epoll), holding every client to the deadlines and caps of ListenLimits. Only a complete,
// admitted request goes to a worker (HttpRouter, a bounded pool), which hands back a complete
// response; so an idle, trickling or half-open connection costs a socket and a few KiB, never a
// thread, and cannot delay anyone else's request.
//
// Thread safety: start() and the destructor from one thread; port() and stats() from any.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"
#include "net/http_router.h"
#include "net/listen_limits.h"
#include "net/tls_context.h"

namespace jaga::net {

// Counts since the listener started.
struct ListenerStats {
  uint64_t accepted = 0;                  // connections taken in
  uint64_t refused_over_address_cap = 0;  // closed at once: too many from that address
  uint64_t refused_full = 0;              // closed at once: the global cap, nothing to drop
  uint64_t dropped_for_newer = 0;         // dropped at the global cap for a new connection
  uint64_t timed_out = 0;                 // a deadline passed: a slow or silent client
  uint64_t closed_idle = 0;               // kept alive, then idle for idle_timeout (normal)
  uint64_t handshakes_failed = 0;         // TLS handshake refused or broken
  uint64_t requests_refused = 0;          // answered by the listener itself (400, 413, 503...)
  uint64_t requests_served = 0;           // answered by a handler
};

class Listener {
 public:
  // Binds host:port (port 0: any free port) and serves `router`'s routes under `limits`, over
  // TLS with `tls` unless it is null. `name` ("metrics", "peer API") names it in log lines.
  // Errors name the address and the reason.
  static Result<std::unique_ptr<Listener>> start(const std::string& name, const std::string& host,
                                                 int port, const ListenLimits& limits,
                                                 std::unique_ptr<HttpRouter> router, SslCtxPtr tls);
  // Stops accepting, waits for the handlers running now, and closes every connection.
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  int port() const;
  ListenerStats stats() const;

 private:
  struct Impl;
  explicit Listener(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jaga::net
