// The JSON an agent serves on GET /v1/results and the coordinator reads back. One document:
//   {"format_version": 1, "host": "backup-1", "results": [ {...}, ... ], "more": true}
// Each result carries its id on the serving agent, its check, host, times, status name,
// summary, findings, metrics and (masked) evidence; never the `personal` column.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/evidence_store.h"

namespace jaga::peer {

inline constexpr int kWireFormatVersion = 1;
// The largest result id a request may name (`after`: at most 18 digits); asking for results
// after it is how a client probes the link without receiving any.
inline constexpr size_t kMaxResultIdDigits = 18;
inline constexpr int64_t kMaxResultId = 999'999'999'999'999'999;

// A roll-up of old results (store/result_rollup.h) carries "repeats" (2 or more) and
// "last_started_at", which lies within one roll-up window (10 minutes) after started_at; a single
// result carries neither. A roll-up stands for one result per millisecond at most.
inline constexpr int64_t kMaxRepeats = 600'000;
inline constexpr std::chrono::minutes kMaxRollupSpan{10};

struct ResultPage {
  std::string host;  // the serving agent's agent.host_name
  std::vector<store::StoredResult> results;
  bool more = false;  // the agent holds results after the last one of this page
};

std::string page_to_json(const ResultPage& page);

// Parses and validates a page received from peer `peer` (named in errors): every result must
// have every field with its type, ids must increase and be above `after`.
Result<ResultPage> page_from_json(const std::string& body, const std::string& peer, int64_t after);

}  // namespace jaga::peer
