// net::Listener over plain HTTP on loopback with short deadlines: the caps per address and in
// all, each phase's deadline, keep-alive and pipelining, bodies, and a busy worker pool.
#include "net/listener.h"

#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "tests/unit/net/hostile_clients.h"

namespace jaga::net {
namespace {

using namespace std::chrono_literals;
using testing::start_connect;

ListenLimits short_limits() {
  ListenLimits limits;
  limits.handshake_timeout = 300ms;
  limits.header_timeout = 300ms;
  limits.idle_timeout = 300ms;
  limits.body_timeout = 300ms;
  limits.max_body_bytes = 100;
  return limits;
}

struct Running {
  std::unique_ptr<Listener> listener;
  std::mutex mutex;
  std::condition_variable released;
  bool hold = false;  // /slow waits until this is false
  int in_slow = 0;    // handlers of /slow that have started

  explicit Running(const ListenLimits& limits = short_limits()) {
    auto router = std::make_unique<HttpRouter>();
    router->Get("/hello", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("hello " + req.remote_addr + "\n", "text/plain");
    });
    router->Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.body, "text/plain");
    });
    router->Get("/slow", [this](const httplib::Request&, httplib::Response& res) {
      std::unique_lock lock(mutex);
      ++in_slow;
      released.wait(lock, [this] { return !hold; });
      res.set_content("done\n", "text/plain");
    });
    router->Get("/throw", [](const httplib::Request&, httplib::Response&) {
      throw std::runtime_error("secret detail");
    });
    auto started = Listener::start("test", "127.0.0.1", 0, limits, std::move(router), nullptr);
    if (!started) FAIL(started.error().message);
    listener = std::move(*started);
  }
  ~Running() { release(); }

  void release() {
    {
      std::lock_guard lock(mutex);
      hold = false;
    }
    released.notify_all();
  }
  int port() const { return listener->port(); }
  // Whether `n` handlers of /slow have started.
  bool slow_started(int n) {
    std::lock_guard lock(mutex);
    return in_slow >= n;
  }
};

// A blocking client connection from `from`: send, and read until closed or timed out.
struct Raw {
  int fd;
  explicit Raw(int port, const std::string& from = "127.0.0.1") : fd(start_connect(from, port)) {
    REQUIRE(fd >= 0);
    pollfd p{fd, POLLOUT, 0};
    REQUIRE(poll(&p, 1, 2000) == 1);
  }
  ~Raw() { close(fd); }
  void send_text(const std::string& text) const {
    REQUIRE(::send(fd, text.data(), text.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(text.size()));
  }
  // Everything received until the server closes or `limit` passes.
  std::string read_all(std::chrono::milliseconds limit = 2000ms) const {
    std::string out;
    char buf[4096];
    const auto give_up = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < give_up) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 50) != 1) continue;
      const ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }
  // True when the server has closed the connection within `limit`.
  bool closed_within(std::chrono::milliseconds limit) const {
    read_all(limit);
    pollfd p{fd, POLLIN, 0};
    char c;
    return poll(&p, 1, 0) == 1 && recv(fd, &c, 1, MSG_PEEK) <= 0;
  }
};

