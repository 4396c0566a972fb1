#include "metrics/metrics_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <mutex>

#include "net/listener.h"

namespace jaga::metrics {

Result<Snapshot> read_snapshot(const store::EvidenceStore& store) {
  Snapshot snapshot;
  auto latest = store.statement(
      "SELECT r.check_name, r.host, r.status, r.started_at, r.finished_at, r.metrics, "
      "CASE WHEN json_valid(r.evidence) THEN json_extract(r.evidence, '$.replica_status') END "
      "FROM results r JOIN (SELECT MAX(id) AS id FROM results "
      "GROUP BY check_name, host) m ON r.id = m.id ORDER BY r.check_name, r.host");
  if (!latest.ok()) return store.sql_error("reading the newest results");
  int rc;
  while ((rc = latest.step()) == SQLITE_ROW) {
    LatestResult r;
    r.check = latest.text(0);
    r.host = latest.text(1);
    r.status = static_cast<Status>(latest.integer(2));
    r.started = parse_utc(latest.text(3)).value_or(TimePoint{});
    r.finished = parse_utc(latest.text(4)).value_or(TimePoint{});
    r.metrics = nlohmann::json::parse(latest.text(5), nullptr, false);
    if (!latest.is_null(6)) {
      r.replica_status = nlohmann::json::parse(latest.text(6), nullptr, false);
    }
    snapshot.latest.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return store.sql_error("reading the newest results");
  auto consistency = store.statement(
      "SELECT host, MAX(finished_at) FROM results WHERE check_name = "
      "'consistency' AND status = 0 GROUP BY host ORDER BY host");
  if (!consistency.ok()) return store.sql_error("reading consistency runs");
  while ((rc = consistency.step()) == SQLITE_ROW) {
    if (auto at = parse_utc(consistency.text(1))) {
      snapshot.consistency_ok.emplace_back(consistency.text(0), *at);
    }
  }
  if (rc != SQLITE_DONE) return store.sql_error("reading consistency runs");
  return snapshot;
}

namespace {

// Prometheus sends no body and keeps its connection alive between scrapes; one worker thread
// is plenty for a query of the newest results, two keep a slow store from holding everyone.
net::ListenLimits metrics_limits() {
  net::ListenLimits limits;
  limits.max_body_bytes = 0;
  limits.workers = 2;
  return limits;
}

}  // namespace

struct MetricsServer::Impl {
  store::EvidenceStore* store = nullptr;  // the caller's (see start); never null once started
  // The listener's two workers share the one connection, one statement at a time.
  std::mutex store_mutex;
  std::unique_ptr<net::Listener> listener;  // stopped first: handlers use the store
};

MetricsServer::MetricsServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

MetricsServer::~MetricsServer() { impl_->listener.reset(); }

int MetricsServer::port() const { return impl_->listener->port(); }

Result<std::unique_ptr<MetricsServer>> MetricsServer::start(const config::Config& config,
                                                            store::EvidenceStore& store) {
  if (config.metrics.listen_host.empty()) return std::unique_ptr<MetricsServer>();
  auto impl = std::make_unique<Impl>();
  impl->store = &store;
  Impl* self = impl.get();
  auto router = std::make_unique<net::HttpRouter>();
  router->Get("/metrics", [self](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(self->store_mutex);
    auto snapshot = read_snapshot(*self->store);
    if (!snapshot) {
      res.status = 500;
      res.set_content(snapshot.error().message + "\n", "text/plain");
      return;
    }
    res.set_content(render(*snapshot), "text/plain; version=0.0.4; charset=utf-8");
  });
  const std::string& host = config.metrics.listen_host;
  auto listener = net::Listener::start("metrics", host, config.metrics.listen_port,
                                       metrics_limits(), std::move(router), nullptr);
  if (!listener) return Error{"metrics.listen: " + listener.error().message};
  impl->listener = std::move(*listener);
  spdlog::info("Prometheus metrics on http://{}:{}/metrics", host, impl->listener->port());
  return std::unique_ptr<MetricsServer>(new MetricsServer(std::move(impl)));
}

}  // namespace jaga::metrics
