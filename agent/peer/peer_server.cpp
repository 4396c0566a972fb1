#include "peer/peer_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <thread>

#include "peer/mutual_tls.h"
#include "peer/result_wire.h"
#include "store/evidence_store.h"
#include "store/peer_store.h"

namespace jaga::peer {
namespace {

// Two workers: the only client is one coordinator, which asks one page at a time.
constexpr size_t kWorkers = 2;
constexpr int kMaxLimit = 10000;

// The non-negative integer parameter `name`, `fallback` when absent; nullopt when malformed.
std::optional<int64_t> int_param(const httplib::Request& req, const char* name, int64_t fallback) {
  if (!req.has_param(name)) return fallback;
  const std::string text = req.get_param_value(name);
  if (text.empty() || text.size() > 18) return std::nullopt;
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
  std::unique_ptr<store::EvidenceStore> store;
  std::mutex store_mutex;
  std::unique_ptr<httplib::SSLServer> server;
  std::thread thread;
  int port = 0;
  std::atomic<uint64_t> handled{0};

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
};

PeerServer::PeerServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PeerServer::~PeerServer() {
  impl_->server->stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

int PeerServer::port() const { return impl_->port; }
uint64_t PeerServer::requests_handled() const { return impl_->handled.load(); }

Result<std::unique_ptr<PeerServer>> PeerServer::start(const config::PeerConfig& config,
                                                      const std::string& evidence_db,
                                                      const std::string& host_name,
                                                      const std::string& personal_key) {
  auto impl = std::make_unique<Impl>();
  impl->pins.peers = config.peers;
  impl->host_name = host_name;
  auto store = store::EvidenceStore::open(evidence_db, personal_key);
  if (!store) return store.error();
  impl->store = std::move(*store);

  std::optional<Error> tls_error;
  impl->server = std::make_unique<httplib::SSLServer>([&](SSL_CTX& ctx) {
    if (auto r = configure_mutual_tls(ctx, config, impl->pins); !r) tls_error = r.error();
    return !tls_error;
  });
  if (tls_error) return *tls_error;
  if (!impl->server->is_valid()) return Error{"cannot create the peer TLS server"};
  httplib::SSLServer& server = *impl->server;
  server.new_task_queue = [] { return new httplib::ThreadPool(kWorkers); };
  server.set_read_timeout(std::chrono::seconds(10));
  server.set_write_timeout(std::chrono::seconds(10));
  server.set_keep_alive_timeout(5);
  Impl* self = impl.get();
  server.Get("/v1/health", [self](const httplib::Request& req, httplib::Response& res) {
    self->health(req, res);
  });
  server.Get("/v1/results", [self](const httplib::Request& req, httplib::Response& res) {
    self->results(req, res);
  });

  const std::string& host = config.listen_host.empty() ? "127.0.0.1" : config.listen_host;
  if (config.listen_port == 0) {
    impl->port = server.bind_to_any_port(host);
  } else if (server.bind_to_port(host, config.listen_port)) {
    impl->port = config.listen_port;
  }
  if (impl->port <= 0) {
    return Error{
        fmt::format("peer.listen: cannot listen on {}:{} (address in use, or not an "
                    "address of this host)",
                    host, config.listen_port)};
  }
  impl->thread = std::thread([self] { self->server->listen_after_bind(); });
  // httplib's stop() does nothing before the listening loop runs; wait for it so that a
  // server destroyed at once still stops.
  for (int i = 0; i < 5000 && !server.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  spdlog::info("peer API listening on https://{}:{} (mutual TLS, {} pinned peer(s))", host,
               impl->port, config.peers.size());
  return std::unique_ptr<PeerServer>(new PeerServer(std::move(impl)));
}

}  // namespace jaga::peer
