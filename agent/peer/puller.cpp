#include "peer/puller.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "agenda/agenda_book.h"
#include "agenda/witness_tables.h"
#include "peer/witness_wire.h"
#include "store/peer_store.h"

namespace jaga::peer {

namespace {

// What an observer is told of pulled results: each as its check gave it.
std::vector<CheckResult> observed(const std::vector<store::StoredResult>& pulled) {
  std::vector<CheckResult> out;
  for (const store::StoredResult& r : pulled) out.push_back(store::to_check_result(r));
  return out;
}

}  // namespace

Puller::Puller(const config::Config& config, store::EvidenceStore& store, const Clock& clock,
               PulledObserver observer)
    : config_(config),
      clock_(clock),
      started_(clock.now()),
      store_(store),
      observer_(std::move(observer)) {}

Result<std::unique_ptr<Puller>> Puller::create(const config::Config& config,
                                               store::EvidenceStore& store, const Clock& clock,
                                               PulledObserver observer) {
  std::unique_ptr<Puller> puller(new Puller(config, store, clock, std::move(observer)));
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
  if (client_of(peer, state, outcome.error) == nullptr) {
    outcome.status = reachability(peer, *state, outcome.error, 0);
    return outcome;
  }
  // The connection lives for this pull only (see PeerClient::end_pull).
  struct EndPull {
    PeerClient& client;
    ~EndPull() { client.end_pull(); }
  } end_pull{*state->client};
  auto cursor = store::load_peer_cursor(store_, peer.name);
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
    if (auto kept = store::keep_pulled(store_, peer.name, page->results, next, clock_.now());
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

PeerClient* Puller::client_of(const config::PeerEntry& peer, PeerState*& state,
                              std::string& error) {
  std::lock_guard lock(client_mutex_);
  state = &peers_[peer.name];
  if (!state->client) {
    auto client = PeerClient::create(config_.peer, peer);
    if (!client) {
      error = client.error().message;
      return nullptr;
    }
    state->client = std::move(*client);
  }
  return state->client.get();
}

Status Puller::push_agenda(const config::PeerEntry& peer) {
  const auto failed = [&](const Error& e) {
    spdlog::error("agenda witness {}: {}", peer.name, e.message);
    return Status::kUnknown;
  };
  // Every pull asks only for the head; the book is read when there is something to show.
  auto newest = agenda::head_entry(store_);
  if (!newest) return failed(newest.error());
  if (!*newest) return Status::kOk;
  auto ack = agenda::last_acknowledged(store_, peer.name);
  if (!ack) return failed(ack.error());
  const int64_t head = (*newest)->position;
  PeerState* state = nullptr;
  std::string error;
  PeerClient* client = client_of(peer, state, error);
  if (client == nullptr) {
    spdlog::warn("agenda witness {}: {}", peer.name, error);
    return Status::kUnknown;
  }
  if (*ack && (*ack)->position == head && (*ack)->entry_hash == (*newest)->entry_hash &&
      !state->witness_refused) {
    return Status::kOk;
  }
  auto book = agenda::list_entries(store_);
  if (!book) return failed(book.error());
  struct EndPull {
    PeerClient& client;
    ~EndPull() { client.end_pull(); }
  } end_pull{*client};
  // From the last acknowledged link, which the witness compares with the one it holds, so a
  // book rewritten or truncated since then is refused; from the start before any.
  int64_t from = *ack ? std::min((*ack)->position, head) : 1;
  for (;;) {
    std::vector<agenda::ChainLink> links = agenda::links_of(*book, from);
    if (links.size() > kMaxWitnessLinks) links.resize(kMaxWitnessLinks);
    if (stopping_ || links.empty()) return Status::kUnknown;
    auto answer = client->push_witness(links);
    if (!answer) {
      spdlog::warn("agenda witness {}: {}", peer.name, answer.error().message);
      return Status::kUnknown;
    }
    if (answer->refused) {
      if (!state->witness_refused) {
        record_witness(
            peer, Status::kCrit,
            fmt::format("witness {} refused the agenda book: {}", peer.name, answer->message));
      }
      state->witness_refused = true;
      return Status::kCrit;
    }
    if (auto kept = agenda::keep_acknowledged(store_, peer.name, links.back(), clock_.now());
        !kept) {
      return failed(kept.error());
    }
    if (links.back().position == head) break;
    from = links.back().position;
  }
  if (state->witness_refused) {
    record_witness(
        peer, Status::kOk,
        fmt::format("witness {} holds the agenda book up to position {} again", peer.name, head));
    state->witness_refused = false;
  }
  spdlog::info("agenda witness {} holds the book up to position {}", peer.name, head);
  return Status::kOk;
}

void Puller::record_witness(const config::PeerEntry& peer, Status status,
                            const std::string& summary) {
  CheckResult result;
  result.check = "agenda_witness";
  result.add(status,
             status == Status::kOk ? FindingKind::kWitnessHolds : FindingKind::kWitnessRefused, {},
             summary);
  result.summary = summary;
  result.started = result.finished = clock_.now();
  result.evidence = {{"witness", peer.name}, {"book", config_.agent.host_name}};
  const std::string& host = config_.agent.host_name;
  if (auto kept = store_.record_run(host, "witness", host, result); !kept) {
    spdlog::error("agenda witness {}: cannot keep its status: {}", peer.name, kept.error().message);
  }
  spdlog::log(status == Status::kOk ? spdlog::level::info : spdlog::level::critical,
              "check agenda_witness: {} — {}", status_name(status), summary);
  if (observer_) observer_(config_.agent.host_name, {result});
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
  result.started = result.finished = clock_.now();
  if (status == Status::kOk) {
    result.add(status, FindingKind::kPeerReachable, {}, summary);
  } else {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
        result.started - since.value_or(result.started));
    result.add(status, FindingKind::kPeerUnreachable, {{"seconds", seconds.count()}}, summary);
  }
  result.summary = summary;
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
  if (auto kept = store_.record_run(config_.agent.host_name, "peer", peer.name, result); !kept) {
    spdlog::error("peer {}: cannot keep its status: {}", peer.name, kept.error().message);
    return;
  }
  peers_[peer.name].recorded = status;
  spdlog::log(status == Status::kOk ? spdlog::level::info : spdlog::level::warn,
              "check peer: {} — {}", status_name(status), summary);
  if (observer_) observer_(peer.name, {result});
}

}  // namespace jaga::peer
