// Verifying one jaga backup directory before anything trusts it: the manifest (read with its
// limits), its signature (backup/manifest_signature.h), every file it lists read to its end
// with its size and SHA-256 (DDL files included), and nothing else in the directory. Shared by
// `check backups`, `restore-test` (which loads nothing unless this finds no CRIT) and `jaga
// backup` itself (a backup is published only when it verifies).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "backup/manifest.h"
#include "config/config.h"
#include "core/clock.h"
#include "core/status.h"

namespace jaga::backup {

struct BackupFinding {
  Status status = Status::kOk;
  std::string message;
};

struct JagaBackupCheck {
  std::optional<Manifest> manifest;     // parsed from the very bytes whose signature was checked
  std::vector<BackupFinding> findings;  // WARN and CRIT only; empty: intact, signed, nothing else
  std::map<std::string, std::string> sha256;  // relative path -> SHA-256 of every verified file
  uint64_t raw_bytes = 0;                     // uncompressed bytes read
  std::string signature;                      // what the signature check said

  Status worst() const;
  // The findings of `status` joined by "; ".
  std::string messages(Status status) const;
};

// What to check: `peer` supplies the key and trust for the signature (check_manifest_signature);
// `check_signature` false skips it (a backup being written, whose manifest this process made).
struct JagaCheckOptions {
  const config::PeerConfig* peer = nullptr;
  bool check_signature = true;
  TimePoint now{};
};

JagaBackupCheck check_jaga_backup(const std::string& dir, const JagaCheckOptions& options);

}  // namespace jaga::backup
