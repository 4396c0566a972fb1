#include "peer/consistency_wire.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>
#include <set>

namespace jaga::peer {
namespace {

using consistency::ChunkAnswer;
using consistency::ChunkRequest;
using consistency::KeyValue;
using consistency::TableSchema;
using nlohmann::json;

constexpr std::string_view kOps[] = {"start",       "snapshot",  "digest",  "rows",
                                     "rows_by_key", "has_table", "replica", "ping",
                                     "release",     "keepalive", "close"};

// Thrown inside the parsers and turned into an Error at their edge.
struct Bad {
  std::string what;
};

const json& field(const json& j, const char* name) {
  if (!j.is_object() || !j.contains(name)) throw Bad{fmt::format("'{}' is missing", name)};
  return j.at(name);
}

std::string text(const json& j, const char* name, size_t max_bytes) {
  const json& v = field(j, name);
  if (!v.is_string()) throw Bad{fmt::format("'{}' must be a string", name)};
  const auto& s = v.get_ref<const std::string&>();
  if (s.size() > max_bytes) throw Bad{fmt::format("'{}' is longer than {} bytes", name, max_bytes)};
  return s;
}

int64_t integer(const json& j, const char* name, int64_t lo, int64_t hi) {
  const json& v = field(j, name);
  const bool too_big =
      v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX);
  if (!v.is_number_integer() || too_big || v.get<int64_t>() < lo || v.get<int64_t>() > hi) {
    throw Bad{fmt::format("'{}' must be an integer from {} to {}", name, lo, hi)};
  }
  return v.get<int64_t>();
}

bool boolean(const json& j, const char* name) {
  const json& v = field(j, name);
  if (!v.is_boolean()) throw Bad{fmt::format("'{}' must be true or false", name)};
  return v.get<bool>();
}

const json::array_t& array(const json& j, const char* name, size_t max_items) {
  const json& v = field(j, name);
  if (!v.is_array()) throw Bad{fmt::format("'{}' must be a list", name)};
  if (v.size() > max_items) throw Bad{fmt::format("'{}' has more than {} items", name, max_items)};
  return v.get_ref<const json::array_t&>();
}

// Lower-case letters, digits and '_' (type, character set and collation names): they stand
// unquoted in SQL, so nothing else may pass.
bool plain_word(const std::string& s) {
  return s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
         });
}

bool valid_utf8(const std::string& s) {
  try {
    (void)json(s).dump();
    return true;
  } catch (const json::type_error&) {
    return false;
  }
}

std::string to_hex(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) out += fmt::format("{:02x}", c);
  return out;
}

std::string from_hex(const std::string& hex, size_t max_bytes) {
  if (hex.size() % 2 != 0 || hex.size() / 2 > max_bytes) throw Bad{"a hex value is malformed"};
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    unsigned v = 0;
    const auto [end, ec] = std::from_chars(hex.data() + i, hex.data() + i + 2, v, 16);
    if (ec != std::errc() || end != hex.data() + i + 2) throw Bad{"a hex value is malformed"};
    out += static_cast<char>(v);
  }
  return out;
}

// A value: null, a UTF-8 string, or {"hex": "..."} for bytes that are not UTF-8.
json value_json(const db::Value& v) {
  if (!v) return nullptr;
  if (valid_utf8(*v)) return *v;
  return json{{"hex", to_hex(*v)}};
}

db::Value value_of(const json& j, size_t max_bytes) {
  if (j.is_null()) return std::nullopt;
  if (j.is_string()) {
    if (j.get_ref<const std::string&>().size() > max_bytes) throw Bad{"a value is too long"};
    return j.get<std::string>();
  }
  if (j.is_object() && j.size() == 1 && j.contains("hex") && j.at("hex").is_string()) {
    return from_hex(j.at("hex").get<std::string>(), max_bytes);
  }
  throw Bad{"a value must be a string, null or {\"hex\": ...}"};
}

json key_json(const KeyValue& key) {
  json out = json::array();
  for (const auto& part : key) out.push_back(value_json(part));
  return out;
}

KeyValue key_of(const json& j, size_t key_size) {
  if (!j.is_array() || j.size() != key_size) {
    throw Bad{fmt::format("a key must be a list of {} value(s)", key_size)};
  }
  KeyValue key;
  for (const auto& part : j) {
    auto v = value_of(part, kMaxWireKeyPartBytes);
    if (!v) throw Bad{"a key value is null"};
    key.push_back(std::move(*v));
  }
  return key;
}

std::optional<KeyValue> optional_key(const json& j, const char* name, size_t key_size) {
  const json& v = field(j, name);
  if (v.is_null()) return std::nullopt;
  return key_of(v, key_size);
}

