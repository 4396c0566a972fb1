// The agenda book's witness on the wire (agenda/agenda_witness.h), both ways:
//   POST /v1/agenda/witness   {"links": [{"position", "prev_hash", "entry_hash"}, ...]}
//                             200 {"position": N}: held up to N; 409 {"error": why}: refused
//   GET  /v1/agenda/witness   {"links": [...]}: every link held of the caller's book
// A link carries no field of an entry: only its place in the book and two hashes.
#pragma once

#include <string>
#include <vector>

#include "agenda/agenda_witness.h"
#include "core/result.h"

namespace jaga::peer {

// At most this many links in one message; the coordinator sends a longer book in parts.
inline constexpr size_t kMaxWitnessLinks = 1000;

std::string links_to_json(const std::vector<agenda::ChainLink>& links);
// The links of `body` (an object with "links"), each well typed; error naming `where` and the
// link. At most `max_links`. Their order and chaining are checked by agenda::malformed_links.
Result<std::vector<agenda::ChainLink>> links_from_json(const std::string& body,
                                                       const std::string& where, size_t max_links);

}  // namespace jaga::peer
