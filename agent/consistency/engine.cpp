#include "consistency/engine.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <future>
#include <unordered_map>
#include <unordered_set>

#include "consistency/row_diff.h"
#include "db/replica_status.h"

namespace jaga::consistency {
namespace {

// How many bytes of row keys and hashes (RowList) each side keeps per batch: about 300,000 rows
// of a CHAR(16) key. At most three batches are held at once (two of the primary's, one of the
// backup's), well inside the agent's memory budget.
constexpr size_t kKeptBytesPerBatch = 8 << 20;

int64_t to_int(const db::Value& v) {
  int64_t out = 0;
  if (v) std::from_chars(v->data(), v->data() + v->size(), out);
  return out;
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
  // The differing rows of chunks compared from the rows kept during the scan, one group per
  // chunk, still to be verified.
  std::vector<std::vector<RowDifference>> found;

  nlohmann::json to_json() const {
    nlohmann::json s = nlohmann::json::array();
    for (const Chunk& c : suspicious) s.push_back({key_json(c.lo), key_json(c.hi)});
    nlohmann::json f = nlohmann::json::array();
    for (const auto& group : found) {
      nlohmann::json g = nlohmann::json::array();
      for (const RowDifference& d : group) g.push_back(difference_to_json(d, outcome.key_kind));
      f.push_back(g);
    }
    return {{"outcome", consistency::to_json(outcome)},
            {"lo", key_json(lo)},
            {"chunk_rows", chunk_rows},
            {"scan_done", scan_done},
            {"suspicious", s},
            {"next_suspicious", next_suspicious},
            {"found", f}};
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
    for (const auto& g : j.value("found", nlohmann::json::array())) {
      std::vector<RowDifference> group;
      for (const auto& d : g) group.push_back(difference_from_json(d));
      c.found.push_back(std::move(group));
    }
    return c;
  }
};

Engine::Engine(db::Connection& primary, db::Connection& backup, EngineOptions options, Env& env)
    : primary_(primary),
      own_backup_(std::make_unique<DirectBackupSide>(backup, options.digest_where)),
      backup_(*own_backup_),
      options_(options),
      digester_(options.digest_where == DigestWhere::kAgent ? make_agent_digester()
                                                            : make_server_digester()),
      sql_digester_(make_server_digester()),
      env_(env) {}

Engine::Engine(db::Connection& primary, BackupSide& backup, EngineOptions options, Env& env)
    : primary_(primary),
      backup_(backup),
      options_(options),
      digester_(options.digest_where == DigestWhere::kAgent ? make_agent_digester()
                                                            : make_server_digester()),
      sql_digester_(make_server_digester()),
      env_(env) {}

Digester& Engine::digester(const TableSchema& t) {
  return t.key_kind == KeyKind::kNone ? *sql_digester_ : *digester_;
}

Result<void> Engine::prepare_sessions() {
  // Snapshots need REPEATABLE READ; TIMESTAMP columns print in UTC on both sides.
  if (auto r = primary_.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ"); !r) {
    return r;
  }
  if (auto r = primary_.execute("SET SESSION time_zone = '+00:00'"); !r) return r;
  return backup_.prepare();
}

Result<void> Engine::be_gentle(double& paused) {
  // At most once a second; the first time always (a monotonic clock may start near its epoch).
  if (last_gentle_check_ && env_.seconds_since(*last_gentle_check_) < 1.0) return Ok();
  for (;;) {
    last_gentle_check_ = env_.monotonic();
    auto status = backup_.replica_status();
    if (!status) return status.error();
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
    env_.sleep_for(std::chrono::seconds(1));
    paused += 1;
  }
}

Result<std::string> Engine::primary_snapshot() {
  if (auto r = primary_.execute("START TRANSACTION READ ONLY, WITH CONSISTENT SNAPSHOT"); !r) {
    return r.error();
  }
  auto position = primary_.scalar(primary_.flavour() == db::Flavour::kMariaDB
                                      ? "SELECT @@gtid_binlog_pos"
                                      : "SELECT @@GLOBAL.gtid_executed");
  if (!position) {
    (void)primary_.execute("ROLLBACK");
    return position.error();
  }
  return position->value_or("");
}

Result<void> Engine::backup_snapshot_at(const std::string& position, double& paused) {
  for (;;) {
    auto reached = backup_.snapshot_at(position, options_.wait_timeout_seconds);
    if (!reached) return reached.error();
    if (*reached) return Ok();
    paused += options_.wait_timeout_seconds;
    if (paused >= options_.max_pause_seconds) {
      return Error{fmt::format("{} did not reach the primary's position {} within {:.0f} s",
                               backup_.label(), position, paused)};
    }
  }
}

Result<void> Engine::begin_pair(double& paused) {
  auto position = primary_snapshot();
  if (!position) return position.error();
  if (auto r = backup_snapshot_at(*position, paused); !r) {
    (void)primary_.execute("ROLLBACK");
    return r;
  }
  return Ok();
}

void Engine::end_pair() {
  (void)primary_.execute("COMMIT");
  (void)backup_.end_snapshot();
}

Result<std::pair<db::ResultSet, db::ResultSet>> Engine::on_both(
    const std::function<Result<db::ResultSet>()>& on_primary,
    const std::function<Result<db::ResultSet>()>& on_backup) {
  auto backup = std::async(std::launch::async, [&] { return on_backup(); });
  auto primary = on_primary();
  auto b = backup.get();
  if (!primary) return primary.error();
  if (!b) return b.error();
  return std::make_pair(std::move(*primary), std::move(*b));
}

Result<std::vector<RowDifference>> Engine::narrow(const TableSchema& t, const Chunk& c,
                                                  double& paused) {
  if (auto r = begin_pair(paused); !r) return r.error();
  auto rows = on_both([&] { return digester(t).rows(primary_, t, c.lo, c.hi); },
                      [&] { return backup_.rows(t, c.lo, c.hi); });
  end_pair();
  if (!rows) return rows.error();
  if (t.key_kind == KeyKind::kNone) return diff_keyless(rows->first, rows->second);
  return diff_keyed(rows->first, rows->second, t.key.size());
}

Result<std::vector<RowDifference>> Engine::verify(const TableSchema& t,
                                                  std::vector<RowDifference> candidates,
                                                  double& paused) {
  constexpr size_t kBatch = 500;
  for (int round = 0; round < options_.max_rechecks && !candidates.empty(); ++round) {
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
        auto rows = on_both([&] { return digester(t).rows_by_key(primary_, t, keys); },
                            [&] { return backup_.rows_by_key(t, keys); });
        if (!rows) {
          end_pair();
          return rows.error();
        }
        auto batch = diff_keyed(rows->first, rows->second, t.key.size());
        seen.insert(seen.end(), batch.begin(), batch.end());
      }
      end_pair();
    }
    // A candidate stays while its row differs in every round; it takes this round's kind.
    std::unordered_map<std::string, const RowDifference*> differing;
    differing.reserve(seen.size());
    for (const RowDifference& d : seen) differing.emplace(row_identity(d), &d);
    std::vector<RowDifference> still;
    for (const RowDifference& c : candidates) {
      if (auto it = differing.find(row_identity(c)); it != differing.end()) {
        still.push_back(*it->second);
      }
    }
    candidates = std::move(still);
  }
  return candidates;
}

