#include "peer/peer_client.h"

#include <fmt/format.h>
#include <httplib.h>

#include "peer/mutual_tls.h"
#include "peer/witness_wire.h"

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

// The fatal TLS alerts of a client's handshakes, received from the peer or sent by us, kept by
// an info callback so that a failed handshake can be told apart from one that got no answer.
struct HandshakeTrace {
  std::string received;
  std::string sent;
};

int trace_index() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

void trace_alerts(const SSL* ssl, int where, int value) {
  if (!(where & SSL_CB_ALERT) || (value >> 8) != SSL3_AL_FATAL) return;
  auto* trace =
      static_cast<HandshakeTrace*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), trace_index()));
  if (trace == nullptr) return;
  (where & SSL_CB_READ ? trace->received : trace->sent) = SSL_alert_desc_string_long(value);
}

bool about_certificate(const std::string& alert) {
  return alert.find("certificate") != std::string::npos || alert.find("CA") != std::string::npos;
}

std::string describe(httplib::Error error, const HandshakeTrace& trace,
                     int64_t connect_timeout_seconds) {
  // Under TLS 1.3 the server checks our certificate after our side of the handshake is done,
  // so its refusal arrives as the answer to the first request.
  const bool failed_in_tls = error == httplib::Error::SSLConnection ||
                             error == httplib::Error::Read || error == httplib::Error::Write;
  if (failed_in_tls && !trace.received.empty()) {
    return about_certificate(trace.received)
               ? fmt::format(
                     "the peer refused our certificate (TLS alert \"{}\": not pinned "
                     "there, not from its CA, or expired)",
                     trace.received)
               : fmt::format("the peer refused the TLS handshake (TLS alert \"{}\")",
                             trace.received);
  }
  if (failed_in_tls && !trace.sent.empty()) {
    return fmt::format(
        "we refused the peer's certificate (TLS alert \"{}\": not issued by peer.ca, expired, "
        "or not the pinned one)",
        trace.sent);
  }
  switch (error) {
    case httplib::Error::Connection:
      return "cannot connect (refused, unreachable or connect timeout)";
    case httplib::Error::Read:
      return "no answer within the read timeout, or the connection was closed";
    case httplib::Error::Write:
      return "the connection was closed while the request was being sent";
    case httplib::Error::SSLConnection:
      return fmt::format(
          "no answer to the TLS handshake within {} s, or the connection was closed during it",
          connect_timeout_seconds);
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
  int64_t connect_timeout_seconds = 0;
  HandshakeTrace trace;  // attached to the client's SSL_CTX
  std::unique_ptr<httplib::SSLClient> client;

  Error failure(httplib::Error error) const {
    return Error{fmt::format("peer {} ({}): {}", peer.name, peer.url,
                             describe(error, trace, connect_timeout_seconds))};
  }
  Error unexpected(const char* method, const std::string& path,
                   const httplib::Response& res) const {
    return Error{fmt::format("peer {} ({}): {} {} answered HTTP {}", peer.name, peer.url, method,
                             path, res.status)};
  }
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
  impl->connect_timeout_seconds = config.connect_timeout_seconds;
  SSL_CTX_set_ex_data(ctx, trace_index(), &impl->trace);
  SSL_CTX_set_info_callback(ctx, trace_alerts);
  // Verification is done by configure_mutual_tls's callback (CA + pin); httplib's own would
  // also demand that the URL's host name be in the certificate, which pinning makes moot.
  impl->client->enable_server_certificate_verification(false);
  impl->client->set_connection_timeout(std::chrono::seconds(config.connect_timeout_seconds));
  impl->client->set_read_timeout(std::chrono::seconds(config.read_timeout_seconds));
  impl->client->set_write_timeout(std::chrono::seconds(config.read_timeout_seconds));
  // One connection for the pages of one pull, closed by end_pull(): a connection kept idle
  // until the next pull would be closed by the server meanwhile, and httplib cannot tell that
  // a TLS connection the server closed is gone before it sends the next request on it.
  impl->client->set_keep_alive(true);
  // A POST goes out as two TLS records (head, then body): with Nagle's algorithm the body waits
  // for the ACK of the head, which the agent delays up to 40 ms - per request of a consistency
  // session, whose every batch of chunks is three requests.
  impl->client->set_tcp_nodelay(true);
  // No Accept-Encoding: the server would otherwise brotli-compress each page at a cost far
  // above the transfer it saves between two servers of one office.
  impl->client->set_decompress(false);
  return std::unique_ptr<PeerClient>(new PeerClient(std::move(impl)));
}

Result<ResultPage> PeerClient::fetch(int64_t after, int64_t limit) {
  const std::string path = fmt::format("/v1/results?after={}&limit={}", after, limit);
  impl_->trace = HandshakeTrace{};
  httplib::Result res = impl_->client->Get(path);
  if (!res) return impl_->failure(res.error());
  if (res->status != 200) return impl_->unexpected("GET", path, *res);
  return page_from_json(res->body, impl_->peer.name, after);
}

Result<PeerClient::WitnessAnswer> PeerClient::push_witness(
    const std::vector<agenda::ChainLink>& links) {
  const char* path = "/v1/agenda/witness";
  impl_->trace = HandshakeTrace{};
  httplib::Result res = impl_->client->Post(path, links_to_json(links), "application/json");
  if (!res) return impl_->failure(res.error());
  if (res->status == 409) {
    const auto j = nlohmann::json::parse(res->body, nullptr, false);
    const bool has_error = j.is_object() && j.contains("error") && j["error"].is_string();
    return WitnessAnswer{true,
                         has_error ? j["error"].get<std::string>() : res->body.substr(0, 500)};
  }
  if (res->status != 200) return impl_->unexpected("POST", path, *res);
  return WitnessAnswer{};
}

Result<std::vector<agenda::ChainLink>> PeerClient::witnessed() {
  const char* path = "/v1/agenda/witness";
  impl_->trace = HandshakeTrace{};
  httplib::Result res = impl_->client->Get(path);
  if (!res) return impl_->failure(res.error());
  if (res->status != 200) return impl_->unexpected("GET", path, *res);
  // A book gains a few entries a day: a witness's answer is small, but never trusted to be.
  auto links = links_from_json(res->body, fmt::format("peer {}: agenda witness", impl_->peer.name),
                               1'000'000);
  if (!links) return links.error();
  if (!links->empty()) {
    if (auto bad = agenda::malformed_links(*links)) {
      return Error{fmt::format("peer {}: agenda witness: {}", impl_->peer.name, *bad)};
    }
  }
  return links;
}

Result<PeerClient::Answer> PeerClient::post(const std::string& path, const std::string& body) {
  impl_->trace = HandshakeTrace{};
  httplib::Result res = impl_->client->Post(path, body, "application/json");
  if (!res) return impl_->failure(res.error());
  return Answer{res->status, std::move(res->body)};
}

void PeerClient::set_read_timeout(double seconds) {
  const auto timeout = std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
  impl_->client->set_read_timeout(timeout);
  impl_->client->set_write_timeout(timeout);
}

void PeerClient::end_pull() { impl_->client->stop(); }

void PeerClient::stop() { impl_->client->stop(); }

}  // namespace jaga::peer