// Whether `condition` holds within a second.
template <typename Condition>
bool eventually(Condition condition) {
  for (int i = 0; i < 100; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_CASE("a request is served and the connection kept alive, then closed when idle",
          "[net][listener]") {
  Running r;
  Raw c(r.port());
  c.send_text("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto start = std::chrono::steady_clock::now();
  const std::string answer = c.read_all(1000ms);  // read until the idle timeout closes it
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(answer.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK_THAT(answer, Catch::Contains("Keep-Alive: timeout=1, max=100"));
  CHECK_THAT(answer, Catch::EndsWith("hello 127.0.0.1\n"));
  CHECK(took >= 250ms);
  CHECK(took < 900ms);
  CHECK(r.listener->stats().requests_served == 1);
  CHECK(r.listener->stats().closed_idle == 1);
  CHECK(r.listener->stats().timed_out == 0);
}

TEST_CASE("pipelined requests are answered in order on one connection", "[net][listener]") {
  Running r;
  Raw c(r.port());
  c.send_text(
      "GET /hello HTTP/1.1\r\n\r\nPOST /echo HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde"
      "GET /hello HTTP/1.1\r\nConnection: close\r\n\r\n");
  const std::string answer = c.read_all(1000ms);
  CHECK(count(answer, "HTTP/1.1 200 OK") == 3);
  CHECK(answer.find("hello") < answer.find("abcde"));
  CHECK_THAT(answer, Catch::Contains("Connection: close"));
  CHECK(r.listener->stats().requests_served == 3);
}

TEST_CASE("more connections than the per-address cap are closed at once, others still served",
          "[net][listener]") {
  ListenLimits limits = short_limits();
  limits.header_timeout = 5s;
  Running r(limits);
  std::vector<std::unique_ptr<Raw>> held;
  for (int i = 0; i < limits.max_connections_per_address; ++i) {
    held.push_back(std::make_unique<Raw>(r.port(), "127.1.0.9"));
  }
  Raw over(r.port(), "127.1.0.9");
  CHECK(over.closed_within(1000ms));
  CHECK(r.listener->stats().refused_over_address_cap == 1);
  Raw other(r.port());
  other.send_text("GET /hello HTTP/1.1\r\nConnection: close\r\n\r\n");
  CHECK(other.read_all().rfind("HTTP/1.1 200 OK", 0) == 0);
}

TEST_CASE("at the global cap the connection waiting longest is dropped for a new one",
          "[net][listener]") {
  ListenLimits limits = short_limits();
  limits.header_timeout = 5s;
  limits.max_connections = 4;
  Running r(limits);
  std::vector<std::unique_ptr<Raw>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<Raw>(r.port(), testing::hostile_address(i)));
    std::this_thread::sleep_for(20ms);
  }
  Raw fresh(r.port());
  fresh.send_text("GET /hello HTTP/1.1\r\nConnection: close\r\n\r\n");
  CHECK(fresh.read_all().rfind("HTTP/1.1 200 OK", 0) == 0);
  CHECK(held[0]->closed_within(500ms));
  CHECK(r.listener->stats().dropped_for_newer == 1);
}

TEST_CASE("a request head that trickles in is cut off at the header deadline", "[net][listener]") {
  Running r;
  Raw c(r.port());
  const auto start = std::chrono::steady_clock::now();
  c.send_text("GET /hello HTTP/1.1\r\n");
  bool closed = false;
  while (!closed && std::chrono::steady_clock::now() - start < 2s) {
    std::this_thread::sleep_for(50ms);
    closed = ::send(c.fd, "x", 1, MSG_NOSIGNAL) < 0 || c.closed_within(1ms);
  }
  CHECK(closed);
  CHECK(std::chrono::steady_clock::now() - start < 1s);
  CHECK(r.listener->stats().timed_out == 1);
}

TEST_CASE("a body that never arrives is cut off at the body deadline", "[net][listener]") {
  Running r;
  Raw c(r.port());
  c.send_text("POST /echo HTTP/1.1\r\nContent-Length: 50\r\n\r\nonly part");
  CHECK(c.closed_within(1000ms));
  CHECK(r.listener->stats().timed_out == 1);
  CHECK(r.listener->stats().requests_served == 0);
}

TEST_CASE("the listener refuses bad requests itself, with their status", "[net][listener]") {
  Running r;
  const std::pair<std::string, std::string> cases[] = {
      {"GET /hello HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789", "HTTP/1.1 400 "},
      {"POST /echo HTTP/1.1\r\nContent-Length: 101\r\n\r\n", "HTTP/1.1 413 "},
      {"POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n0\r\n\r\n",
       "HTTP/1.1 411 "},
      {"GET /hello HTTP/1.1\r\nX: " + std::string(9000, 'a') + "\r\n\r\n", "HTTP/1.1 431 "},
  };
  for (const auto& [request, status] : cases) {
    INFO(request.substr(0, 60));
    Raw c(r.port());
    c.send_text(request);
    CHECK(c.read_all().rfind(status, 0) == 0);
  }
  // Counted by the loop thread just after it wrote the answer: wait for it.
  CHECK(eventually([&] { return r.listener->stats().requests_refused == 4; }));
  CHECK(r.listener->stats().requests_served == 0);
}

TEST_CASE("a body within the cap reaches the handler, also after 100 Continue", "[net][listener]") {
  Running r;
  Raw c(r.port());
  c.send_text("POST /echo HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  std::string first;
  for (int i = 0; i < 40 && first.find("\r\n\r\n") == std::string::npos; ++i) {
    first += c.read_all(50ms);
  }
  CHECK(first == "HTTP/1.1 100 Continue\r\n\r\n");
  c.send_text("hello");
  const std::string answer = c.read_all(500ms);
  CHECK(answer.rfind("HTTP/1.1 200 OK", 0) == 0);
  CHECK_THAT(answer, Catch::EndsWith("hello"));
  CHECK(count(answer, "100 Continue") == 0);
}

TEST_CASE("ranges are ignored and a handler's exception text stays inside", "[net][listener]") {
  Running r;
  Raw c(r.port());
  c.send_text("GET /hello HTTP/1.1\r\nRange: bytes=0-0,0-0,0-0\r\n\r\nGET /throw HTTP/1.1\r\n\r\n");
  const std::string answer = c.read_all(1000ms);
  CHECK(answer.rfind("HTTP/1.1 200 OK", 0) == 0);
  CHECK_THAT(answer, Catch::Contains("HTTP/1.1 500 Internal Server Error"));
  CHECK_THAT(answer, !Catch::Contains("secret"));
  CHECK_THAT(answer, !Catch::Contains("multipart/byteranges"));
}

TEST_CASE("with every worker busy and the queue full, a request gets 503 at once",
          "[net][listener]") {
  ListenLimits limits = short_limits();
  limits.workers = 1;
  limits.max_queued = 1;
  limits.header_timeout = 5s;
  Running r(limits);
  r.hold = true;
  Raw busy(r.port(), "127.1.0.1");
  busy.send_text("GET /slow HTTP/1.1\r\n\r\n");
  REQUIRE(eventually([&] { return r.slow_started(1); }));  // the worker is in /slow
  Raw queued(r.port(), "127.1.0.2");
  queued.send_text("GET /slow HTTP/1.1\r\n\r\n");
  // Nothing outside the listener shows a request waiting in its queue: this pause lets it read
  // the head and queue it (a third request before that would find the queue empty).
  std::this_thread::sleep_for(100ms);
  Raw third(r.port(), "127.1.0.3");
  third.send_text("GET /hello HTTP/1.1\r\n\r\n");
  CHECK(third.read_all(500ms).rfind("HTTP/1.1 503 ", 0) == 0);
  r.release();
  CHECK(busy.read_all(500ms).rfind("HTTP/1.1 200 OK", 0) == 0);
  CHECK(queued.read_all(500ms).rfind("HTTP/1.1 200 OK", 0) == 0);
}

TEST_CASE("the listener is destroyed promptly while a handler and clients are busy",
          "[net][listener]") {
  auto r = std::make_unique<Running>();
  r->hold = true;
  Raw c(r->port());
  c.send_text("GET /slow HTTP/1.1\r\n\r\n");
  REQUIRE(eventually([&] { return r->slow_started(1); }));
  std::thread releaser([&] {
    std::this_thread::sleep_for(200ms);  // the scenario: the handler ends while reset() waits
    r->release();
  });
  const auto start = std::chrono::steady_clock::now();
  r->listener.reset();
  CHECK(std::chrono::steady_clock::now() - start < 1s);
  releaser.join();
}

}  // namespace
}  // namespace jaga::net