json table_json(const TableSchema& t) {
  json columns = json::array();
  for (const auto& c : t.columns) {
    columns.push_back({{"name", c.name},
                       {"type", c.data_type},
                       {"nullable", c.nullable},
                       {"charset", c.charset},
                       {"collation", c.collation}});
  }
  const char* kind = t.key_kind == consistency::KeyKind::kPrimary  ? "primary"
                     : t.key_kind == consistency::KeyKind::kUnique ? "unique"
                                                                   : "none";
  return {{"schema", t.schema}, {"name", t.name},   {"columns", columns},
          {"key", t.key},       {"key_kind", kind}, {"key_name", t.key_name}};
}

TableSchema table_of(const json& j, const std::vector<std::string>& schemas) {
  const json& t = field(j, "table");
  TableSchema out;
  out.schema = text(t, "schema", 64);
  if (std::find(schemas.begin(), schemas.end(), out.schema) == schemas.end()) {
    throw Bad{fmt::format("schema '{}' is not one this agent compares (checks.consistency.schemas)",
                          out.schema)};
  }
  out.name = text(t, "name", 64);
  if (out.name.empty()) throw Bad{"'name' is empty"};
  for (const auto& c : array(t, "columns", kMaxWireColumns)) {
    consistency::Column column(text(c, "name", 64), text(c, "type", 64), boolean(c, "nullable"),
                               text(c, "charset", 64), text(c, "collation", 64));
    if (column.name.empty() || !plain_word(column.data_type) || !plain_word(column.charset) ||
        !plain_word(column.collation)) {
      throw Bad{
          "a column's name is empty, or its type, character set or collation is not a "
          "plain SQL word"};
    }
    out.columns.push_back(std::move(column));
  }
  if (out.columns.empty()) throw Bad{"'columns' is empty"};
  const std::string kind = text(t, "key_kind", 16);
  out.key_kind = kind == "primary"  ? consistency::KeyKind::kPrimary
                 : kind == "unique" ? consistency::KeyKind::kUnique
                 : kind == "none"   ? consistency::KeyKind::kNone
                                    : throw Bad{"'key_kind' must be primary, unique or none"};
  std::set<size_t> seen;
  for (const auto& k : array(t, "key", out.columns.size())) {
    if (!k.is_number_unsigned() || k.get<uint64_t>() >= out.columns.size() ||
        !seen.insert(k.get<size_t>()).second) {
      throw Bad{"'key' must list distinct column indexes"};
    }
    out.key.push_back(k.get<size_t>());
  }
  if (out.key.empty() != (out.key_kind == consistency::KeyKind::kNone)) {
    throw Bad{"'key' must be empty exactly when 'key_kind' is none"};
  }
  out.key_name = text(t, "key_name", 64);
  return out;
}

