// The limits a net::Listener holds every client to. The defaults suit an endpoint with a few
// well-behaved clients (a Prometheus, the coordinator, an office's browsers) facing anything else
// that can reach the port: what a client gets to hold is bounded in time, memory and count, and
// no client can hold a worker thread while it is slow.
#pragma once

#include <chrono>
#include <cstddef>

namespace jaga::net {

struct ListenLimits {
  using Millis = std::chrono::milliseconds;

  // Connections open at once, all clients together. When a new one arrives at the cap, the
  // oldest connection that is not being served (handshaking, sending its request, idle between
  // requests) is dropped for it; when every one is being served, the new one is closed.
  int max_connections = 512;
  // Connections open at once from one IPv4 address or one IPv6 /64; more are closed at once.
  int max_connections_per_address = 8;

  // The TLS handshake, from the moment the connection is accepted.
  Millis handshake_timeout{5000};
  // The request line and headers: for a connection's first request from the moment it is
  // accepted (or its handshake completed), for later ones from their first byte.
  Millis header_timeout{5000};
  // Between requests on a kept-alive connection (advertised in the Keep-Alive header).
  Millis idle_timeout{60000};
  // The whole request body, from the end of the headers.
  Millis body_timeout{10000};
  // The whole response, from the moment it is ready.
  Millis write_timeout{10000};
  // After a final refusal (400, 413, ...): how long the rest of what the client sends is read
  // and thrown away so that it can read the answer before the connection closes.
  Millis linger_timeout{1000};

  // Request line and headers together, in bytes (431 above).
  size_t max_header_bytes = 8192;
  // A request body, in bytes (413 above). 0: no request may carry a body.
  size_t max_body_bytes = 0;
  // Requests served on one connection before it is closed.
  int max_requests_per_connection = 100;

  // Threads that run handlers. They are given only complete requests and hand back complete
  // responses, so a slow client never holds one.
  int workers = 2;
  // Complete requests waiting for a worker; more are answered 503 at once.
  int max_queued = 64;
};

}  // namespace jaga::net
