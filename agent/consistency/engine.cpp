#include "consistency/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <future>
#include <map>
#include <thread>

#include "consistency/row_diff.h"
#include "db/replica_status.h"

namespace jaga::consistency {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int64_t to_int(const db::Value& v) {
  int64_t out = 0;
  if (v) std::from_chars(v->data(), v->data() + v->size(), out);
  return out;
}

// MariaDB 10.8 and later have CRC32C(); anything else gets MD5.
bool has_crc32c(const db::Connection& c) {
  if (c.flavour() != db::Flavour::kMariaDB) return false;
  int major = 0, minor = 0;
  const std::string& v = c.version();
  auto dot = v.find('.');
  std::from_chars(v.data(), v.data() + v.size(), major);
  if (dot != std::string::npos) std::from_chars(v.data() + dot + 1, v.data() + v.size(), minor);
  return major > 10 || (major == 10 && minor >= 8);
}

nlohmann::json key_json(const std::optional<KeyValue>& key) {
  return key ? key_to_json(*key) : nlohmann::json(nullptr);
}

std::optional<KeyValue> optional_key_from_json(const nlohmann::json& j) {
  if (j.is_null()) return std::nullopt;
  return key_from_json(j);
}

bool valid_utf8(const std::string& s) {
  try {
    (void)nlohmann::json(s).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

}  // namespace

// Where the comparison of one table stands; serialized into checkpoints.
struct Engine::Cursor {
  TableOutcome outcome;
  std::optional<KeyValue> lo;
  int64_t chunk_rows = 0;
  bool scan_done = false;
  std::vector<Chunk> suspicious;
  size_t next_suspicious = 0;

  nlohmann::json to_json() const {
    nlohmann::json s = nlohmann::json::array();
    for (const Chunk& c : suspicious) s.push_back({key_json(c.lo), key_json(c.hi)});
    return {{"outcome", consistency::to_json(outcome)},
            {"lo", key_json(lo)},
            {"chunk_rows", chunk_rows},
            {"scan_done", scan_done},
            {"suspicious", s},
            {"next_suspicious", next_suspicious}};
  }
  static Cursor from_json(const nlohmann::json& j) {
    Cursor c;
    c.outcome = table_outcome_from_json(j.at("outcome"));
    c.lo = optional_key_from_json(j.at("lo"));
    c.chunk_rows = j.at("chunk_rows").get<int64_t>();
    c.scan_done = j.at("scan_done").get<bool>();
    for (const auto& s : j.at("suspicious")) {
      c.suspicious.push_back({optional_key_from_json(s.at(0)), optional_key_from_json(s.at(1))});
    }
    c.next_suspicious = j.at("next_suspicious").get<size_t>();
    return c;
  }
};

Engine::Engine(db::Connection& primary, db::Connection& backup, EngineOptions options)
    : primary_(primary),
      backup_(backup),
      options_(options),
      quote_([this](std::string_view v) { return primary_.quote(v); }) {}

Result<void> Engine::prepare_sessions() {
  for (db::Connection* c : {&primary_, &backup_}) {
    // Snapshots need REPEATABLE READ; TIMESTAMP columns print in UTC on both sides.
    if (auto r = c->execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ"); !r)
      return r;
    if (auto r = c->execute("SET SESSION time_zone = '+00:00'"); !r) return r;
  }
  hash_ = has_crc32c(primary_) && has_crc32c(backup_) ? RowHash::kCrc32Pair : RowHash::kMd5;
  return Ok();
}

Result<void> Engine::be_gentle(double& paused) {
  if (seconds_since(last_gentle_check_) < 1.0) return Ok();
  for (;;) {
    last_gentle_check_ = Clock::now();
    auto rows = backup_.query(db::replica_status_query(backup_.flavour()));
    if (!rows) return rows.error();
    auto status = db::parse_replica_status(backup_.flavour(), *rows);
    if (!status) return Error{fmt::format("{}: {}", backup_.label(), status.error().message)};
    if (!status->configured || !status->sql_ok()) {
      return Error{fmt::format(
          "{}: replication is not running (SQL thread {}); the backup cannot "
          "catch up, so it cannot be compared",
          backup_.label(), status->sql_running.empty() ? "absent" : status->sql_running)};
    }
    auto threads = primary_.query("SHOW GLOBAL STATUS LIKE 'Threads_running'");
    if (!threads) return threads.error();
    const int64_t running = threads->rows.empty() ? 0 : to_int(threads->rows[0][1]);
    const int64_t lag = status->seconds_behind.value_or(0);
    std::string reason;
    if (lag > options_.max_lag_seconds) {
      reason = fmt::format("the backup lags {} s (limit {} s)", lag, options_.max_lag_seconds);
    } else if (running > options_.max_threads_running) {
      reason = fmt::format("the primary runs {} threads (limit {})", running,
                           options_.max_threads_running);
    }
    if (reason.empty()) return Ok();
    if (paused >= options_.max_pause_seconds) {
      return Error{fmt::format("paused {:.0f} s because {}; giving up for now", paused, reason)};
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
    paused += 1;
  }
}

Result<void> Engine::begin_pair(double& paused) {
  const bool maria = primary_.flavour() == db::Flavour::kMariaDB;
  for (;;) {
    if (auto r = primary_.execute("START TRANSACTION READ ONLY, WITH CONSISTENT SNAPSHOT"); !r) {
      return r;
    }
    auto position =
        primary_.scalar(maria ? "SELECT @@gtid_binlog_pos" : "SELECT @@GLOBAL.gtid_executed");
    if (!position) return position.error();
    const std::string pos = position->value_or("");
    const auto timeout = fmt::format("{:.3f}", options_.wait_timeout_seconds);
    auto reached = backup_.scalar(
        maria ? fmt::format("SELECT MASTER_GTID_WAIT({}, {})", backup_.quote(pos), timeout)
              : fmt::format("SELECT WAIT_FOR_EXECUTED_GTID_SET({}, {})", backup_.quote(pos),
                            timeout));
    if (!reached) return reached.error();
    if (reached->value_or("") == "0") {
      return backup_.execute("START TRANSACTION READ ONLY, WITH CONSISTENT SNAPSHOT");
    }
    (void)primary_.execute("ROLLBACK");
    paused += options_.wait_timeout_seconds;
    if (paused >= options_.max_pause_seconds) {
      return Error{fmt::format("{} did not reach the primary's position {} within {:.0f} s",
                               backup_.label(), pos, paused)};
    }
  }
}

void Engine::end_pair() {
  (void)primary_.execute("COMMIT");
  (void)backup_.execute("COMMIT");
}

Result<std::pair<db::ResultSet, db::ResultSet>> Engine::on_both(const std::string& primary_sql,
                                                                const std::string& backup_sql) {
  auto backup = std::async(std::launch::async, [&] { return backup_.query(backup_sql); });
  auto primary = primary_.query(primary_sql);
  auto b = backup.get();
  if (!primary) return primary.error();
  if (!b) return b.error();
  return std::make_pair(std::move(*primary), std::move(*b));
}

Result<std::pair<Engine::Digest, Engine::Digest>> Engine::digests(const TableSchema& t,
                                                                  const Chunk& c) {
  const std::string sql = chunk_digest_sql(t, hash_, c.lo, c.hi, quote_);
  auto both = on_both(sql, sql);
  if (!both) return both.error();
  auto digest = [](const db::ResultSet& r) {
    return Digest{to_int(r.rows.at(0)[0]), r.rows.at(0)[1].value_or("0")};
  };
  return std::make_pair(digest(both->first), digest(both->second));
}

Result<bool> Engine::chunk_still_differs(const TableSchema& t, const Chunk& c, double& paused) {
  for (int round = 0; round < options_.max_rechecks; ++round) {
    if (auto r = begin_pair(paused); !r) return r.error();
    auto d = digests(t, c);
    end_pair();
    if (!d) return d.error();
    if (d->first == d->second) return false;
  }
  return true;
}

Result<std::vector<RowDifference>> Engine::narrow(const TableSchema& t, const Chunk& c,
                                                  double& paused) {
  if (auto r = begin_pair(paused); !r) return r.error();
  const std::string sql = row_digests_sql(t, hash_, c.lo, c.hi, quote_);
  auto rows = on_both(sql, sql);
  end_pair();
  if (!rows) return rows.error();
  if (t.key_kind == KeyKind::kNone) return diff_keyless(rows->first, rows->second);
  return diff_keyed(rows->first, rows->second, t.key.size());
}

Result<std::vector<RowDifference>> Engine::verify(const TableSchema& t,
                                                  std::vector<RowDifference> candidates,
                                                  double& paused) {
  constexpr size_t kBatch = 500;
  for (int round = 0; round < 2 && !candidates.empty(); ++round) {
    std::vector<RowDifference> seen;
    if (t.key_kind == KeyKind::kNone) {
      auto again = narrow(t, Chunk{}, paused);
      if (!again) return again.error();
      seen = std::move(*again);
    } else {
      if (auto r = begin_pair(paused); !r) return r.error();
      for (size_t i = 0; i < candidates.size(); i += kBatch) {
        std::vector<KeyValue> keys;
        for (size_t j = i; j < std::min(candidates.size(), i + kBatch); ++j) {
          keys.push_back(candidates[j].key);
        }
        const std::string sql = rows_by_key_sql(t, hash_, keys, quote_);
        auto rows = on_both(sql, sql);
        if (!rows) {
          end_pair();
          return rows.error();
        }
        auto batch = diff_keyed(rows->first, rows->second, t.key.size());
        seen.insert(seen.end(), batch.begin(), batch.end());
      }
      end_pair();
    }
    std::erase_if(candidates, [&](const RowDifference& c) {
      return std::none_of(seen.begin(), seen.end(),
                          [&](const RowDifference& s) { return same_difference(c, s); });
    });
  }
  return candidates;
}

Result<bool> Engine::compare_table(const TableSchema& t, Cursor& cursor, double& paused,
                                   const std::function<void()>& save) {
  TableOutcome& out = cursor.outcome;
  if (out.chunks == 0 && !cursor.scan_done) {
    auto exists = backup_.scalar(
        fmt::format("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = {} AND "
                    "TABLE_NAME = {}",
                    backup_.quote(t.schema), backup_.quote(t.name)));
    if (!exists) return exists.error();
    if (exists->value_or("0") == "0") {
      out.missing_on_backup = true;
      return true;
    }
  }
  while (!cursor.scan_done) {
    if (auto r = be_gentle(paused); !r) return r.error();
    const auto start = Clock::now();
    if (auto r = begin_pair(paused); !r) return r.error();
    Chunk chunk{cursor.lo, std::nullopt};
    if (t.key_kind != KeyKind::kNone) {
      auto end = primary_.query(chunk_end_sql(t, cursor.lo, cursor.chunk_rows, quote_));
      if (!end) {
        end_pair();
        return end.error();
      }
      if (!end->rows.empty()) {
        KeyValue hi;
        for (const auto& v : end->rows[0]) hi.push_back(v.value_or(""));
        chunk.hi = hi;
      }
    }
    auto d = digests(t, chunk);
    end_pair();
    if (!d) return d.error();
    out.rows += d->first.rows;
    ++out.chunks;
    if (!(d->first == d->second)) cursor.suspicious.push_back(chunk);
    const double took = std::max(seconds_since(start), 1e-4);
    const double factor = std::clamp(options_.chunk_time_target_seconds / took, 0.5, 2.0);
    cursor.chunk_rows = std::clamp(static_cast<int64_t>(cursor.chunk_rows * factor),
                                   options_.min_chunk_rows, options_.max_chunk_rows);
    cursor.scan_done = !chunk.hi.has_value();
    cursor.lo = chunk.hi;
    save();
  }
  while (cursor.next_suspicious < cursor.suspicious.size()) {
    const Chunk& chunk = cursor.suspicious[cursor.next_suspicious];
    ++out.rechecked_chunks;
    auto still = chunk_still_differs(t, chunk, paused);
    if (!still) return still.error();
    if (!*still) {
      ++out.transient_chunks;
    } else {
      auto candidates = narrow(t, chunk, paused);
      if (!candidates) return candidates.error();
      auto confirmed = verify(t, std::move(*candidates), paused);
      if (!confirmed) return confirmed.error();
      if (confirmed->empty()) ++out.transient_chunks;
      out.differences.insert(out.differences.end(), confirmed->begin(), confirmed->end());
    }
    ++cursor.next_suspicious;
    save();
  }
  return true;
}

EngineOutcome Engine::run(const std::vector<TableSchema>& tables,
                          const std::optional<nlohmann::json>& resume,
                          const Checkpoint& checkpoint) {
  EngineOutcome outcome;
  std::vector<std::string> names;
  for (const auto& t : tables) names.push_back(t.full_name());
  if (auto r = prepare_sessions(); !r) {
    outcome.error = r.error();
    return outcome;
  }
  Cursor cursor;
  size_t start = 0;
  bool have_cursor = false;
  if (resume && resume->value("version", 0) == 1 &&
      resume->value("tables", nlohmann::json()) == names) {
    try {
      for (const auto& done : resume->at("done"))
        outcome.tables.push_back(table_outcome_from_json(done));
      start = outcome.tables.size();
      if (!resume->at("cursor").is_null()) {
        cursor = Cursor::from_json(resume->at("cursor"));
        have_cursor = true;
      }
      outcome.paused_seconds = resume->value("paused_seconds", 0.0);
      outcome.resumed = true;
    } catch (const nlohmann::json::exception&) {
      outcome.tables.clear();  // a damaged checkpoint: start over rather than trust it
      start = 0;
      have_cursor = false;
    }
  }
  for (size_t i = start; i < tables.size(); ++i) {
    const TableSchema& t = tables[i];
    if (!have_cursor || cursor.outcome.table != t.full_name()) {
      cursor = Cursor{};
      cursor.outcome.table = t.full_name();
      cursor.outcome.key_kind = t.key_kind;
      cursor.outcome.key_columns = t.key_names();
      cursor.chunk_rows = options_.initial_chunk_rows;
    }
    have_cursor = false;
    auto save = [&] {
      nlohmann::json done = nlohmann::json::array();
      for (const auto& o : outcome.tables) done.push_back(to_json(o));
      checkpoint({{"version", 1},
                  {"tables", names},
                  {"done", done},
                  {"cursor", cursor.to_json()},
                  {"paused_seconds", outcome.paused_seconds}});
    };
    auto r = compare_table(t, cursor, outcome.paused_seconds, save);
    if (!r) {
      end_pair();
      outcome.error = r.error();
      outcome.stopped_at = t.full_name();
      return outcome;
    }
    outcome.tables.push_back(cursor.outcome);
  }
  return outcome;
}

nlohmann::json to_json(const TableOutcome& o) {
  nlohmann::json diffs = nlohmann::json::array();
  for (const auto& d : o.differences) {
    nlohmann::json j = {{"kind", diff_kind_name(d.kind)}};
    if (o.key_kind == KeyKind::kNone) {
      j["row_digest"] = d.row_digest;
      j["primary_count"] = d.primary_count;
      j["backup_count"] = d.backup_count;
    } else {
      j["key"] = key_to_json(d.key);
      j["primary_count"] = d.primary_count;
      j["backup_count"] = d.backup_count;
    }
    diffs.push_back(j);
  }
  return {{"table", o.table},
          {"key", o.key_kind == KeyKind::kPrimary  ? "primary"
                  : o.key_kind == KeyKind::kUnique ? "unique"
                                                   : "none"},
          {"key_columns", o.key_columns},
          {"rows", o.rows},
          {"chunks", o.chunks},
          {"rechecked_chunks", o.rechecked_chunks},
          {"transient_chunks", o.transient_chunks},
          {"differences", diffs},
          {"missing_on_backup", o.missing_on_backup}};
}

TableOutcome table_outcome_from_json(const nlohmann::json& j) {
  TableOutcome o;
  o.table = j.at("table").get<std::string>();
  const std::string key = j.at("key").get<std::string>();
  o.key_kind = key == "primary"  ? KeyKind::kPrimary
               : key == "unique" ? KeyKind::kUnique
                                 : KeyKind::kNone;
  o.key_columns = j.at("key_columns").get<std::vector<std::string>>();
  o.rows = j.at("rows").get<int64_t>();
  o.chunks = j.at("chunks").get<int64_t>();
  o.rechecked_chunks = j.at("rechecked_chunks").get<int64_t>();
  o.transient_chunks = j.at("transient_chunks").get<int64_t>();
  o.missing_on_backup = j.value("missing_on_backup", false);
  for (const auto& d : j.at("differences")) {
    RowDifference r;
    const std::string kind = d.at("kind").get<std::string>();
    r.kind = kind == "missing_on_backup" ? DiffKind::kMissingOnBackup
             : kind == "extra_on_backup" ? DiffKind::kExtraOnBackup
                                         : DiffKind::kDifferent;
    if (d.contains("key")) r.key = key_from_json(d.at("key"));
    r.row_digest = d.value("row_digest", "");
    r.primary_count = d.value("primary_count", int64_t{0});
    r.backup_count = d.value("backup_count", int64_t{0});
    o.differences.push_back(std::move(r));
  }
  return o;
}

nlohmann::json key_to_json(const KeyValue& key) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& part : key) {
    if (valid_utf8(part)) {
      out.push_back(part);
      continue;
    }
    std::string hex;
    for (unsigned char c : part) hex += fmt::format("{:02x}", c);
    out.push_back({{"hex", hex}});
  }
  return out;
}

KeyValue key_from_json(const nlohmann::json& j) {
  KeyValue key;
  for (const auto& part : j.get_ref<const nlohmann::json::array_t&>()) {
    if (part.is_string()) {
      key.push_back(part.get<std::string>());
      continue;
    }
    const std::string hex = part.at("hex").get<std::string>();
    std::string bytes;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
      bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    key.push_back(bytes);
  }
  return key;
}

std::vector<std::string> key_display(const nlohmann::json& j) {
  std::vector<std::string> out;
  for (const auto& part : j) {
    out.push_back(part.is_string() ? part.get<std::string>() : "0x" + part.value("hex", ""));
  }
  return out;
}

}  // namespace jaga::consistency
