// The JSON of the consistency session (docs/consistency.md, "The session protocol"): what the
// coordinator asks the backup host's agent and what it answers. Pure parsing and building, no
// I/O. Both directions are parsed as hostile: every field is checked for type, range and size,
// and a table definition may only name a schema the serving agent compares itself
// (checks.consistency.schemas), with type, character set and collation names that are plain SQL
// words. What crosses: table definitions, key ranges, GTID positions, chunk digests and counts,
// and for a chunk whose digests differ (and for rechecks) keys with their row digests. Never a
// row's values.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "consistency/backup_side.h"
#include "consistency/table_schema.h"
#include "core/result.h"
#include "db/replica_status.h"
#include "db/result_set.h"

namespace jaga::peer {

// Bounds of one request, so that a request cannot make the server allocate without limit.
constexpr size_t kMaxWireColumns = 4096;
constexpr size_t kMaxWireChunks = 1000;
constexpr size_t kMaxWireKeys = 10000;
constexpr size_t kMaxWireKeyPartBytes = 65535;
constexpr size_t kMaxWireKeepBytes = 64u << 20;
constexpr double kMaxWireWaitSeconds = 3600;

// One request of the session. Which fields are read depends on the operation:
//   start                                      -
//   snapshot     position, wait_seconds
//   digest       table, chunks, keep_bytes
//   rows         table, lo, hi
//   rows_by_key  table, keys
//   has_table    schema, name
//   replica, ping, release, keepalive, close   -
// Every operation but start names its session.
struct SessionRequest {
  std::string op;
  std::string session;
  std::string position;
  double wait_seconds = 0;
  consistency::TableSchema table;
  std::vector<consistency::ChunkRequest> chunks;
  size_t keep_bytes = 0;
  std::optional<consistency::KeyValue> lo;
  std::optional<consistency::KeyValue> hi;
  std::vector<consistency::KeyValue> keys;
  std::string schema;
  std::string name;
};

// Whether `op` is an operation of the session.
bool known_op(std::string_view op);

// The request body for `r` (r.op chooses the fields).
std::string request_to_json(const SessionRequest& r);
// Parses the body of a request for `op`; `schemas` are the schemas the server compares. Errors
// say which field is wrong, never echo a key's bytes.
Result<SessionRequest> request_from_json(std::string_view op, std::string_view body,
                                         const std::vector<std::string>& schemas);

// ---- answers -------------------------------------------------------------------------------

struct StartAnswer {
  std::string session;  // 32 hex digits
  int64_t timeout_seconds = 0;
  std::string server;  // the backup server's label on its host, for messages
};
std::string start_to_json(const StartAnswer& a);
Result<StartAnswer> start_from_json(std::string_view body);

struct SnapshotAnswer {
  bool reached = false;
  std::string gtid;  // the backup's GTID state once the snapshot is open
};
std::string snapshot_to_json(const SnapshotAnswer& a);
Result<SnapshotAnswer> snapshot_from_json(std::string_view body);

// Digests of the requested chunks, in order. The kept rows of a chunk are sent only when its
// digest differs from the primary's given in the request and every row was kept.
std::string digest_to_json(const std::vector<consistency::ChunkRequest>& asked,
                           const std::vector<consistency::ChunkAnswer>& answers, size_t key_size);
Result<std::vector<consistency::ChunkAnswer>> digest_from_json(std::string_view body, size_t chunks,
                                                               size_t key_size);

// Rows [key columns..., digest] (or [digest, count] of a keyless table), `width` values each.
std::string rows_to_json(const db::ResultSet& rows);
Result<db::ResultSet> rows_from_json(std::string_view body, size_t width);

std::string replica_to_json(const db::ReplicaStatus& s);
Result<db::ReplicaStatus> replica_from_json(std::string_view body);

std::string exists_to_json(bool exists);
Result<bool> exists_from_json(std::string_view body);

// {"error": message}, and the message of such a body (or a short, printable prefix of another).
std::string error_to_json(const std::string& message);
std::string error_from_json(std::string_view body);

}  // namespace jaga::peer