Result<Engine::Batch> Engine::primary_batch(const TableSchema& t, std::optional<KeyValue> lo,
                                            int64_t& chunk_rows) {
  auto position = primary_snapshot();
  if (!position) return position.error();
  Batch batch;
  batch.position = *position;
  const auto start = env_.monotonic();
  const bool keyed = t.key_kind != KeyKind::kNone;
  size_t budget = kKeptBytesPerBatch;
  do {
    const auto chunk_start = env_.monotonic();
    RowList rows(budget);
    auto digest = digester(t).chunk(primary_, t, lo, std::nullopt, keyed ? chunk_rows : 0,
                                    keyed ? &rows : nullptr);
    if (!digest) {
      (void)primary_.execute("ROLLBACK");
      return digest.error();
    }
    budget -= std::min(budget, rows.bytes());
    const Chunk chunk{lo, keyed ? digest->last_key : std::nullopt};
    batch.chunks.push_back({chunk, {Digest{digest->rows, digest->value}, std::move(rows)}});
    const double took = std::max(env_.seconds_since(chunk_start), 1e-5);
    const double factor = std::clamp(options_.chunk_time_target_seconds / took, 0.5, 2.0);
    chunk_rows = std::clamp(static_cast<int64_t>(static_cast<double>(chunk_rows) * factor),
                            options_.min_chunk_rows, options_.max_chunk_rows);
    lo = chunk.hi;
    batch.last = !chunk.hi.has_value();
  } while (!batch.last && env_.seconds_since(start) < options_.pair_seconds &&
           static_cast<int>(batch.chunks.size()) < options_.max_chunks_per_pair);
  if (auto r = primary_.execute("COMMIT"); !r) return r.error();
  return batch;
}

