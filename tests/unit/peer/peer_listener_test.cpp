// The peer API's listener against hostile clients on loopback: half-open TLS handshakes, idle
// connections, a pinned peer sending a body with a GET; and what the coordinator says when a
// handshake gets no answer.
#include <httplib.h>
#include <openssl/ssl.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "peer/peer_client.h"
#include "peer/peer_server.h"
#include "tests/unit/net/hostile_clients.h"
#include "tests/unit/peer/peer_fixture.h"

namespace jaga::peer {
namespace {

using namespace std::chrono_literals;
using testing::HostileClients;
using testing::PeerFixture;

struct Running {
  PeerFixture f;
  std::unique_ptr<PeerServer> server;

  Running() {
    PeerFixture::fill_store(f.dir.file("backup.db"), 3);
    auto started = PeerServer::start(f.agent_peer(), f.backup_store(), "backup-1");
    if (!started) FAIL(started.error().message);
    server = std::move(*started);
  }

  // GET /v1/health as the pinned coordinator, given up after 3 s: the HTTP status (0: none) and
  // the seconds it took.
  std::pair<int, double> health() const {
    httplib::SSLClient client("127.0.0.1", server->port(), f.pki.path("primary.crt"),
                              f.pki.path("primary.key"));
    client.enable_server_certificate_verification(false);
    client.set_connection_timeout(3s);
    client.set_read_timeout(3s);
    const auto start = std::chrono::steady_clock::now();
    auto res = client.Get("/v1/health");
    return {res ? res->status : 0,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
  }

  // A pull of one page through the coordinator's own client: the error (empty: none) and the
  // seconds it took.
  std::pair<std::string, double> pull() const {
    config::PeerConfig coordinator = f.coordinator_peer(server->port());
    coordinator.connect_timeout_seconds = 3;
    coordinator.read_timeout_seconds = 3;
    auto client = PeerClient::create(coordinator, coordinator.peers[0]);
    if (!client) FAIL(client.error().message);
    const auto start = std::chrono::steady_clock::now();
    auto page = (*client)->fetch(0, 10);
    return {page ? "" : page.error().message,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
  }
};

void require_health_answers(const Running& r) {
  for (int i = 0; i < 3; ++i) {
    const auto [status, took] = r.health();
    INFO("health " << i << ": HTTP " << status << " after " << took << " s");
    CHECK(status == 200);
    CHECK(took < 1.0);
    std::this_thread::sleep_for(200ms);  // the scenario: requests spread over the clients' hold
  }
}

// The first bytes of a TLS handshake record, never completed.
const std::string kHelloStart("\x16\x03\x01", 3);

TEST_CASE("20 half-open TLS handshakes do not block /v1/health", "[peer][listener]") {
  Running r;
  HostileClients hostile(r.server->port());
  hostile.trickle(20, kHelloStart, 1000ms);
  REQUIRE(hostile.hold() == 20);
  require_health_answers(r);
}

TEST_CASE("200 idle and 50 slow connections held open: pulls and /v1/health answer within 1 s",
          "[peer][listener]") {
  Running r;
  HostileClients hostile(r.server->port());
  hostile.idle(200);
  hostile.trickle(50, kHelloStart, 1000ms);
  REQUIRE(hostile.hold() == 250);
  for (int i = 0; i < 3; ++i) {
    const auto [error, took] = r.pull();
    INFO("pull " << i << ": '" << error << "' after " << took << " s");
    CHECK(error == "");
    CHECK(took < 1.0);
  }
  require_health_answers(r);
}

// A TLS connection as the pinned coordinator, on a non-blocking socket.
struct TlsConnection {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL* ssl = nullptr;
  int fd = -1;

  TlsConnection(const PeerFixture& f, int port) {
    REQUIRE(SSL_CTX_use_certificate_chain_file(ctx, f.pki.path("primary.crt").c_str()) == 1);
    REQUIRE(SSL_CTX_use_PrivateKey_file(ctx, f.pki.path("primary.key").c_str(), SSL_FILETYPE_PEM) ==
            1);
    fd = testing::start_connect("127.0.0.1", port);
    REQUIRE(fd >= 0);
    ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    const auto give_up = std::chrono::steady_clock::now() + 3s;
    int rc;
    while ((rc = SSL_connect(ssl)) != 1 && std::chrono::steady_clock::now() < give_up) {
      const int e = SSL_get_error(ssl, rc);
      REQUIRE((e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE));
      pollfd p{fd, static_cast<short>(e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT), 0};
      poll(&p, 1, 100);
    }
    REQUIRE(rc == 1);
  }
  ~TlsConnection() {
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(fd);
  }
  // SSL_write / SSL_read as send / recv: -1 with EAGAIN when TLS must wait.
  ssize_t io(int rc) {
    if (rc > 0) return rc;
    const int e = SSL_get_error(ssl, rc);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
      errno = EAGAIN;
      return -1;
    }
    errno = ECONNRESET;
    return e == SSL_ERROR_ZERO_RETURN ? 0 : -1;
  }
};

TEST_CASE("a GET with a 100 MB body from the pinned peer is refused without being kept",
          "[peer][listener]") {
  Running r;
  TlsConnection tls(r.f, r.server->port());
  const long before = testing::resident_bytes();
  const testing::BodyFlood flood = testing::flood_body(
      tls.fd, "GET /v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n",
      [&](const char* p, size_t n) { return tls.io(SSL_write(tls.ssl, p, static_cast<int>(n))); },
      [&](char* p, size_t n) { return tls.io(SSL_read(tls.ssl, p, static_cast<int>(n))); });
  const long grew = testing::resident_bytes() - before;
  INFO("sent " << flood.sent << " body bytes; RSS grew by " << grew
               << " bytes; answer: " << flood.answer.substr(0, 40));
  CHECK(flood.answer.rfind("HTTP/1.1 400", 0) == 0);
  CHECK(grew < (8 << 20));
  CHECK(r.server->requests_handled() == 0);
}

TEST_CASE("a peer that never answers the TLS handshake is not reported as a certificate problem",
          "[peer][listener]") {
  PeerFixture f;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(listen(fd, 8) == 0);  // the kernel accepts; nobody ever answers the ClientHello
  socklen_t len = sizeof addr;
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  config::PeerConfig coordinator = f.coordinator_peer(ntohs(addr.sin_port));
  coordinator.connect_timeout_seconds = 1;
  auto client = PeerClient::create(coordinator, coordinator.peers[0]);
  if (!client) FAIL(client.error().message);
  auto page = (*client)->fetch(0, 10);
  close(fd);
  REQUIRE_FALSE(page.ok());
  CHECK_THAT(page.error().message, Catch::Contains("no answer to the TLS handshake within 1 s"));
  CHECK_THAT(page.error().message, !Catch::Contains("certificate"));
}

TEST_CASE("a coordinator whose certificate the peer refuses is told so", "[peer][listener]") {
  Running r;
  r.f.pki.issue("intruder", "jaga-intruder");  // the office CA's, but not pinned
  auto client = PeerClient::create(r.f.coordinator_peer(r.server->port(), "intruder"),
                                   r.f.coordinator_peer(r.server->port()).peers[0]);
  if (!client) FAIL(client.error().message);
  auto page = (*client)->fetch(0, 10);
  REQUIRE_FALSE(page.ok());
  CHECK_THAT(page.error().message, Catch::Contains("the peer refused our certificate"));
}

TEST_CASE("what 400 idle and 100 half-open TLS connections cost, and /v1/health meanwhile",
          "[peer][listener][bench]") {
  Running r;
  r.health();  // warm up: TLS context, first store query
  const long before = testing::resident_bytes();
  // Connections the listener has taken in or turned away: each of the 500 ends up one or other.
  const auto handled = [&r] {
    const net::ListenerStats s = r.server->listener_stats();
    return s.accepted + s.refused_over_address_cap + s.refused_full;
  };
  const uint64_t handled_before = handled();
  HostileClients hostile(r.server->port());
  hostile.idle(400);
  hostile.trickle(100, kHelloStart, 1000ms);
  REQUIRE(hostile.hold() == 500);
  for (int i = 0; i < 500 && handled() < handled_before + 500; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  REQUIRE(handled() >= handled_before + 500);
  const long held = testing::resident_bytes() - before;
  double slowest = 0;
  double total = 0;
  for (int i = 0; i < 20; ++i) {
    const auto [status, took] = r.health();
    CHECK(status == 200);
    slowest = std::max(slowest, took);
    total += took;
  }
  const net::ListenerStats stats = r.server->listener_stats();
  WARN("500 connections held: RSS +"
       << held / 1024 << " KiB (" << held / 500
       << " bytes each); /v1/health (new TLS connection each) " << total / 20 * 1000
       << " ms on average, slowest " << slowest * 1000 << " ms; accepted " << stats.accepted
       << ", refused over the per-address cap " << stats.refused_over_address_cap);
  CHECK(slowest < 1.0);
}

}  // namespace
}  // namespace jaga::peer