// "<decimal>:<decimal>", each a 64-bit unsigned sum.
bool digest_value(const std::string& s) {
  const size_t colon = s.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == s.size() || s.size() > 41) {
    return false;
  }
  for (size_t i = 0; i < s.size(); ++i) {
    if (i != colon && !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

bool row_hash(const db::Value& v) {
  return v && v->size() == 32 && std::all_of(v->begin(), v->end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

consistency::RowDigest digest_of_hex(const std::string& hex) {
  consistency::RowDigest d;
  std::from_chars(hex.data(), hex.data() + 16, d.high, 16);
  std::from_chars(hex.data() + 16, hex.data() + 32, d.low, 16);
  return d;
}

template <typename F>
auto guarded(std::string_view what, std::string_view body, F&& parse)
    -> Result<decltype(parse(std::declval<const json&>()))> {
  const json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error{fmt::format("{}: not a JSON object", what)};
  try {
    return parse(j);
  } catch (const Bad& bad) {
    return Error{fmt::format("{}: {}", what, bad.what)};
  } catch (const json::exception&) {
    return Error{fmt::format("{}: malformed", what)};
  }
}

}  // namespace

bool known_op(std::string_view op) {
  return std::find(std::begin(kOps), std::end(kOps), op) != std::end(kOps);
}

std::string request_to_json(const SessionRequest& r) {
  json j = json::object();
  if (r.op != "start") j["session"] = r.session;
  if (r.op == "snapshot") {
    j["position"] = r.position;
    j["wait_seconds"] = r.wait_seconds;
  } else if (r.op == "digest" || r.op == "rows" || r.op == "rows_by_key") {
    j["table"] = table_json(r.table);
  } else if (r.op == "has_table") {
    j["schema"] = r.schema;
    j["name"] = r.name;
  }
  if (r.op == "digest") {
    json chunks = json::array();
    for (const auto& c : r.chunks) {
      chunks.push_back({{"lo", c.lo ? key_json(*c.lo) : json(nullptr)},
                        {"hi", c.hi ? key_json(*c.hi) : json(nullptr)},
                        {"rows", c.primary_rows},
                        {"digest", c.primary_value}});
    }
    j["chunks"] = chunks;
    j["keep_bytes"] = r.keep_bytes;
  } else if (r.op == "rows") {
    j["lo"] = r.lo ? key_json(*r.lo) : json(nullptr);
    j["hi"] = r.hi ? key_json(*r.hi) : json(nullptr);
  } else if (r.op == "rows_by_key") {
    json keys = json::array();
    for (const auto& k : r.keys) keys.push_back(key_json(k));
    j["keys"] = keys;
  }
  return j.dump();
}

Result<SessionRequest> request_from_json(std::string_view op, std::string_view body,
                                         const std::vector<std::string>& schemas) {
  if (!known_op(op)) return Error{fmt::format("unknown operation '{}'", op.substr(0, 32))};
  return guarded(fmt::format("consistency {} request", op), body, [&](const json& j) {
    SessionRequest r;
    r.op = std::string(op);
    if (op != "start") r.session = text(j, "session", 64);
    if (op == "snapshot") {
      r.position = text(j, "position", 65536);
      const json& wait = field(j, "wait_seconds");
      if (!wait.is_number() || wait.get<double>() < 0 || wait.get<double>() > kMaxWireWaitSeconds) {
        throw Bad{fmt::format("'wait_seconds' must be a number from 0 to {}", kMaxWireWaitSeconds)};
      }
      r.wait_seconds = wait.get<double>();
    } else if (op == "has_table") {
      r.schema = text(j, "schema", 64);
      r.name = text(j, "name", 64);
      if (std::find(schemas.begin(), schemas.end(), r.schema) == schemas.end()) {
        throw Bad{fmt::format(
            "schema '{}' is not one this agent compares (checks.consistency.schemas)", r.schema)};
      }
    } else if (op == "digest" || op == "rows" || op == "rows_by_key") {
      r.table = table_of(j, schemas);
    }
    const size_t key_size = r.table.key.size();
    if (op == "digest") {
      for (const auto& c : array(j, "chunks", kMaxWireChunks)) {
        ChunkRequest chunk;
        chunk.lo = optional_key(c, "lo", key_size);
        chunk.hi = optional_key(c, "hi", key_size);
        chunk.primary_rows = integer(c, "rows", 0, INT64_MAX);
        chunk.primary_value = text(c, "digest", 41);
        if (!digest_value(chunk.primary_value)) throw Bad{"'digest' must be N:N"};
        r.chunks.push_back(std::move(chunk));
      }
      r.keep_bytes = static_cast<size_t>(integer(j, "keep_bytes", 0, kMaxWireKeepBytes));
    } else if (op == "rows" || op == "rows_by_key") {
      if (r.table.key_kind == consistency::KeyKind::kNone && op == "rows_by_key") {
        throw Bad{"a table without a key has no rows by key"};
      }
      if (op == "rows") {
        r.lo = optional_key(j, "lo", key_size);
        r.hi = optional_key(j, "hi", key_size);
      } else {
        for (const auto& k : array(j, "keys", kMaxWireKeys)) r.keys.push_back(key_of(k, key_size));
        if (r.keys.empty()) throw Bad{"'keys' is empty"};
      }
    }
    return r;
  });
}

std::string start_to_json(const StartAnswer& a) {
  return json{{"session", a.session}, {"timeout_seconds", a.timeout_seconds}, {"server", a.server}}
      .dump();
}

Result<StartAnswer> start_from_json(std::string_view body) {
  return guarded("consistency session start answer", body, [](const json& j) {
    StartAnswer a;
    a.session = text(j, "session", 32);
    if (a.session.size() != 32 || !std::all_of(a.session.begin(), a.session.end(), [](char c) {
          return std::isxdigit(static_cast<unsigned char>(c));
        })) {
      throw Bad{"'session' must be 32 hex digits"};
    }
    a.timeout_seconds = integer(j, "timeout_seconds", 1, 86400);
    a.server = text(j, "server", 512);
    return a;
  });
}

std::string snapshot_to_json(const SnapshotAnswer& a) {
  return json{{"reached", a.reached}, {"gtid", a.gtid}}.dump();
}

Result<SnapshotAnswer> snapshot_from_json(std::string_view body) {
  return guarded("consistency snapshot answer", body, [](const json& j) {
    return SnapshotAnswer{boolean(j, "reached"), text(j, "gtid", 65536)};
  });
}

std::string digest_to_json(const std::vector<ChunkRequest>& asked,
                           const std::vector<ChunkAnswer>& answers, size_t key_size) {
  json chunks = json::array();
  for (size_t i = 0; i < answers.size(); ++i) {
    const ChunkAnswer& a = answers[i];
    json c = {{"rows", a.rows}, {"digest", a.value}};
    const bool differs =
        i >= asked.size() || asked[i].primary_rows != a.rows || asked[i].primary_value != a.value;
    if (differs && a.kept.complete()) {
      json kept = json::array();
      for (const auto& row : a.kept.to_result_set(key_size).rows) {
        json r = json::array();
        for (const auto& v : row) r.push_back(value_json(v));
        kept.push_back(std::move(r));
      }
      c["kept"] = std::move(kept);
    }
    chunks.push_back(std::move(c));
  }
  return json{{"chunks", chunks}}.dump();
}

Result<std::vector<ChunkAnswer>> digest_from_json(std::string_view body, size_t chunks,
                                                  size_t key_size) {
  return guarded("consistency digest answer", body, [&](const json& j) {
    const auto& list = array(j, "chunks", chunks);
    if (list.size() != chunks) {
      throw Bad{fmt::format("{} chunk digest(s) for {} chunk(s)", list.size(), chunks)};
    }
    std::vector<ChunkAnswer> out;
    for (const auto& c : list) {
      ChunkAnswer a;
      a.rows = integer(c, "rows", 0, INT64_MAX);
      a.value = text(c, "digest", 41);
      if (!digest_value(a.value)) throw Bad{"'digest' must be N:N"};
      if (c.contains("kept")) {
        const auto& rows = array(c, "kept", static_cast<size_t>(a.rows));
        if (rows.size() != static_cast<size_t>(a.rows)) {
          throw Bad{"the kept rows of a chunk are not as many as its count"};
        }
        a.kept = consistency::RowList(SIZE_MAX);
        a.kept.clear();
        std::vector<const char*> values(key_size);
        std::vector<unsigned long> lengths(key_size);
        for (const auto& row : rows) {
          if (!row.is_array() || row.size() != key_size + 1) throw Bad{"a kept row is malformed"};
          const KeyValue key = key_of(json(json::array_t(row.begin(), row.end() - 1)), key_size);
          const db::Value hash = value_of(row.back(), 32);
          if (!row_hash(hash)) throw Bad{"a kept row's digest must be 32 hex digits"};
          for (size_t i = 0; i < key_size; ++i) {
            values[i] = key[i].data();
            lengths[i] = key[i].size();
          }
          a.kept.add(values.data(), lengths.data(), 0, key_size, digest_of_hex(*hash));
        }
      }
      out.push_back(std::move(a));
    }
    return out;
  });
}

std::string rows_to_json(const db::ResultSet& rows) {
  json out = json::array();
  for (const auto& row : rows.rows) {
    json r = json::array();
    for (const auto& v : row) r.push_back(value_json(v));
    out.push_back(std::move(r));
  }
  return json{{"rows", out}}.dump();
}

Result<db::ResultSet> rows_from_json(std::string_view body, size_t width) {
  return guarded("consistency rows answer", body, [&](const json& j) {
    db::ResultSet out;
    for (const auto& row : array(j, "rows", SIZE_MAX)) {
      if (!row.is_array() || row.size() != width) {
        throw Bad{fmt::format("a row must have {} value(s)", width)};
      }
      db::Row r;
      r.reserve(width);
      for (const auto& v : row) r.push_back(value_of(v, kMaxWireKeyPartBytes));
      out.rows.push_back(std::move(r));
    }
    return out;
  });
}

std::string replica_to_json(const db::ReplicaStatus& s) {
  return json{{"configured", s.configured},
              {"io_running", s.io_running},
              {"sql_running", s.sql_running},
              {"seconds_behind", s.seconds_behind ? json(*s.seconds_behind) : json(nullptr)}}
      .dump();
}

Result<db::ReplicaStatus> replica_from_json(std::string_view body) {
  return guarded("consistency replica answer", body, [](const json& j) {
    db::ReplicaStatus s;
    s.configured = boolean(j, "configured");
    s.io_running = text(j, "io_running", 32);
    s.sql_running = text(j, "sql_running", 32);
    if (!field(j, "seconds_behind").is_null()) {
      s.seconds_behind = integer(j, "seconds_behind", 0, INT64_MAX);
    }
    return s;
  });
}

std::string exists_to_json(bool exists) { return json{{"exists", exists}}.dump(); }

Result<bool> exists_from_json(std::string_view body) {
  return guarded("consistency has_table answer", body,
                 [](const json& j) { return boolean(j, "exists"); });
}

std::string error_to_json(const std::string& message) {
  return json{{"error", message}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string error_from_json(std::string_view body) {
  const json j = json::parse(body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_string()) {
    return j["error"].get<std::string>().substr(0, 1000);
  }
  std::string out;
  for (char c : body.substr(0, 200)) {
    out += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
  }
  return out;
}

}  // namespace jaga::peer