Result<std::vector<Engine::ChunkRead>> Engine::backup_batch(const TableSchema& t,
                                                            const Batch& batch, double& paused) {
  if (auto r = backup_snapshot_at(batch.position, paused); !r) return r.error();
  std::vector<ChunkRequest> requests;
  requests.reserve(batch.chunks.size());
  for (const auto& c : batch.chunks) {
    requests.push_back({c.chunk.lo, c.chunk.hi, c.primary.digest.rows, c.primary.digest.value});
  }
  auto answers = backup_.digest(t, requests, kKeptBytesPerBatch);
  if (!answers) {
    (void)backup_.end_snapshot();
    return answers.error();
  }
  if (answers->size() != requests.size()) {
    (void)backup_.end_snapshot();
    return Error{fmt::format("{}: {}: {} chunk digests for {} chunks", backup_.label(),
                             t.full_name(), answers->size(), requests.size())};
  }
  if (auto r = backup_.end_snapshot(); !r) return r.error();
  std::vector<ChunkRead> out;
  out.reserve(answers->size());
  for (ChunkAnswer& a : *answers) {
    out.push_back({Digest{a.rows, std::move(a.value)}, std::move(a.kept)});
  }
  return out;
}

Result<void> Engine::scan(const TableSchema& t, Cursor& cursor, double& paused,
                          const std::function<void()>& save) {
  // The primary digests batch i+1 while the backup digests batch i: both servers work at once.
  struct Pending {
    Batch batch;
    std::future<Result<std::vector<ChunkRead>>> digests;
    double paused = 0;
  };
  std::optional<Pending> pending;
  auto finish = [&]() -> Result<void> {
    auto backup = pending->digests.get();
    paused += pending->paused;
    if (!backup) return backup.error();
    for (size_t i = 0; i < pending->batch.chunks.size(); ++i) {
      const auto& c = pending->batch.chunks[i];
      const ChunkRead& b = (*backup)[i];
      cursor.outcome.rows += c.primary.digest.rows;
      ++cursor.outcome.chunks;
      cursor.lo = c.chunk.hi;
      if (c.primary.digest == b.digest) continue;
      if (!c.primary.rows.complete() || !b.rows.complete()) {
        cursor.suspicious.push_back(c.chunk);  // its rows are listed again by resolve_suspicious
        continue;
      }
      // Both sides kept the chunk's rows on the scan's snapshot pair: compare them now.
      ++cursor.outcome.rechecked_chunks;
      auto found = diff_rows(c.primary.rows, b.rows, t.key.size());
      if (found.empty()) {
        ++cursor.outcome.transient_chunks;
      } else {
        cursor.found.push_back(std::move(found));
      }
    }
    cursor.scan_done = pending->batch.last;
    pending.reset();
    save();
    return Ok();
  };
  std::optional<KeyValue> next = cursor.lo;
  bool primary_done = cursor.scan_done;
  while (!primary_done) {
    const auto batch_start = env_.monotonic();
    auto batch = primary_batch(t, next, cursor.chunk_rows);
    const double primary_seconds = env_.seconds_since(batch_start);
    if (pending) {
      if (auto r = finish(); !r) return r;
    }
    if (!batch) return batch.error();
    spdlog::debug("{}: primary digested {} chunks in {:.3f} s, backup waited {:.3f} s more",
                  t.full_name(), batch->chunks.size(), primary_seconds,
                  env_.seconds_since(batch_start) - primary_seconds);
    if (auto r = be_gentle(paused); !r) return r;
    primary_done = batch->last;
    next = batch->chunks.back().chunk.hi;
    pending.emplace();
    pending->batch = std::move(*batch);
    pending->digests = std::async(std::launch::async, [this, &t, p = &*pending] {
      return backup_batch(t, p->batch, p->paused);
    });
  }
  if (pending) return finish();
  return Ok();
}

