// Clients that misbehave on purpose, for the listener tests: connections that stay idle, that
// trickle a request (or a TLS ClientHello) a byte at a time, each from a loopback source address
// of its own choosing (127.1.x.y), so that a per-address cap sees many clients. Loopback only;
// everything is closed when the object goes.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace jaga::testing {

// Source address number `i` for hostile clients: 127.1.0.1, 127.1.0.2, ... (never 127.0.0.1,
// which the well-behaved clients of a test use).
inline std::string hostile_address(int i) {
  return "127.1." + std::to_string(i / 250) + "." + std::to_string(1 + i % 250);
}

// A non-blocking socket bound to `from` and connecting to 127.0.0.1:port; -1 on failure. The
// connection may still be in progress.
inline int start_connect(const std::string& from, int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in src{};
  src.sin_family = AF_INET;
  inet_pton(AF_INET, from.c_str(), &src.sin_addr);
  sockaddr_in dst{};
  dst.sin_family = AF_INET;
  dst.sin_port = htons(static_cast<uint16_t>(port));
  dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0 ||
      (connect(fd, reinterpret_cast<sockaddr*>(&dst), sizeof dst) != 0 && errno != EINPROGRESS)) {
    close(fd);
    return -1;
  }
  return fd;
}

// The resident memory of this process, in bytes.
inline long resident_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6)) * 1024;
  }
  return -1;
}

class HostileClients {
 public:
  explicit HostileClients(int port, int per_address = 8) : port_(port), per_address_(per_address) {}
  ~HostileClients() {
    stop_ = true;
    if (trickler_.joinable()) trickler_.join();
    for (const Held& h : held_) close(h.fd);
  }
  HostileClients(const HostileClients&) = delete;
  HostileClients& operator=(const HostileClients&) = delete;

  // Opens `n` connections that send nothing.
  void idle(int n) { open(n, ""); }
  // Opens `n` connections that send `first` at once, then one more byte ('x') every
  // `interval` until this object goes.
  void trickle(int n, const std::string& first, std::chrono::milliseconds interval) {
    open(n, first);
    interval_ = interval;
  }
  // Waits up to `limit` for the connections to be established and starts trickling. Returns
  // how many are established.
  int hold(std::chrono::milliseconds limit = std::chrono::milliseconds(3000)) {
    const auto give_up = std::chrono::steady_clock::now() + limit;
    int established = 0;
    for (Held& h : held_) {
      pollfd p{h.fd, POLLOUT, 0};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          give_up - std::chrono::steady_clock::now());
      int error = 0;
      socklen_t len = sizeof error;
      if (poll(&p, 1, static_cast<int>(std::max<int64_t>(0, left.count()))) == 1 &&
          getsockopt(h.fd, SOL_SOCKET, SO_ERROR, &error, &len) == 0 && error == 0) {
        ++established;
        if (!h.first.empty()) send(h.fd, h.first.data(), h.first.size(), MSG_NOSIGNAL);
      }
    }
    trickler_ = std::thread([this] {
      while (!stop_) {
        for (int waited = 0; waited < interval_.count() && !stop_; waited += 10) {
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        for (const Held& h : held_) {
          if (h.trickles) send(h.fd, "x", 1, MSG_NOSIGNAL);
        }
      }
    });
    return established;
  }

 private:
  struct Held {
    int fd;
    std::string first;
    bool trickles;
  };
  void open(int n, const std::string& first) {
    for (int i = 0; i < n; ++i) {
      const int fd = start_connect(hostile_address(next_++ / per_address_), port_);
      REQUIRE(fd >= 0);
      held_.push_back({fd, first, !first.empty()});
    }
  }

  const int port_;
  const int per_address_;
  int next_ = 0;
  std::vector<Held> held_;
  std::chrono::milliseconds interval_{1000};
  std::atomic<bool> stop_{false};
  std::thread trickler_;
};

struct BodyFlood {
  size_t sent = 0;     // body bytes the server took
  std::string answer;  // what it answered meanwhile (the first 4 KiB)
};

// Sends `head` and then up to 64 MB of body on `fd` for at most 5 s, through `write` and `read`
// (plain socket or TLS), reading whatever the server answers meanwhile. Stops early when the
// server closes or resets the connection.
template <typename Write, typename Read>
BodyFlood flood_body(int fd, std::string head, Write write, Read read) {
  BodyFlood out;
  const std::string chunk(64 * 1024, 'a');
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  char buf[4096];
  while (out.sent < (64u << 20) && std::chrono::steady_clock::now() < give_up) {
    pollfd p{fd, POLLIN | POLLOUT, 0};
    if (poll(&p, 1, 100) != 1) continue;
    if (p.revents & POLLIN) {
      const ssize_t n = read(buf, sizeof buf);
      if (n == 0 || (n < 0 && errno != EAGAIN)) break;
      if (n > 0 && out.answer.size() < 4096) out.answer.append(buf, static_cast<size_t>(n));
    }
    if (p.revents & (POLLERR | POLLHUP)) break;
    if (!(p.revents & POLLOUT)) continue;
    const std::string& data = head.empty() ? chunk : head;
    const ssize_t n = write(data.data(), data.size());
    if (n < 0 && errno == EAGAIN) continue;
    if (n <= 0) break;  // reset or closed by the server
    if (!head.empty()) {
      head.erase(0, static_cast<size_t>(n));
    } else {
      out.sent += static_cast<size_t>(n);
    }
  }
  for (pollfd p{fd, POLLIN, 0}; out.answer.size() < 12 && poll(&p, 1, 2000) == 1;) {
    const ssize_t n = read(buf, sizeof buf);
    if (n < 0 && errno == EAGAIN) continue;
    if (n <= 0) break;
    out.answer.append(buf, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace jaga::testing
