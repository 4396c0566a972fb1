// The backups of one configured set ([[checks.backups.sets]]) as found on disk, and the
// verification of one of them in its format: jaga (backup/jaga_backup_check.h: the manifest's
// signature, every file's size and SHA-256, nothing unlisted), mysqldump (.sql, .sql.gz, .sql.zst:
// header, completion marker), mariabackup (a directory with its checkpoints file) and mydumper (a
// directory whose metadata says the dump finished). In every format each compressed file is
// decompressed to its end, and a SHA256SUMS file (or FILE.sha256 beside a dump) is checked when
// present.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "backup/jaga_backup_check.h"
#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"
#include "core/status.h"

namespace jaga::backup {

struct Candidate {
  std::string name;  // file or directory name inside the set's dir
  std::string path;
  bool is_dir = false;
  TimePoint time;      // when it was finished (mtime of the file, manifest or metadata)
  uint64_t bytes = 0;  // total size on disk
};

// Backups of the set, oldest first. Unfinished jaga backups (.partial) are never candidates.
std::vector<Candidate> scan_set(const config::BackupSetConfig& set);

using SetFinding = BackupFinding;

struct Verification {
  std::vector<SetFinding> findings;           // empty: intact
  std::map<std::string, std::string> sha256;  // relative path -> SHA-256 of every file read
  uint64_t raw_bytes = 0;                     // uncompressed bytes read
  nlohmann::json evidence = nlohmann::json::object();
};

// `peer` and `now`: what a jaga manifest's signature is checked with (check_manifest_signature).
Verification verify_candidate(const config::BackupSetConfig& set, const Candidate& candidate,
                              const config::PeerConfig& peer, TimePoint now);

// "HEX  NAME" or "HEX *NAME" per line (sha256sum's output); `where` names the file in errors.
Result<std::map<std::string, std::string>> parse_checksum_file(const std::string& text,
                                                               const std::string& where);

}  // namespace jaga::backup
