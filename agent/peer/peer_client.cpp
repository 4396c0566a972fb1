#include "peer/peer_client.h"

#include <fmt/format.h>
#include <httplib.h>

#include "peer/mutual_tls.h"

namespace jaga::peer {
namespace {

struct Endpoint {
  std::string host;
  int port = 0;
};

Result<Endpoint> endpoint_of(const config::PeerEntry& peer) {
  std::string rest = peer.url.substr(std::string_view("https://").size());
  if (rest.ends_with("/")) rest.pop_back();
  Endpoint e;
  if (auto r = config::split_listen(rest, e.host, e.port); !r) {
    return Error{fmt::format("peer {}: url {}: {}", peer.name, peer.url, r.error().message)};
  }
  return e;
}

std::string describe(httplib::Error error) {
  switch (error) {
    case httplib::Error::Connection:
      return "cannot connect (refused, unreachable or connect timeout)";
    case httplib::Error::Read:
      return "no answer within the read timeout, or the connection was closed";
    case httplib::Error::SSLConnection:
      return "TLS handshake failed (certificate not issued by peer.ca, expired, or not pinned)";
    case httplib::Error::SSLServerVerification:
      return "the server's certificate was refused";
    default:
      return httplib::to_string(error);
  }
}

}  // namespace

struct PeerClient::Impl {
  config::PeerEntry peer;
  PinSet pins;
  std::unique_ptr<httplib::SSLClient> client;
};

PeerClient::PeerClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PeerClient::~PeerClient() = default;

Result<std::unique_ptr<PeerClient>> PeerClient::create(const config::PeerConfig& config,
                                                       const config::PeerEntry& peer) {
  auto endpoint = endpoint_of(peer);
  if (!endpoint) return endpoint.error();
  auto impl = std::make_unique<Impl>();
  impl->peer = peer;
  impl->pins.peers = {peer};  // this connection talks to that one peer only
  impl->client = std::make_unique<httplib::SSLClient>(endpoint->host, endpoint->port);
  SSL_CTX* ctx = impl->client->ssl_context();
  if (ctx == nullptr) return Error{"cannot create a TLS client context"};
  if (auto r = configure_mutual_tls(*ctx, config, impl->pins); !r) return r.error();
  // Verification is done by configure_mutual_tls's callback (CA + pin); httplib's own would
  // also demand that the URL's host name be in the certificate, which pinning makes moot.
  impl->client->enable_server_certificate_verification(false);
  impl->client->set_connection_timeout(std::chrono::seconds(config.connect_timeout_seconds));
  impl->client->set_read_timeout(std::chrono::seconds(config.read_timeout_seconds));
  impl->client->set_write_timeout(std::chrono::seconds(config.read_timeout_seconds));
  impl->client->set_keep_alive(true);
  // No Accept-Encoding: the server would otherwise brotli-compress each page at a cost far
  // above the transfer it saves between two servers of one office.
  impl->client->set_decompress(false);
  return std::unique_ptr<PeerClient>(new PeerClient(std::move(impl)));
}

Result<ResultPage> PeerClient::fetch(int64_t after, int64_t limit) {
  const std::string path = fmt::format("/v1/results?after={}&limit={}", after, limit);
  httplib::Result res = impl_->client->Get(path);
  if (!res) {
    return Error{
        fmt::format("peer {} ({}): {}", impl_->peer.name, impl_->peer.url, describe(res.error()))};
  }
  if (res->status != 200) {
    return Error{fmt::format("peer {} ({}): GET {} answered HTTP {}", impl_->peer.name,
                             impl_->peer.url, path, res->status)};
  }
  return page_from_json(res->body, impl_->peer.name, after);
}

void PeerClient::stop() { impl_->client->stop(); }

}  // namespace jaga::peer