Result<void> Engine::resolve_suspicious(const TableSchema& t, Cursor& cursor, double& paused) {
  TableOutcome& out = cursor.outcome;
  std::vector<Chunk> chunks(cursor.suspicious.begin() + static_cast<long>(cursor.next_suspicious),
                            cursor.suspicious.end());
  if (chunks.empty() && cursor.found.empty()) return Ok();
  std::vector<RowDifference> candidates;
  for (const auto& group : cursor.found)
    candidates.insert(candidates.end(), group.begin(), group.end());
  if (!chunks.empty()) {
    out.rechecked_chunks += static_cast<int64_t>(chunks.size());
    // One fresh snapshot pair lists the rows of every suspicious chunk on both servers.
    if (auto r = begin_pair(paused); !r) return r;
    for (const Chunk& c : chunks) {
      auto rows = on_both([&] { return digester(t).rows(primary_, t, c.lo, c.hi); },
                          [&] { return backup_.rows(t, c.lo, c.hi); });
      if (!rows) {
        end_pair();
        return rows.error();
      }
      auto found = t.key_kind == KeyKind::kNone
                       ? diff_keyless(rows->first, rows->second)
                       : diff_keyed(rows->first, rows->second, t.key.size());
      if (found.empty()) ++out.transient_chunks;
      candidates.insert(candidates.end(), found.begin(), found.end());
    }
    end_pair();
  }
  auto confirmed = verify(t, std::move(candidates), paused);
  if (!confirmed) return confirmed.error();
  std::unordered_set<std::string> confirmed_rows;
  for (const RowDifference& d : *confirmed) confirmed_rows.insert(row_identity(d));
  auto is_confirmed = [&](const RowDifference& d) {
    return confirmed_rows.contains(row_identity(d));
  };
  for (const auto& group : cursor.found) {
    if (std::none_of(group.begin(), group.end(), is_confirmed)) ++out.transient_chunks;
  }
  out.differences.insert(out.differences.end(), confirmed->begin(), confirmed->end());
  cursor.next_suspicious = cursor.suspicious.size();
  cursor.found.clear();
  return Ok();
}

Result<bool> Engine::compare_table(const TableSchema& t, Cursor& cursor, double& paused,
                                   const std::function<void()>& save) {
  TableOutcome& out = cursor.outcome;
  if (out.chunks == 0 && !cursor.scan_done) {
    auto exists = backup_.has_table(t.schema, t.name);
    if (!exists) return exists.error();
    if (!*exists) {
      out.missing_on_backup = true;
      return true;
    }
  }
  if (auto r = scan(t, cursor, paused, save); !r) return r.error();
  if (auto r = resolve_suspicious(t, cursor, paused); !r) return r.error();
  save();
  return true;
}

