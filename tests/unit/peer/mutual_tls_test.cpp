// The peer API over real mutual TLS on loopback: who is let in, who is refused before any
// handler runs, and that a hanging peer cannot hang the caller.
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>

#include "peer/peer_client.h"
#include "peer/peer_server.h"
#include "tests/unit/peer/peer_fixture.h"

namespace jaga::peer {
namespace {

using testing::PeerFixture;

struct Running {
  PeerFixture f;
  std::unique_ptr<PeerServer> server;

  explicit Running(int results = 3) {
    PeerFixture::fill_store(f.dir.file("backup.db"), results);
    auto started = PeerServer::start(f.agent_peer(), f.backup_store(), "backup-1");
    if (!started) FAIL(started.error().message);
    server = std::move(*started);
  }

  Result<ResultPage> fetch_as(const std::string& client_cert, int64_t after = 0) {
    auto client = PeerClient::create(f.coordinator_peer(server->port(), client_cert),
                                     f.coordinator_peer(server->port()).peers[0]);
    if (!client) return client.error();
    return (*client)->fetch(after, 100);
  }
};

TEST_CASE("a pinned coordinator reads the agent's own results, never personal data", "[peer]") {
  Running r(3);
  auto page = r.fetch_as("primary");
  if (!page) FAIL(page.error().message);
  REQUIRE(page->results.size() == 3);
  CHECK(page->host == "backup-1");
  CHECK_FALSE(page->more);
  CHECK(page->results[0].id == 1);
  CHECK(page->results[0].check == "server");
  CHECK(page->results[0].status == Status::kWarn);
  CHECK(page->results[0].evidence["masked"] == "3322********0001");
  CHECK(page->results[0].personal.empty());
  CHECK(r.server->requests_handled() == 1);

  auto rest = r.fetch_as("primary", 2);
  if (!rest) FAIL(rest.error().message);
  REQUIRE(rest->results.size() == 1);
  CHECK(rest->results[0].id == 3);
}

TEST_CASE("the raw response holds no personal data", "[peer]") {
  Running r(2);
  httplib::SSLClient client("127.0.0.1", r.server->port(), r.f.pki.path("primary.crt"),
                            r.f.pki.path("primary.key"));
  client.enable_server_certificate_verification(false);
  auto res = client.Get("/v1/results?after=0&limit=10");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body.find("3322010101010001") == std::string::npos);
  CHECK(res->body.find("personal") == std::string::npos);
}

// A client presenting `cert` (empty: none) gets nothing, and no handler runs.
void require_refused(Running& r, const std::string& cert) {
  std::unique_ptr<httplib::SSLClient> client;
  if (cert.empty()) {
    client = std::make_unique<httplib::SSLClient>("127.0.0.1", r.server->port());
  } else {
    client = std::make_unique<httplib::SSLClient>(
        "127.0.0.1", r.server->port(), r.f.pki.path(cert + ".crt"), r.f.pki.path(cert + ".key"));
  }
  client->enable_server_certificate_verification(false);
  client->set_read_timeout(std::chrono::seconds(3));
  auto res = client->Get("/v1/health");
  CHECK_FALSE(res);
  CHECK(r.server->requests_handled() == 0);
}

TEST_CASE("a client without a certificate is refused in the handshake", "[peer]") {
  Running r;
  require_refused(r, "");
}

TEST_CASE("a client certificate from another CA is refused", "[peer]") {
  Running r;
  r.f.pki.make_ca("other-ca", "Someone Else CA");
  r.f.pki.issue("intruder", "jaga-primary", "other-ca");
  require_refused(r, "intruder");
}

TEST_CASE("an expired client certificate is refused", "[peer]") {
  Running r;
  r.f.pki.issue("expired", "jaga-primary", "ca", -1);
  require_refused(r, "expired");
}

TEST_CASE("a certificate of the office CA that is not pinned is refused", "[peer]") {
  Running r;
  r.f.pki.issue("stranger", "jaga-laptop");
  require_refused(r, "stranger");
  // Through PeerClient too, whose error says what happened.
  auto page = r.fetch_as("stranger");
  REQUIRE_FALSE(page.ok());
  CHECK_THAT(page.error().message, Catch::Contains("peer backup (https://127.0.0.1:"));
  CHECK(r.server->requests_handled() == 0);
}

TEST_CASE("a peer pinned by subject CN is let in", "[peer]") {
  PeerFixture f;
  PeerFixture::fill_store(f.dir.file("backup.db"), 1);
  config::PeerConfig agent = f.agent_peer();
  agent.peers = {{"primary", "", "", "jaga-primary", "", false}};
  auto server = PeerServer::start(agent, f.backup_store(), "backup-1");
  if (!server) FAIL(server.error().message);
  config::PeerConfig coordinator = f.coordinator_peer((*server)->port());
  coordinator.peers[0].fingerprint = "";
  coordinator.peers[0].cn = "jaga-backup";
  auto client = PeerClient::create(coordinator, coordinator.peers[0]);
  if (!client) FAIL(client.error().message);
  auto page = (*client)->fetch(0, 10);
  if (!page) FAIL(page.error().message);
  CHECK(page->results.size() == 1);
}

TEST_CASE("the coordinator refuses a server whose certificate is not the pinned one", "[peer]") {
  Running r;
  r.f.pki.issue("impostor", "jaga-impostor");
  config::PeerConfig coordinator = r.f.coordinator_peer(r.server->port());
  coordinator.peers[0].fingerprint = r.f.pki.fingerprint("impostor");
  auto client = PeerClient::create(coordinator, coordinator.peers[0]);
  if (!client) FAIL(client.error().message);
  auto page = (*client)->fetch(0, 10);
  REQUIRE_FALSE(page.ok());
  CHECK(r.server->requests_handled() == 0);
}

TEST_CASE("a peer that accepts and never answers costs at most the timeouts", "[peer]") {
  PeerFixture f;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(listen(fd, 8) == 0);  // the kernel accepts; nobody ever reads or writes
  socklen_t len = sizeof addr;
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  config::PeerConfig coordinator = f.coordinator_peer(ntohs(addr.sin_port));
  coordinator.connect_timeout_seconds = 1;
  coordinator.read_timeout_seconds = 1;
  auto client = PeerClient::create(coordinator, coordinator.peers[0]);
  if (!client) FAIL(client.error().message);
  const auto start = std::chrono::steady_clock::now();
  auto page = (*client)->fetch(0, 10);
  const auto took = std::chrono::steady_clock::now() - start;
  close(fd);
  REQUIRE_FALSE(page.ok());
  CHECK(took < std::chrono::seconds(4));
  CHECK_THAT(page.error().message, Catch::Contains("peer backup"));
}

TEST_CASE("malformed paging parameters get 400 and change nothing", "[peer]") {
  Running r;
  httplib::SSLClient client("127.0.0.1", r.server->port(), r.f.pki.path("primary.crt"),
                            r.f.pki.path("primary.key"));
  client.enable_server_certificate_verification(false);
  for (const char* path : {"/v1/results?after=-1", "/v1/results?limit=0",
                           "/v1/results?limit=100001", "/v1/results?after=1x"}) {
    INFO(path);
    auto res = client.Get(path);
    REQUIRE(res);
    CHECK(res->status == 400);
  }
  auto post = client.Post("/v1/results", "{}", "application/json");
  REQUIRE(post);
  CHECK(post->status == 404);
}

TEST_CASE("a key file others may read is refused with its path", "[peer]") {
  PeerFixture f;
  REQUIRE(chmod(f.pki.path("backup.key").c_str(), 0644) == 0);
  auto server = PeerServer::start(f.agent_peer(), f.backup_store(), "backup-1");
  REQUIRE_FALSE(server.ok());
  CHECK_THAT(server.error().message, Catch::Contains("peer.key " + f.pki.path("backup.key")));
  CHECK_THAT(server.error().message, Catch::Contains("chmod 600"));
}

TEST_CASE("a missing certificate file is named", "[peer]") {
  PeerFixture f;
  config::PeerConfig agent = f.agent_peer();
  agent.cert = f.dir.file("nope.crt");
  auto server = PeerServer::start(agent, f.backup_store(), "backup-1");
  REQUIRE_FALSE(server.ok());
  CHECK_THAT(server.error().message, Catch::Contains("cannot load peer.cert " + agent.cert));
}

}  // namespace
}  // namespace jaga::peer
