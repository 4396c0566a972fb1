#include "peer/peer_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <mutex>

#include "agenda/witness_tables.h"
#include "net/listener.h"
#include "peer/mutual_tls.h"
#include "peer/result_wire.h"
#include "peer/witness_wire.h"
#include "store/evidence_store.h"
#include "store/peer_store.h"

namespace jaga::peer {
namespace {

constexpr int kMaxLimit = 10000;

// The non-negative integer parameter `name`, `fallback` when absent; nullopt when malformed.
std::optional<int64_t> int_param(const httplib::Request& req, const char* name, int64_t fallback) {
  if (!req.has_param(name)) return fallback;
  const std::string text = req.get_param_value(name);
  if (text.empty() || text.size() > kMaxResultIdDigits) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return std::stoll(text);
}

void reply_error(httplib::Response& res, int code, const std::string& message) {
  res.status = code;
  res.set_content(nlohmann::json{{"error", message}}.dump(), "application/json");
}

}  // namespace

struct PeerServer::Impl {
  PinSet pins;
  std::string host_name;
  store::EvidenceStore* store = nullptr;  // the caller's (see start); never null once started
  // The listener's two workers share the one connection; a statement or transaction on it is
  // one thread's at a time.
  std::mutex store_mutex;
  std::atomic<uint64_t> handled{0};
  std::unique_ptr<ConsistencySessions> sessions;  // null: none are served
  std::unique_ptr<net::Listener> listener;        // stopped first: handlers use the store and pins

  void health(const httplib::Request&, httplib::Response& res) {
    ++handled;
    std::lock_guard lock(store_mutex);
    auto newest = store::newest_own_result_id(*store);
    if (!newest) return reply_error(res, 500, newest.error().message);
    res.set_content(
        nlohmann::json{
            {"host", host_name}, {"version", JAGA_VERSION}, {"newest_result_id", *newest}}
            .dump(),
        "application/json");
  }

  void results(const httplib::Request& req, httplib::Response& res) {
    ++handled;
    const auto after = int_param(req, "after", 0);
    const auto limit = int_param(req, "limit", 1000);
    if (!after || !limit || *limit < 1 || *limit > kMaxLimit) {
      return reply_error(res, 400,
                         fmt::format("'after' must be a result id (0 or more) and 'limit' a "
                                     "number from 1 to {}",
                                     kMaxLimit));
    }
    ResultPage page;
    page.host = host_name;
    {
      std::lock_guard lock(store_mutex);
      // One more than asked tells whether there is more.
      auto rows = store::own_results_after(*store, *after, static_cast<int>(*limit) + 1);
      if (!rows) return reply_error(res, 500, rows.error().message);
      page.more = rows->size() > static_cast<size_t>(*limit);
      if (page.more) rows->pop_back();
      page.results = std::move(*rows);
    }
    res.set_content(page_to_json(page), "application/json");
  }
  // The pinned peer that sent `req` (every request passed the handshake, so there is one).
  std::string book_of(const httplib::Request& req) const {
    if (req.ssl == nullptr) return "";
    X509* cert = SSL_get0_peer_certificate(req.ssl);
    const config::PeerEntry* peer = cert ? pinned_peer(pins, cert) : nullptr;
    return peer ? peer->name : "";
  }

  void witnessed(const httplib::Request& req, httplib::Response& res) {
    ++handled;
    const std::string book = book_of(req);
    if (book.empty()) return reply_error(res, 403, "the client certificate is not pinned");
    std::lock_guard lock(store_mutex);
    auto links = agenda::held_links(*store, book);
    if (!links) return reply_error(res, 500, links.error().message);
    res.set_content(links_to_json(*links), "application/json");
  }

  // Append-only: links that agree with every one held are kept; any contradiction is refused
  // with 409, kept as a CRIT result of check "agenda_witness" on this host (which the
  // coordinator pulls back), and logged.
  void witness(const httplib::Request& req, httplib::Response& res) {
    ++handled;
    const std::string book = book_of(req);
    if (book.empty()) return reply_error(res, 403, "the client certificate is not pinned");
    auto links = links_from_json(req.body, "agenda witness request", kMaxWitnessLinks);
    if (!links) return reply_error(res, 400, links.error().message);
    if (auto bad = agenda::malformed_links(*links)) {
      return reply_error(res, 400, "agenda witness request: " + *bad);
    }
    std::lock_guard lock(store_mutex);
    const TimePoint now = std::chrono::system_clock::now();
    auto refusal = agenda::witness_links(*store, book, *links, now);
    if (!refusal) return reply_error(res, 500, refusal.error().message);
    if (*refusal) {
      const std::string message = fmt::format("agenda book of {}: {}", book, **refusal);
      spdlog::critical("agenda witness: refused: {}", message);
      record_refusal(book, message, now);
      return reply_error(res, 409, message);
    }
    res.set_content(nlohmann::json{{"position", links->back().position}}.dump(),
                    "application/json");
  }

