// Where both sides of the agenda book's witness (agenda_witness.h) keep what they know, in the
// evidence store (tables agenda_witness and agenda_witness_acks, schema version 7):
//   - the witness (the backup host's agent): every link of a book it was shown, append-only;
//   - the coordinator: the last link each witness acknowledged, so it pushes only what follows.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agenda/agenda_witness.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/evidence_store.h"

namespace jaga::agenda {

// The links the witness holds of `book`, by position.
Result<std::vector<ChainLink>> held_links(const store::EvidenceStore& store,
                                          const std::string& book);

// Keeps `pushed` (well formed, see malformed_links) as links of `book`, in one transaction,
// unless they contradict what is held: then nothing is kept and the refusal is returned.
Result<std::optional<std::string>> witness_links(store::EvidenceStore& store,
                                                 const std::string& book,
                                                 const std::vector<ChainLink>& pushed,
                                                 TimePoint now);

// The coordinator's record of the last link `peer` acknowledged; nullopt before the first.
Result<std::optional<ChainLink>> last_acknowledged(const store::EvidenceStore& store,
                                                   const std::string& peer);
Result<void> keep_acknowledged(store::EvidenceStore& store, const std::string& peer,
                               const ChainLink& link, TimePoint now);

}  // namespace jaga::agenda
