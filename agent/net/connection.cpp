#include "net/connection.h"

#include <openssl/err.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace jaga::net {
namespace {

constexpr size_t kChunk = 16 * 1024;
// While lingering, at most this much of what the client still sends is read and dropped.
constexpr size_t kMaxDiscard = 1 << 20;

}  // namespace

Connection::Connection(int fd, SSL_CTX* tls, RequestOrigin origin, const ListenLimits& limits,
                       SteadyTime now)
    : fd_(fd), tls_(tls), origin_(std::move(origin)), limits_(limits) {
  if (tls_ != nullptr) {
    enter(Phase::kHandshake, now, limits_.handshake_timeout);
  } else {
    enter(Phase::kHead, now, limits_.header_timeout);
  }
}

Connection::~Connection() {
  ssl_.reset();
  ::close(fd_);
}

void Connection::enter(Phase phase, SteadyTime now, std::chrono::milliseconds limit) {
  phase_ = phase;
  phase_started_ = now;
  deadline_ = limit.count() < 0 ? SteadyTime::max() : now + limit;
}

Connection::Next Connection::close(End end) {
  if (end_ == End::kOpen) end_ = end;
  return Next::kClose;
}

void Connection::expire() {
  if (phase_ == Phase::kLingering) {
    close(End::kDone);
  } else if (phase_ == Phase::kHead && awaiting_first_byte_ && in_.empty()) {
    // An idle TLS connection is closed properly (close_notify, if the socket takes it now).
    if (ssl_) {
      ERR_clear_error();
      SSL_shutdown(ssl_.get());
      ERR_clear_error();
    }
    close(End::kIdle);
  } else {
    close(End::kTimedOut);
  }
}

Connection::Next Connection::advance(SteadyTime now) {
  for (;;) {
    switch (phase_) {
      case Phase::kHandshake: {
        const Io io = handshake();
        if (io == Io::kDone) {
          enter(Phase::kHead, now, limits_.header_timeout);
          continue;
        }
        if (io == Io::kWantRead || io == Io::kWantWrite) return wait(io);
        if (io == Io::kEof) return close(End::kDone);
        // Linger rather than close: closing with the client's last handshake bytes unread
        // would reset the connection, and the client would never read the alert telling it
        // why (under TLS 1.3 it reads it only with the answer to its first request).
        end_ = End::kHandshakeFailed;
        start_lingering(now);
        continue;
      }
      case Phase::kHead:
      case Phase::kBody: {
        if (const Next next = examine(now); next != Next::kRead) return next;
        if (phase_ == Phase::kWriting) continue;  // examine refused the request
        const size_t cap = phase_ == Phase::kBody ? head_length_ + head_.content_length
                                                  : limits_.max_header_bytes + 1;
        const Io io = read_some(cap - std::min(cap, in_.size()));
        if (io == Io::kDone) continue;
        if (io == Io::kWantRead || io == Io::kWantWrite) return wait(io);
        return close(io == Io::kEof ? End::kDone : End::kReset);
      }
      case Phase::kServing:
        return Next::kServe;
      case Phase::kWriting: {
        const Io io = write_pending();
        if (io == Io::kWantRead || io == Io::kWantWrite) return wait(io);
        if (io != Io::kDone) return close(End::kReset);
        ++requests_;
        out_.clear();
        written_ = 0;
        if (close_after_) {
          start_lingering(now);
          continue;
        }
        // Kept alive: a request already received (pipelined) has the header limit, an idle
        // connection the idle limit until its next request's first byte.
        awaiting_first_byte_ = in_.empty();
        enter(Phase::kHead, now, in_.empty() ? limits_.idle_timeout : limits_.header_timeout);
        continue;
      }
      case Phase::kLingering: {
        const Io io = discard();
        if (io == Io::kWantRead || io == Io::kWantWrite) return wait(io);
        return close(End::kDone);
      }
    }
  }
}

Connection::Next Connection::examine(SteadyTime now) {
  if (phase_ == Phase::kHead) {
    if (awaiting_first_byte_ && !in_.empty()) {
      awaiting_first_byte_ = false;
      enter(Phase::kHead, now, limits_.header_timeout);
    }
    const size_t window = std::min(in_.size(), limits_.max_header_bytes);
    head_length_ = head_length(std::string_view(in_).substr(searched_, window - searched_));
    if (head_length_ == 0) {
      searched_ = window < 3 ? 0 : window - 3;
      if (in_.size() > limits_.max_header_bytes) {
        refuse(431, "the request line and headers are too long", now);
      }
      return Next::kRead;
    }
    head_length_ += searched_;
    searched_ = 0;
    head_ =
        read_request_head(std::string_view(in_).substr(0, head_length_), limits_.max_body_bytes);
    if (head_.refusal != 0) {
      refuse(head_.refusal, head_.reason, now);
      return Next::kRead;
    }
    if (head_.content_length > 0) {
      enter(Phase::kBody, now, limits_.body_timeout);
      if (head_.expects_continue && in_.size() < head_length_ + head_.content_length) {
        send_continue();
      }
    }
  }
  if (in_.size() < head_length_ + head_.content_length) return Next::kRead;
  enter(Phase::kServing, now, std::chrono::milliseconds(-1));
  return Next::kServe;
}