  void consistency(const httplib::Request& req, httplib::Response& res) {
    ++handled;
    X509* cert = req.ssl ? SSL_get0_peer_certificate(req.ssl) : nullptr;
    const config::PeerEntry* peer = cert ? pinned_peer(pins, cert) : nullptr;
    if (peer == nullptr || !peer->coordinator) {
      spdlog::warn("consistency session refused to {}: not the pinned coordinator",
                   peer ? peer->name : "an unpinned client");
      return reply_error(res, 403,
                         "only the coordinator's pinned certificate ([[peer.peers]] with "
                         "coordinator = true) may use consistency sessions");
    }
    if (!sessions) {
      return reply_error(res, 404,
                         "this agent serves no consistency sessions (peer.max_sessions = 0, or "
                         "no [servers.backup])");
    }
    auto reply = sessions->handle(req.matches[1].str(), req.body, peer->name);
    res.status = reply.status;
    res.set_content(std::move(reply.body), "application/json");
  }

  void record_refusal(const std::string& book, const std::string& message, TimePoint now) {
    CheckResult result;
    result.check = "agenda_witness";
    result.add(Status::kCrit, FindingKind::kWitnessRefused, {}, message);
    result.summary = message;
    result.started = result.finished = now;
    result.evidence = {{"book", book}, {"witness", host_name}};
    if (auto kept = store->record_run(host_name, "witness", host_name, result); !kept) {
      spdlog::error("agenda witness: cannot keep the refusal: {}", kept.error().message);
    }
  }
};

PeerServer::PeerServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PeerServer::~PeerServer() { impl_->listener.reset(); }

int PeerServer::port() const { return impl_->listener->port(); }
uint64_t PeerServer::requests_handled() const { return impl_->handled.load(); }
size_t PeerServer::consistency_sessions() const {
  return impl_->sessions ? impl_->sessions->open_sessions() : 0;
}
net::ListenerStats PeerServer::listener_stats() const { return impl_->listener->stats(); }

// The only legitimate client is one coordinator, which asks one page at a time: two workers,
// and a few connections from one address. Of the routes that take a body, the agenda witness
// sends at most kMaxWitnessLinks links of about 180 bytes each, and the consistency session's
// largest request is a recheck of 500 keys (verify() in consistency/engine.cpp).
net::ListenLimits PeerServer::default_limits() {
  net::ListenLimits limits;
  limits.workers = 2;
  limits.max_body_bytes = 4 * 1024 * 1024;
  return limits;
}

Result<std::unique_ptr<PeerServer>> PeerServer::start(
    const config::PeerConfig& config, store::EvidenceStore& store, const std::string& host_name,
    const net::ListenLimits& limits, std::optional<ConsistencySessions::Settings> sessions) {
  auto impl = std::make_unique<Impl>();
  if (sessions && sessions->max_sessions > 0) {
    impl->sessions = std::make_unique<ConsistencySessions>(std::move(*sessions));
  }
  impl->pins.peers = config.peers;
  impl->host_name = host_name;
  impl->store = &store;

  const PinSet& pins = impl->pins;
  auto tls =
      net::make_server_tls([&](SSL_CTX& ctx) { return configure_mutual_tls(ctx, config, pins); });
  if (!tls) return tls.error();
  Impl* self = impl.get();
  auto router = std::make_unique<net::HttpRouter>();
  router->Get("/v1/health", [self](const httplib::Request& req, httplib::Response& res) {
    self->health(req, res);
  });
  router->Get("/v1/results", [self](const httplib::Request& req, httplib::Response& res) {
    self->results(req, res);
  });
  router->Get("/v1/agenda/witness", [self](const httplib::Request& req, httplib::Response& res) {
    self->witnessed(req, res);
  });
  router->Post("/v1/agenda/witness", [self](const httplib::Request& req, httplib::Response& res) {
    self->witness(req, res);
  });
  router->Post(
      R"(/v1/consistency/([a-z_]+))",
      [self](const httplib::Request& req, httplib::Response& res) { self->consistency(req, res); });

  const std::string& host = config.listen_host.empty() ? "127.0.0.1" : config.listen_host;
  auto listener = net::Listener::start("peer API", host, config.listen_port, limits,
                                       std::move(router), std::move(*tls));
  if (!listener) return Error{"peer.listen: " + listener.error().message};
  impl->listener = std::move(*listener);
  spdlog::info("peer API listening on https://{}:{} (mutual TLS, {} pinned peer(s))", host,
               impl->listener->port(), config.peers.size());
  return std::unique_ptr<PeerServer>(new PeerServer(std::move(impl)));
}

}  // namespace jaga::peer
