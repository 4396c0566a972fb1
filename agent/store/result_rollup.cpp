#include "store/result_rollup.h"

#include <sqlite3.h>

#include <algorithm>
#include <optional>

#include "store/result_rows.h"
#include "store/sqlite_statement.h"

namespace jaga::store {
namespace {

using std::chrono::minutes;

// One row as read for rolling up.
struct Row {
  int64_t id = 0;
  std::string host, origin;
  TimePoint first, last;  // started_at and, for a roll-up, last_started_at
  std::string last_started_at, finished_at;
  int64_t status = 0;
  std::string summary, findings, metrics_text;
  int64_t repeats = 1;
  bool personal = false;
};

// A run of rows being merged into its first one.
struct Group {
  Row head;
  int64_t window = 0;
  bool open = true;      // may take more rows
  bool checked = false;  // the head's metrics were found mergeable (read only when needed)
  TimePoint last;
  std::string last_started_at, finished_at, last_metrics_text;
  int64_t repeats = 1;
  nlohmann::json metrics;  // merged, parsed only once a row with other values joins
  bool metrics_changed = false;
  std::vector<int64_t> absorbed;
};

int64_t floor_div(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

// The window of the office's clock that `t` falls in, numbered from the epoch.
int64_t window_of(TimePoint t, const RollupRules& rules) {
  const auto local = std::chrono::floor<minutes>(t + rules.zone.offset());
  return floor_div(local.time_since_epoch().count(), rules.window.count());
}

double number(const nlohmann::json& m, const char* key) {
  auto it = m.find(key);
  if (it != m.end() && it->is_number()) return it->get<double>();
  return m.at("value").get<double>();
}

bool is_equal_metric(const RollupRules& rules, const nlohmann::json& m) {
  const std::string name = m.value("name", "");
  return std::find(rules.equal_metrics.begin(), rules.equal_metrics.end(), name) !=
         rules.equal_metrics.end();
}

// Every metric is an object with a numeric value; an equal-valued one has one value, under its
// thresholds.
bool mergeable_metrics(const nlohmann::json& metrics, const RollupRules& rules) {
  if (!metrics.is_array()) return false;
  for (const nlohmann::json& m : metrics) {
    if (!m.is_object() || !m.contains("value") || !m["value"].is_number()) return false;
    if (!is_equal_metric(rules, m)) continue;
    const double v = m["value"].get<double>();
    if (number(m, "min") != v || number(m, "max") != v) return false;
    if (v == 0) continue;
    for (const char* limit : {"warn", "crit"}) {
      if (!m.contains(limit) || !m[limit].is_number() || v >= m[limit].get<double>()) return false;
    }
  }
  return true;
}

// The metric without its values: what must be equal for two results to merge.
nlohmann::json shape(nlohmann::json m) {
  for (const char* key : {"value", "min", "max", "last"}) m.erase(key);
  return m;
}

// Folds `next` (already checked mergeable) into `merged`; false when they do not fit.
bool fold_metrics(nlohmann::json& merged, const nlohmann::json& next, const RollupRules& rules) {
  if (merged.size() != next.size()) return false;
  for (size_t i = 0; i < merged.size(); ++i) {
    nlohmann::json& a = merged[i];
    const nlohmann::json& b = next[i];
    if (shape(a) != shape(b)) return false;
    if (is_equal_metric(rules, a) && a["value"].get<double>() != b["value"].get<double>()) {
      return false;
    }
  }
  for (size_t i = 0; i < merged.size(); ++i) {
    nlohmann::json& a = merged[i];
    const nlohmann::json& b = next[i];
    const double lo = std::min(number(a, "min"), number(b, "min"));
    const double hi = std::max(number(a, "max"), number(b, "max"));
    a["min"] = lo;
    a["max"] = hi;
    a["last"] = number(b, "last");
  }
  return true;
}

// Drops min, max and last where every value was the first one's.
void tidy(nlohmann::json& metrics) {
  for (nlohmann::json& m : metrics) {
    const double v = m["value"].get<double>();
    if (number(m, "min") == v && number(m, "max") == v && number(m, "last") == v) {
      for (const char* key : {"min", "max", "last"}) m.erase(key);
    }
  }
}

bool joins(Group& g, const Row& r, const RollupRules& rules, std::chrono::seconds spacing) {
  const Row& h = g.head;
  if (!g.open || r.personal || r.origin != h.origin || r.status != h.status ||
      r.summary != h.summary || r.findings != h.findings) {
    return false;
  }
  if (window_of(r.first, rules) != g.window || window_of(r.last, rules) != g.window) return false;
  if (r.first < g.last || r.first - g.last > spacing) return false;
  if (!g.checked) {
    g.checked = true;
    g.open = mergeable_metrics(parse_json(h.metrics_text), rules);
    if (!g.open) return false;
  }
  if (r.metrics_text != g.last_metrics_text) {
    const nlohmann::json next = parse_json(r.metrics_text);
    if (!mergeable_metrics(next, rules)) return false;
    if (g.metrics.is_null()) g.metrics = parse_json(h.metrics_text);
    nlohmann::json folded = g.metrics;
    if (!fold_metrics(folded, next, rules)) return false;
    g.metrics = std::move(folded);
    g.metrics_changed = true;
  }
  g.last = r.last;
  g.last_started_at = r.last_started_at.empty() ? format_utc(r.first) : r.last_started_at;
  g.finished_at = r.finished_at;
  g.last_metrics_text = r.metrics_text;
  g.repeats += r.repeats;
  g.absorbed.push_back(r.id);
  return true;
}

Group start(Row r, const RollupRules& rules) {
  Group g;
  g.window = window_of(r.first, rules);
  g.open = !r.personal && window_of(r.last, rules) == g.window;
  g.last = r.last;
  g.last_started_at = r.last_started_at;
  g.finished_at = r.finished_at;
  g.last_metrics_text = r.metrics_text;
  g.repeats = r.repeats;
  g.head = std::move(r);
  return g;
}

Result<void> write(EvidenceStore& store, Group& g) {
  if (g.absorbed.empty()) return Ok();
  SqlStatement update = store.statement(
      "UPDATE results SET repeats = ?1, last_started_at = ?2, finished_at = ?3, "
      "metrics = COALESCE(?4, metrics) WHERE id = ?5");
  if (!update.ok()) return store.sql_error("rolling up results");
  update.bind(1, g.repeats);
  update.bind(2, g.last_started_at);
  update.bind(3, g.finished_at);
  if (g.metrics_changed) {
    tidy(g.metrics);
    update.bind(4, json_text(g.metrics));
  } else {
    update.bind_null(4);
  }
  update.bind(5, g.head.id);
  if (update.step() != SQLITE_DONE) return store.sql_error("rolling up results");
  SqlStatement remove = store.statement("DELETE FROM results WHERE id = ?1");
  if (!remove.ok()) return store.sql_error("rolling up results");
  for (const int64_t id : g.absorbed) {
    remove.reset();
    remove.bind(1, id);
    if (remove.step() != SQLITE_DONE) return store.sql_error("rolling up results");
  }
  return Ok();
}

// Reads the rows of `check` before `cutoff` oldest first and returns the groups that merged.
Result<std::vector<Group>> plan(const EvidenceStore& store, const std::string& check,
                                const std::string& cutoff, const RollupRules& rules,
                                std::chrono::seconds spacing, int64_t& rows) {
  SqlStatement s = store.statement(
      "SELECT id, host, COALESCE(origin_host, ''), started_at, last_started_at, finished_at, "
      "status, summary, findings, metrics, repeats, personal <> '{}' FROM results "
      "WHERE check_name = ?1 AND started_at < ?2 ORDER BY started_at, id");
  if (!s.ok()) return store.sql_error("reading results to roll up");
  s.bind(1, check);
  s.bind(2, cutoff);
  std::map<std::string, Group> open;  // by host
  std::vector<Group> merged;
  const auto close = [&](Group& g) {
    if (!g.absorbed.empty()) merged.push_back(std::move(g));
  };
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    ++rows;
    Row r;
    r.id = s.integer(0);
    r.host = s.text(1);
    r.origin = s.text(2);
    const auto first = parse_utc(s.view(3));
    if (!s.is_null(4)) r.last_started_at = s.text(4);
    const auto last = r.last_started_at.empty() ? first : parse_utc(r.last_started_at);
    r.finished_at = s.text(5);
    r.status = s.integer(6);
    r.summary = s.text(7);
    r.findings = s.text(8);
    r.metrics_text = s.text(9);
    r.repeats = s.integer(10);
    r.personal = s.integer(11) != 0;
    auto it = open.find(r.host);
    if (!first || !last || *last < *first) {
      // A damaged time: the row stays as it is and ends its host's run.
      if (it != open.end()) {
        close(it->second);
        open.erase(it);
      }
      continue;
    }
    r.first = *first;
    r.last = *last;
    if (it != open.end() && joins(it->second, r, rules, spacing)) continue;
    if (it != open.end()) {
      close(it->second);
      it->second = start(std::move(r), rules);
    } else {
      std::string host = r.host;
      open.emplace(std::move(host), start(std::move(r), rules));
    }
  }
  if (rc != SQLITE_DONE) return store.sql_error("reading results to roll up");
  for (auto& [host, g] : open) close(g);
  return merged;
}

}  // namespace

Result<RollupCount> roll_up_results_before(EvidenceStore& store, TimePoint cutoff,
                                           const RollupRules& rules) {
  RollupCount count;
  if (rules.window.count() <= 0) return count;
  // Whole windows only: the rows after the cutoff in its window wait for the next day's run.
  const TimePoint rounded{minutes(window_of(cutoff, rules) * rules.window.count()) -
                          rules.zone.offset()};
  const std::string before = format_utc(rounded);
  auto transaction = store.transaction();
  if (!transaction.began()) return store.sql_error("starting to roll up results");
  for (const auto& [check, spacing] : rules.max_spacing) {
    auto groups = plan(store, check, before, rules, spacing, count.rows_before);
    if (!groups) return groups.error();
    for (Group& g : *groups) {
      if (auto written = write(store, g); !written) return written.error();
      count.merged += static_cast<int64_t>(g.absorbed.size());
    }
  }
  if (!transaction.commit()) return store.sql_error("committing the roll-up of results");
  return count;
}

}  // namespace jaga::store