Result<void> Engine::servers_healthy(double& paused) {
  if (auto r = primary_.scalar("SELECT 1"); !r) return r.error();
  if (auto r = backup_.ping(); !r) return r;
  last_gentle_check_ = {};
  return be_gentle(paused);
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
      if (start > tables.size())
        throw nlohmann::json::other_error::create(501, "too many", nullptr);
    } catch (const nlohmann::json::exception&) {
      outcome.tables.clear();  // a damaged checkpoint: start over rather than trust it
      start = 0;
      have_cursor = false;
    }
  }
  // What the interrupted run found may have been repaired, or made worse, since: every carried
  // difference is compared again on fresh snapshot pairs before it is reported.
  for (size_t i = 0; i < start; ++i) {
    TableOutcome& done = outcome.tables[i];
    if (done.differences.empty() || done.table != tables[i].full_name()) continue;
    outcome.carried_over_rechecked += static_cast<int64_t>(done.differences.size());
    auto confirmed = verify(tables[i], std::move(done.differences), outcome.paused_seconds);
    done.differences.clear();
    if (!confirmed) {
      end_pair();
      outcome.error = confirmed.error();
      outcome.stopped_at = done.table;
      return outcome;
    }
    done.differences = std::move(*confirmed);
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
      if (auto healthy = servers_healthy(outcome.paused_seconds); !healthy) {
        outcome.error = r.error();
        outcome.stopped_at = t.full_name();
        return outcome;
      }
      // The servers are fine, so the problem is this table's: say so and go on.
      TableOutcome failed;
      failed.table = t.full_name();
      failed.key_kind = t.key_kind;
      failed.key_columns = t.key_names();
      failed.error = r.error().message;
      outcome.tables.push_back(std::move(failed));
      continue;
    }
    outcome.tables.push_back(cursor.outcome);
  }
  return outcome;
}

nlohmann::json difference_to_json(const RowDifference& d, KeyKind key_kind) {
  nlohmann::json j = {{"kind", diff_kind_name(d.kind)},
                      {"primary_count", d.primary_count},
                      {"backup_count", d.backup_count}};
  if (key_kind == KeyKind::kNone) {
    j["row_digest"] = d.row_digest;
  } else {
    j["key"] = key_to_json(d.key);
  }
  return j;
}

RowDifference difference_from_json(const nlohmann::json& d) {
  RowDifference r;
  const std::string kind = d.at("kind").get<std::string>();
  r.kind = kind == "missing_on_backup" ? DiffKind::kMissingOnBackup
           : kind == "extra_on_backup" ? DiffKind::kExtraOnBackup
                                       : DiffKind::kDifferent;
  if (d.contains("key")) r.key = key_from_json(d.at("key"));
  r.row_digest = d.value("row_digest", "");
  r.primary_count = d.value("primary_count", int64_t{0});
  r.backup_count = d.value("backup_count", int64_t{0});
  return r;
}

nlohmann::json to_json(const TableOutcome& o) {
  nlohmann::json diffs = nlohmann::json::array();
  for (const auto& d : o.differences) diffs.push_back(difference_to_json(d, o.key_kind));
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
          {"missing_on_backup", o.missing_on_backup},
          {"error", o.error}};
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
  o.error = j.value("error", "");
  for (const auto& d : j.at("differences")) o.differences.push_back(difference_from_json(d));
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
    for (size_t i = 0; i < hex.size(); i += 2) {
      unsigned value = 0;
      const auto [end, ec] =
          std::from_chars(hex.data() + i, hex.data() + std::min(i + 2, hex.size()), value, 16);
      if (ec != std::errc() || end != hex.data() + i + 2) {
        throw nlohmann::json::other_error::create(501, "a key part is not hexadecimal", nullptr);
      }
      bytes += static_cast<char>(value);
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
