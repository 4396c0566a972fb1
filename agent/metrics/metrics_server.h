// GET /metrics for Prometheus on [metrics] listen (127.0.0.1:9477 by default), plain HTTP: it
// exposes statuses and timings only, never a key or a name, and on loopback it needs no TLS;
// an office that scrapes from another machine puts it behind its own TLS proxy or a firewall.
// Each scrape reads the evidence store, so it shows pulled peer results as well. Served by a
// net::Listener: a client that is slow, idle or sends a body holds no worker and delays no scrape.
#pragma once

#include <memory>
#include <string>

#include "config/config.h"
#include "core/result.h"
#include "metrics/prometheus_text.h"
#include "store/evidence_store.h"

namespace jaga::metrics {

// The newest result of each (check, host) and the last OK consistency run per host.
Result<Snapshot> read_snapshot(const store::EvidenceStore& store);

class MetricsServer {
 public:
  // Null when the configuration has no [metrics] table. Port 0: any free port. Reads `store`,
  // which must outlive the server and which only its threads may use while it lives.
  static Result<std::unique_ptr<MetricsServer>> start(const config::Config& config,
                                                      store::EvidenceStore& store);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;
  int port() const;

 private:
  struct Impl;
  explicit MetricsServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jaga::metrics
