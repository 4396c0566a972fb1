#include "metrics/metrics_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <map>
#include <mutex>

#include "net/listener.h"
#include "store/latest_results.h"

namespace jaga::metrics {
namespace {

// One host label scheme: a host is labelled with the name it gives itself ([agent] host_name), so
// what this host records about a peer (its reachability, under the peer's configured name) and
// what it pulled from that peer share one `host`. Where both then hold the same check, the newer
// result stays: a label set appears once in an exposition.
void relabel_peers(Snapshot& s, const std::map<std::string, std::string>& peers) {
  const auto rename = [&](std::string& host) {
    if (auto it = peers.find(host); it != peers.end()) host = it->second;
  };
  for (LatestResult& r : s.latest) rename(r.host);
  for (auto& [host, at] : s.consistency_ok) rename(host);
  for (CheckSuccess& c : s.last_success) rename(c.host);
  std::map<std::pair<std::string, std::string>, size_t> seen;
  std::vector<LatestResult> latest;
  for (LatestResult& r : s.latest) {
    auto [it, fresh] = seen.try_emplace({r.check, r.host}, latest.size());
    if (fresh) {
      latest.push_back(std::move(r));
    } else if (r.finished > latest[it->second].finished) {
      latest[it->second] = std::move(r);
    }
  }
  s.latest = std::move(latest);
  const auto keep_newest = [](auto& list, auto key, auto at) {
    std::map<decltype(key(list.front())), size_t> index;
    std::remove_reference_t<decltype(list)> kept;
    for (auto& item : list) {
      auto [it, fresh] = index.try_emplace(key(item), kept.size());
      if (fresh) {
        kept.push_back(item);
      } else if (at(item) > at(kept[it->second])) {
        kept[it->second] = item;
      }
    }
    list = std::move(kept);
  };
  if (!s.consistency_ok.empty()) {
    keep_newest(
        s.consistency_ok, [](const auto& p) { return p.first; },
        [](const auto& p) { return p.second; });
  }
  if (!s.last_success.empty()) {
    keep_newest(
        s.last_success, [](const CheckSuccess& c) { return std::make_pair(c.check, c.host); },
        [](const CheckSuccess& c) { return c.finished; });
  }
}

}  // namespace

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
  auto successes = store::last_successes(store);
  if (!successes) return successes.error();
  for (const store::LastSuccess& l : *successes) {
    snapshot.last_success.push_back({l.check, l.host, l.finished});
  }
  auto peers = store::peer_host_names(store);
  if (!peers) return peers.error();
  relabel_peers(snapshot, *peers);
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
