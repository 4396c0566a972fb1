// The manifest of a jaga backup (manifest.json in the backup directory): what was dumped from
// which server at which GTID position, every table's rows and digests as the consistency engine
// computes them (consistency/digest_sql.h), and every file's size and SHA-256. A backup is good
// only when its manifest parses and every file matches it. The manifest is read with limits
// (kMaxManifestBytes, kMaxManifestDepth): a hostile file is an Error naming it, never a hang or
// an exhausted memory. Keys this jaga does not know are kept as warnings, not silently dropped.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace jaga::backup {

inline constexpr int kManifestFormatVersion = 1;
inline constexpr const char* kManifestName = "manifest.json";
// A manifest holds about 250 bytes per table part: 64 MiB is room for 250,000 parts.
inline constexpr size_t kMaxManifestBytes = 64u << 20;
// Arrays and objects nested inside each other; the manifest's own deepest is 6 (a part's bound).
inline constexpr int kMaxManifestDepth = 16;
// Manifest::digest: how the parts' digests were computed.
inline constexpr std::string_view kDigestXxh3 = "xxh3-64";  // by jaga, part_digest.h
inline constexpr std::string_view kDigestCrc32 = "crc32";   // by SQL, in earlier builds' backups

struct ManifestFile {
  std::string path;  // relative to the backup directory
  uint64_t size = 0;
  std::string sha256;
  uint64_t raw_bytes = 0;  // uncompressed size (equal to size for plain files)
};

// One part of a table: the rows whose key lies in (lo, hi], dumped to one data file. A table
// without a key, or a small one, has a single part without bounds.
struct TablePart {
  std::string data_file;
  std::optional<std::vector<std::string>> lo;
  std::optional<std::vector<std::string>> hi;
  int64_t rows = 0;
  std::string digest;  // the chunk digest of these rows, see Manifest::digest
};

struct ManifestTable {
  std::string schema;
  std::string name;
  std::string ddl_file;  // one CREATE TABLE statement
  int64_t rows = 0;
  std::vector<TablePart> parts;
  std::string full_name() const { return schema + "." + name; }
};

struct ManifestSchema {
  std::string name;
  std::string charset;
  std::string collation;
};

struct Manifest {
  int format_version = kManifestFormatVersion;
  std::string jaga_version;
  std::string host_name;       // the agent that took it
  std::string server_role;     // "primary" or "backup"
  std::string server;          // endpoint
  std::string server_version;  // VERSION()
  std::string started_at;      // RFC 3339 UTC
  std::string finished_at;
  std::string gtid_position;  // GTID of the snapshot; empty when the server has no binary log
  std::string binlog_file;
  uint64_t binlog_position = 0;
  std::string snapshot_method;  // how all connections came to share one snapshot
  std::string digest{kDigestXxh3};
  std::vector<ManifestSchema> schemas;
  std::vector<ManifestTable> tables;
  std::vector<ManifestFile> files;
  // Keys this jaga does not know ("tables[0].comment"), ignored; callers report them.
  std::vector<std::string> unknown_keys;

  const ManifestFile* file(const std::string& path) const;
  uint64_t total_bytes() const;
};

nlohmann::json to_json(const Manifest& manifest);
// Parses manifest text; `where` names it in errors ("/backups/jaga-.../manifest.json").
// Every missing key or wrong type is an Error naming the key; so is text over kMaxManifestBytes,
// nesting deeper than kMaxManifestDepth, a file path that could leave the backup
// (is_safe_relative_path), a SHA-256 that is not 64 hex digits, a charset or collation that is
// not a plain name, and a table whose schema or files the manifest does not list.
Result<Manifest> parse_manifest(const std::string& text, const std::string& where);
// The text of BACKUP_DIR/manifest.json, refused (Error naming it) when over kMaxManifestBytes.
Result<std::string> read_manifest_text(const std::string& backup_dir);
Result<Manifest> read_manifest(const std::string& backup_dir);

}  // namespace jaga::backup
