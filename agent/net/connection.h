// One client connection of a net::Listener, as a state machine over a non-blocking socket
// (plain or TLS): handshake, request head, body, being served by a worker, writing the response,
// and lingering after a final answer. It makes all the progress it can without blocking and says
// what it waits for next; each phase has a deadline from ListenLimits. Memory held: at most the
// head limit plus the body limit plus one response. Used by the listener's loop thread only,
// except that a worker may read its SSL (the client's certificate) while it is being served.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "net/http_router.h"
#include "net/listen_limits.h"
#include "net/request_head.h"
#include "net/tls_context.h"

namespace jaga::net {

using SteadyTime = std::chrono::steady_clock::time_point;

class Connection {
 public:
  enum class Phase { kHandshake, kHead, kBody, kServing, kWriting, kLingering };
  // What the connection waits for after advance().
  enum class Next { kRead, kWrite, kServe, kClose };
  // Why it closed, for the listener's counters.
  // kIdle: kept alive after a response and closed after idle_timeout without a new request (as
  // normal as kDone); kTimedOut: any other deadline passed (a slow or silent client).
  enum class End { kOpen, kDone, kIdle, kHandshakeFailed, kTimedOut, kReset };

  // Takes `fd` (non-blocking). `tls` null: plain HTTP; else the context of the TLS session,
  // which is made only once the client's first bytes arrive (an idle connection holds none).
  // `tls` and `limits` must outlive the connection.
  Connection(int fd, SSL_CTX* tls, RequestOrigin origin, const ListenLimits& limits,
             SteadyTime now);
  ~Connection();  // closes the socket
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Makes every step possible now without blocking. kServe: take_request() is ready for a
  // worker; the connection then waits in kServing until respond().
  Next advance(SteadyTime now);
  // The deadline of the current phase passed: closes (a lingering connection ends normally).
  void expire();
  // Answers the current request with a refusal (refusal_response) and closes after it.
  void refuse(int status, std::string_view reason, SteadyTime now);

  // REQUIRES: advance() returned kServe. The request (head and body) for the worker.
  std::string take_request();
  // The response must say "Connection: close": the client asked, or the connection has served
  // its last request.
  bool last_request() const;
  // The listener already answered "Expect: 100-continue".
  bool continue_sent() const { return continue_sent_; }
  // The worker's response; advance() then writes it.
  void respond(RoutedResponse response, SteadyTime now);

  Phase phase() const { return phase_; }
  SteadyTime deadline() const { return deadline_; }
  SteadyTime phase_started() const { return phase_started_; }
  End end() const { return end_; }
  int refused_with() const { return refused_with_; }  // 0, or the status it was refused with
  int fd() const { return fd_; }
  const RequestOrigin& origin() const { return origin_; }

 private:
  enum class Io { kDone, kWantRead, kWantWrite, kEof, kError };

  void enter(Phase phase, SteadyTime now, std::chrono::milliseconds limit);
  Next close(End end);
  Next wait(Io io) { return io == Io::kWantWrite ? Next::kWrite : Next::kRead; }
  // Looks at what has been received; kServe, kClose, or kRead to read more.
  Next examine(SteadyTime now);
  void send_continue();
  void start_lingering(SteadyTime now);

  Io handshake();            // makes the session once bytes have arrived
  Io read_some(size_t max);  // appends up to `max` bytes to in_
  Io write_pending();        // writes out_ from written_ until done or blocked
  Io discard();              // reads and drops raw bytes while lingering

  const int fd_;
  SSL_CTX* const tls_;
  SslPtr ssl_;
  RequestOrigin origin_;
  const ListenLimits& limits_;

  Phase phase_;
  SteadyTime phase_started_;
  SteadyTime deadline_;
  End end_ = End::kOpen;
  int refused_with_ = 0;

  std::string in_;                    // received, not yet handed to a worker
  size_t searched_ = 0;               // in_ holds no head end before this offset
  bool awaiting_first_byte_ = false;  // idle between requests
  RequestHead head_;
  size_t head_length_ = 0;
  bool continue_sent_ = false;
  int requests_ = 0;  // responses written

  std::string out_;
  size_t written_ = 0;
  bool close_after_ = false;
  size_t discarded_ = 0;
};

}  // namespace jaga::net
