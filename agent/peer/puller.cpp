#include "peer/puller.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "store/peer_store.h"

namespace jaga::peer {

namespace {

// What an observer is told of pulled results: the check, status, summary and times.
std::vector<CheckResult> observed(const std::vector<store::StoredResult>& pulled) {
  std::vector<CheckResult> out;
  for (const store::StoredResult& r : pulled) {
    CheckResult result;
    result.check = r.check;
    result.status = r.status;
    result.summary = r.summary;
    result.started = parse_utc(r.started_at).value_or(TimePoint{});
    result.finished = parse_utc(r.finished_at).value_or(result.started);
    out.push_back(std::move(result));
  }
  return out;
}

}  // namespace

Puller::Puller(const config::Config& config, const Clock& clock,
               std::unique_ptr<store::EvidenceStore> store, PulledObserver observer)
    : config_(config),
      clock_(clock),
      started_(clock.now()),
      store_(std::move(store)),
      observer_(std::move(observer)) {}

Result<std::unique_ptr<Puller>> Puller::create(const config::Config& config, const Clock& clock,
                                               PulledObserver observer) {
  auto store = store::EvidenceStore::open(config.agent.evidence_db, config.agent.personal_key);
  if (!store) return store.error();
  std::unique_ptr<Puller> puller(new Puller(config, clock, std::move(*store), std::move(observer)));
  // The TLS material is loaded now, so that a missing or unreadable file stops `jaga serve`
  // (or a reload) at once instead of surfacing as an unreachable peer.
  for (const config::PeerEntry& peer : config.peer.peers) {
    if (peer.url.empty()) continue;
    auto client = PeerClient::create(config.peer, peer);
    if (!client) return client.error();
    puller->peers_[peer.name].client = std::move(*client);
  }
  return puller;
}

void Puller::stop() {
  stopping_ = true;
  std::lock_guard lock(client_mutex_);
  for (auto& [name, state] : peers_) {
    if (state.client) state.client->stop();
  }
}

PullOutcome Puller::pull(const config::PeerEntry& peer) {
  PullOutcome outcome;
  PeerState* state = nullptr;
  {
    std::lock_guard lock(client_mutex_);
    state = &peers_[peer.name];
    if (!state->client) {
      auto client = PeerClient::create(config_.peer, peer);
      if (!client) {
        outcome.error = client.error().message;
        outcome.status = reachability(peer, *state, outcome.error, 0);
        return outcome;
      }
      state->client = std::move(*client);
    }
  }
  // The connection lives for this pull only (see PeerClient::end_pull).
  struct EndPull {
    PeerClient& client;
    ~EndPull() { client.end_pull(); }
  } end_pull{*state->client};
  auto cursor = store::load_peer_cursor(*store_, peer.name);
  if (!cursor) {
    outcome.error = cursor.error().message;
    spdlog::error("pull from peer {}: {}", peer.name, outcome.error);
    return outcome;
  }
  state->last_contact = cursor->last_contact;
  int64_t after = cursor->after_id;
  for (;;) {
    if (stopping_) {
      outcome.error = "stopping";
      return outcome;
    }
    auto page = state->client->fetch(after, config_.peer.pull_batch);
    if (!page) {
      outcome.error = page.error().message;
      break;
    }
    const int64_t next = page->results.empty() ? after : page->results.back().id;
    if (auto kept = store::keep_pulled(*store_, peer.name, page->results, next, clock_.now());
        !kept) {
      // Not the peer's fault: log it, keep the cursor, try again next time.
      spdlog::error("pull from peer {}: {}", peer.name, kept.error().message);
      outcome.error = kept.error().message;
      return outcome;
    }
    outcome.pulled += static_cast<int64_t>(page->results.size());
    if (observer_ && !page->results.empty()) observer_(peer.name, observed(page->results));
    after = next;
    if (!page->more) {
      outcome.reached = true;
      break;
    }
  }
  outcome.status = reachability(peer, *state, outcome.error, outcome.pulled);
  if (outcome.pulled > 0) {
    spdlog::info("pulled {} result(s) from peer {}", outcome.pulled, peer.name);
  }
  return outcome;
}

Status Puller::reachability(const config::PeerEntry& peer, PeerState& state,
                            const std::string& error, int64_t pulled) {
  const TimePoint now = clock_.now();
  if (error.empty()) {
    if (state.recorded != Status::kOk) {
      const std::string summary =
          state.unreachable_since
              ? fmt::format(
                    "peer {} reachable again after {}; {} result(s) pulled", peer.name,
                    format_duration(
                        std::chrono::duration<double>(now - *state.unreachable_since).count()),
                    pulled)
              : fmt::format("peer {} reachable; {} result(s) pulled", peer.name, pulled);
      record(peer, Status::kOk, summary, std::nullopt, "");
    }
    state.unreachable_since.reset();
    return Status::kOk;
  }
  // Unreachable since the last contact, even one before a restart of this agent; never
  // contacted: since this agent started.
  if (!state.unreachable_since) state.unreachable_since = state.last_contact.value_or(started_);
  const TimePoint since = std::min(*state.unreachable_since, now);
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now - since).count();
  Status status = Status::kOk;
  if (seconds >= config_.peer.unreachable_crit_after_seconds) {
    status = Status::kCrit;
  } else if (seconds >= config_.peer.unreachable_warn_after_seconds) {
    status = Status::kWarn;
  }
  spdlog::warn("pull from peer {}: {} (unreachable for {})", peer.name, error,
               format_duration(static_cast<double>(seconds)));
  if (status != Status::kOk && state.recorded != status) {
    record(peer, status,
           fmt::format("peer {} unreachable for {}: {}", peer.name,
                       format_duration(static_cast<double>(seconds)), error),
           since, error);
  }
  return status;
}

void Puller::record(const config::PeerEntry& peer, Status status, const std::string& summary,
                    const std::optional<TimePoint>& since, const std::string& error) {
  CheckResult result;
  result.check = "peer";
  result.add(status, summary);
  result.summary = summary;
  result.started = result.finished = clock_.now();
  result.evidence = {{"peer", peer.name},
                     {"url", peer.url},
                     {"observed_by", config_.agent.host_name},
                     {"error", error}};
  if (since) {
    result.evidence["unreachable_since"] = format_utc(*since);
    result.metrics.push_back({"unreachable",
                              std::chrono::duration<double>(clock_.now() - *since).count(), "s",
                              static_cast<double>(config_.peer.unreachable_warn_after_seconds),
                              static_cast<double>(config_.peer.unreachable_crit_after_seconds)});
  }
  auto run = store_->begin_run(config_.agent.host_name, "peer", result.started);
  Result<void> kept = run ? store_->record(*run, peer.name, result) : Result<void>(run.error());
  if (kept) kept = store_->finish_run(*run, status, result.finished);
  if (!kept) {
    spdlog::error("peer {}: cannot keep its status: {}", peer.name, kept.error().message);
    return;
  }
  peers_[peer.name].recorded = status;
  spdlog::log(status == Status::kOk ? spdlog::level::info : spdlog::level::warn,
              "check peer: {} — {}", status_name(status), summary);
  if (observer_) observer_(peer.name, {result});
}

}  // namespace jaga::peer
