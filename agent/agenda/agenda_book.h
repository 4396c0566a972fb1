// The agenda book (Buku Agenda, SOP-PIAK-07 step 6): an append-only register of recorded
// reports, kept in the evidence store's agenda_entries table. Each entry carries the hash of the
// entry before it, and its own hash covers a canonical encoding of all its fields plus that
// previous hash, so editing, deleting, inserting or reordering entries breaks the chain at a
// place verify() names.
//
// What the chain cannot prove alone: someone who rewrites the book from some entry to the end
// and recomputes every hash. verify() therefore also checks every entry against the report it
// records (the report must be recorded, with the same document hash), whose PDF carries the
// officials' signatures; and an exported book (PDF/CSV) on paper or elsewhere fixes the head.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agenda/agenda_number.h"
#include "core/clock.h"
#include "core/result.h"
#include "core/utc_offset.h"
#include "store/evidence_store.h"

namespace jaga::agenda {

// The previous hash of the first entry.
inline const std::string kGenesisHash(64, '0');

struct AgendaEntry {
  int64_t position = 0;  // place in the book, from 1
  int year = 0;          // calendar year of recorded_at in the office's zone
  int seq_in_year = 0;   // from 1 in each year
  std::string agenda_number;
  std::string recorded_at;  // RFC 3339 UTC
  std::string report;       // report number
  std::string period_kind;  // daily, weekly, monthly
  std::string period_start;
  std::string period_end;
  std::string document_sha256;       // the final signed PDF
  std::vector<std::string> signers;  // "role: name", in the order they signed
  std::string prev_hash;
  std::string entry_hash;
  // The recording agent's signature (detached CMS, DER) over entry_hash; empty when the agent
  // had no key ([peer] cert and key). Not part of the hash: it signs it.
  std::string agent_signature;
};

// The bytes the entry's hash covers: a JSON array of every field but position and entry_hash,
// in a fixed order, compact, UTF-8.
std::string canonical_encoding(const AgendaEntry& entry);
// SHA-256 (hex) of canonical_encoding(entry).
std::string compute_hash(const AgendaEntry& entry);

struct NewEntry {
  std::string report;
  std::string period_kind;
  std::string period_start;
  std::string period_end;
  std::string document_sha256;
  std::vector<std::string> signers;
  TimePoint recorded_at;
};

// Signs an entry's hash (its 64 hex digits) with the agent's key: the DER signature.
using EntrySigner = std::function<Result<std::string>(std::string_view entry_hash)>;

// Appends an entry numbered after the last one of its year, signed by `sign` when given (a
// failure to sign records nothing). REQUIRES: the caller holds a write transaction on `store`
// (EvidenceStore::transaction, the step that records the report), so the number and chain are
// taken atomically with it.
Result<AgendaEntry> append_entry(store::EvidenceStore& store, const NumberFormat& format,
                                 const UtcOffset& zone, const NewEntry& entry,
                                 const EntrySigner& sign = nullptr);

// The last entry of the book (its head); nullopt when the book is empty.
Result<std::optional<AgendaEntry>> head_entry(const store::EvidenceStore& store);

// The book in order of position; only `year`'s entries when given.
Result<std::vector<AgendaEntry>> list_entries(const store::EvidenceStore& store,
                                              std::optional<int> year = std::nullopt);

struct Problem {
  int64_t position = 0;       // where in the book
  std::string agenda_number;  // of the entry named, as stored
  std::string what;           // a sentence: what is wrong with it
};

// What a recorded report looks like in the report register, for the cross-check.
struct RecordedReport {
  std::string document_sha256;  // empty: the report is known but not recorded
};

// Checks the whole book (every year) in position order. `reports` maps report numbers to what
// the register says; an entry whose report is missing, unrecorded or has another document hash
// is named too. No problems: the book is intact.
std::vector<Problem> verify_entries(const std::vector<AgendaEntry>& entries,
                                    const std::map<std::string, RecordedReport>& reports);

}  // namespace jaga::agenda
