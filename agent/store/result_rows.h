// Reading and writing rows of the results table, shared by the evidence store and the peer
// cursor code: the column list, one row into a StoredResult, and the JSON columns' text.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "store/evidence_store.h"
#include "store/sqlite_statement.h"

namespace jaga::store {

// The columns read_result() expects first, in this order.
inline constexpr const char* kResultColumns =
    "id, run_id, check_name, host, started_at, finished_at, status, summary, findings, metrics, "
    "evidence, repeats, last_started_at";
inline constexpr int kResultColumnCount = 13;

// The result in the current row of `s` (columns as kResultColumns; `personal` is not read).
StoredResult read_result(const SqlStatement& s);

// A JSON column's value; text that does not parse gives a discarded value rather than throwing.
nlohmann::json parse_json(const std::string& text);

// A JSON column's text. Invalid UTF-8 (a Latin-1 server message, a binary key) is replaced, never
// thrown: a result that cannot be kept is evidence lost.
std::string json_text(const nlohmann::json& j);

}  // namespace jaga::store
