#include "store/latest_results.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include "store/sqlite_statement.h"

namespace jaga::store {
Result<std::vector<LastSuccess>> last_successes(const EvidenceStore& store) {
  SqlStatement s = store.statement(
      "SELECT check_name, host, MAX(finished_at) FROM results WHERE status = 0 "
      "GROUP BY check_name, host ORDER BY check_name, host");
  if (!s.ok()) return store.sql_error("reading the last OK result of each check");
  std::vector<LastSuccess> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    // A damaged time stands for no success rather than for one in 1970.
    if (auto at = parse_utc(s.view(2))) out.push_back({s.text(0), s.text(1), *at});
  }
  if (rc != SQLITE_DONE) return store.sql_error("reading the last OK result of each check");
  return out;
}

Result<std::map<std::string, std::string>> peer_host_names(const EvidenceStore& store) {
  // The newest pulled result of each peer names its host as the peer calls itself now.
  SqlStatement s = store.statement(
      "SELECT r.origin_host, r.host FROM results r JOIN (SELECT MAX(id) AS id FROM "
      "results WHERE origin_host IS NOT NULL GROUP BY origin_host) m ON r.id = m.id");
  if (!s.ok()) return store.sql_error("reading the host names of the peers");
  std::map<std::string, std::string> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) out[s.text(0)] = s.text(1);
  if (rc != SQLITE_DONE) return store.sql_error("reading the host names of the peers");
  return out;
}

}  // namespace jaga::store
