// The agenda book's witness (SOP-PIAK-07 step 6 made tamper-evident across hosts). The chain of
// entry hashes (agenda_book.h) shows any edit that was not followed by recomputing every later
// hash; whoever holds the store can recompute them. So the coordinator shows the links of its
// book - position, previous hash, entry hash; never an entry's fields - to the backup host's
// agent, which keeps every link it is shown and refuses, append-only, any link that contradicts
// one it holds. A rewrite or a truncation of the book after a link was witnessed then disagrees
// with a second host that the first host's root cannot write.
//
// These are the pure rules both sides apply; the wire is peer/witness_wire.h, the tables
// store/witness_store.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agenda/agenda_book.h"
#include "core/status.h"

namespace jaga::agenda {

struct ChainLink {
  int64_t position = 0;
  std::string prev_hash;   // 64 lower-case hex digits
  std::string entry_hash;  // 64 lower-case hex digits
  bool operator==(const ChainLink&) const = default;
};

// The links of `entries` (a whole book, in position order) from position `from` (1-based) on.
std::vector<ChainLink> links_of(const std::vector<AgendaEntry>& entries, int64_t from = 1);

// Whether `hash` is 64 lower-case hex digits.
bool is_chain_hash(const std::string& hash);

// What the witness says of `pushed` (consecutive positions, each link chained to the one before)
// against the links it `held` (sorted by position): nullopt when they agree; otherwise a
// sentence naming the first contradiction - a position it holds with another hash, a first link
// whose predecessor it holds with another hash, or a book that now ends before a position it
// holds (truncated).
std::optional<std::string> witness_refusal(const std::vector<ChainLink>& held,
                                           const std::vector<ChainLink>& pushed);

// Whether `pushed` is well formed: non-empty, positions from 1, consecutive, hashes well formed,
// each link's prev_hash the entry_hash of the one before. Else a sentence naming the link.
std::optional<std::string> malformed_links(const std::vector<ChainLink>& pushed);

struct WitnessVerdict {
  Status status = Status::kOk;     // CRIT: rewritten or truncated; WARN: entries not yet witnessed
  std::vector<std::string> lines;  // one sentence each, naming the witness and positions
};

// The book (every entry, in position order) against the links `witness` holds of it.
WitnessVerdict compare_with_witness(const std::vector<AgendaEntry>& book,
                                    const std::vector<ChainLink>& held, const std::string& witness);

}  // namespace jaga::agenda