void Connection::refuse(int status, std::string_view reason, SteadyTime now) {
  refused_with_ = status;
  in_.clear();
  searched_ = 0;
  out_ = refusal_response(status, reason);
  written_ = 0;
  close_after_ = true;
  enter(Phase::kWriting, now, limits_.write_timeout);
}

std::string Connection::take_request() {
  const size_t length = head_length_ + head_.content_length;
  std::string request = in_.substr(0, length);
  in_.erase(0, length);
  head_length_ = 0;
  return request;
}

bool Connection::last_request() const {
  return head_.wants_close || requests_ + 1 >= limits_.max_requests_per_connection;
}

void Connection::respond(RoutedResponse response, SteadyTime now) {
  out_ = std::move(response.bytes);
  written_ = 0;
  close_after_ = response.close;
  head_ = RequestHead{};
  continue_sent_ = false;
  enter(Phase::kWriting, now, limits_.write_timeout);
}

// Best effort: 25 bytes into an empty socket buffer; a client that gets none sends its body
// after its own short wait anyway.
void Connection::send_continue() {
  static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
  out_ = kContinue;
  written_ = 0;
  continue_sent_ = write_pending() == Io::kDone;
  out_.clear();
  written_ = 0;
}

void Connection::start_lingering(SteadyTime now) {
  if (ssl_ && SSL_is_init_finished(ssl_.get())) {
    ERR_clear_error();
    SSL_shutdown(ssl_.get());  // close_notify, if the socket takes it now
    ERR_clear_error();
  }
  ::shutdown(fd_, SHUT_WR);
  discarded_ = 0;
  enter(Phase::kLingering, now, limits_.linger_timeout);
}

Connection::Io Connection::handshake() {
  if (!ssl_) {
    char byte;
    const ssize_t n = ::recv(fd_, &byte, 1, MSG_PEEK);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      return Io::kWantRead;
    }
    if (n <= 0) return n == 0 ? Io::kEof : Io::kError;  // gone before saying anything
    ssl_.reset(SSL_new(tls_));
    if (!ssl_) return Io::kError;
    SSL_set_fd(ssl_.get(), fd_);
    SSL_set_accept_state(ssl_.get());
    origin_.ssl = ssl_.get();
  }
  ERR_clear_error();
  const int rc = SSL_do_handshake(ssl_.get());
  if (rc == 1) return Io::kDone;
  const int error = SSL_get_error(ssl_.get(), rc);
  ERR_clear_error();
  if (error == SSL_ERROR_WANT_READ) return Io::kWantRead;
  if (error == SSL_ERROR_WANT_WRITE) return Io::kWantWrite;
  return Io::kError;
}

Connection::Io Connection::read_some(size_t max) {
  if (max == 0) return Io::kWantRead;  // full: examine() decides before anything more is read
  char buf[kChunk];
  const size_t want = std::min(max, sizeof buf);
  if (ssl_) {
    ERR_clear_error();
    const int rc = SSL_read(ssl_.get(), buf, static_cast<int>(want));
    if (rc > 0) {
      in_.append(buf, static_cast<size_t>(rc));
      return Io::kDone;
    }
    const int error = SSL_get_error(ssl_.get(), rc);
    ERR_clear_error();
    if (error == SSL_ERROR_WANT_READ) return Io::kWantRead;
    if (error == SSL_ERROR_WANT_WRITE) return Io::kWantWrite;
    return error == SSL_ERROR_ZERO_RETURN ? Io::kEof : Io::kError;
  }
  for (;;) {
    const ssize_t n = ::recv(fd_, buf, want, 0);
    if (n > 0) {
      in_.append(buf, static_cast<size_t>(n));
      return Io::kDone;
    }
    if (n == 0) return Io::kEof;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? Io::kWantRead : Io::kError;
  }
}

Connection::Io Connection::write_pending() {
  while (written_ < out_.size()) {
    const size_t left = std::min<size_t>(out_.size() - written_, 1 << 30);
    if (ssl_) {
      ERR_clear_error();
      const int rc = SSL_write(ssl_.get(), out_.data() + written_, static_cast<int>(left));
      if (rc > 0) {
        written_ += static_cast<size_t>(rc);
        continue;
      }
      const int error = SSL_get_error(ssl_.get(), rc);
      ERR_clear_error();
      if (error == SSL_ERROR_WANT_READ) return Io::kWantRead;
      if (error == SSL_ERROR_WANT_WRITE) return Io::kWantWrite;
      return Io::kError;
    }
    const ssize_t n = ::send(fd_, out_.data() + written_, left, MSG_NOSIGNAL);
    if (n >= 0) {
      written_ += static_cast<size_t>(n);
      continue;
    }
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? Io::kWantWrite : Io::kError;
  }
  return Io::kDone;
}

// Raw reads, also on a TLS connection: after close_notify nothing it sends matters.
Connection::Io Connection::discard() {
  char buf[kChunk];
  for (;;) {
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n > 0) {
      discarded_ += static_cast<size_t>(n);
      if (discarded_ >= kMaxDiscard) return Io::kDone;
      continue;
    }
    if (n == 0) return Io::kEof;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? Io::kWantRead : Io::kError;
  }
}

}  // namespace jaga::net
