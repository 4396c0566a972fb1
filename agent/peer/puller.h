// The coordinator's pull: copies a peer agent's results into this host's evidence store, marked
// with the peer's name. Idempotent and resumable (see store/peer_store.h): each page is kept
// together with the cursor in one transaction, so a kill, a dropped link or a restart of either
// side at any moment loses nothing and duplicates nothing. A peer that cannot be reached is
// itself a result: check "peer" for host PEER, OK while reachable, WARN once it has been
// unreachable for unreachable_warn_after_seconds, CRIT after unreachable_crit_after_seconds;
// recorded whenever that status changes.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/check_result.h"
#include "core/clock.h"
#include "core/result.h"
#include "core/status.h"
#include "peer/peer_client.h"
#include "store/evidence_store.h"

namespace jaga::peer {

struct PullOutcome {
  bool reached = false;  // every page asked for was received and kept
  int64_t pulled = 0;    // results received in this pull (a re-sent one counts, is kept once)
  Status status = Status::kOk;  // of the peer's reachability
  std::string error;            // why the pull stopped early
};

// Told, on the pulling thread, of each page of results kept from peer `host` (each as its check
// gave it; the evidence is in the store) and of each `peer` result recorded, e.g. to notify on
// status changes of the backup host's checks. Must not block for long.
using PulledObserver =
    std::function<void(const std::string& host, const std::vector<CheckResult>& results)>;

class Puller {
 public:
  // Keeps what it pulls in `store`, which only this Puller's thread may use while it lives (a
  // pull is a write transaction on its connection). `store` and `clock` must outlive the Puller.
  static Result<std::unique_ptr<Puller>> create(const config::Config& config,
                                                store::EvidenceStore& store, const Clock& clock,
                                                PulledObserver observer = nullptr);

  // Pulls from `peer` until caught up, an error, or stop(). REQUIRES: peer.url is set.
  PullOutcome pull(const config::PeerEntry& peer);
  // Shows `peer` (the agenda book's witness) the links of this host's agenda book from the last
  // one it acknowledged to the head, in parts of kMaxWitnessLinks; keeps each acknowledgement.
  // A refusal (the book was rewritten or truncated since the witness saw it) is kept as a CRIT
  // result of check "agenda_witness" on this host, and its end as OK. Returns the status: OK
  // when the witness holds the head, UNKNOWN when it could not be asked (retried next time).
  Status push_agenda(const config::PeerEntry& peer);
  // Makes a pull in progress on another thread return soon (aborts its request).
  void stop();

 private:
  struct PeerState {
    std::unique_ptr<PeerClient> client;
    std::optional<TimePoint> unreachable_since;
    std::optional<TimePoint> last_contact;  // as kept in the store
    std::optional<Status> recorded;         // the last status kept as a `peer` result
    bool witness_refused = false;           // the last agenda push was refused, and kept so
  };
  // The client of `peer`, created when missing; nullptr (error logged) when it cannot be.
  PeerClient* client_of(const config::PeerEntry& peer, PeerState*& state, std::string& error);
  void record_witness(const config::PeerEntry& peer, Status status, const std::string& summary);
  Puller(const config::Config& config, store::EvidenceStore& store, const Clock& clock,
         PulledObserver observer);
  Status reachability(const config::PeerEntry& peer, PeerState& state, const std::string& error,
                      int64_t pulled);
  void record(const config::PeerEntry& peer, Status status, const std::string& summary,
              const std::optional<TimePoint>& since, const std::string& error);

  config::Config config_;
  const Clock& clock_;
  const TimePoint started_;
  store::EvidenceStore& store_;
  PulledObserver observer_;  // may be null
  std::map<std::string, PeerState> peers_;
  std::atomic<bool> stopping_{false};
  std::mutex client_mutex_;  // guards the PeerState::client pointers against stop()
};

}  // namespace jaga::peer
