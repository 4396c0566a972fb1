// The coordinator's end of a consistency session (consistency_sessions.h is the other): the
// backup side of the consistency engine, done by the backup host's agent on its own host. Each
// call is one POST /v1/consistency/OP over mutual TLS, bounded by [peer] connect and read
// timeouts (a snapshot's wait by that wait plus the read timeout). A second connection sends a
// keepalive every third of the session's timeout, so the session outlives a long stretch of
// work on the primary (a large table without a key), and a dropped link lets the agent close it
// after that timeout. Any failure of the link is an Error naming the peer: the engine then stops
// the run with its progress kept (the rest of the run is UNKNOWN with that reason).
//
// Not thread-safe apart from the keepalive it runs itself, as BackupSide.
#pragma once

#include <memory>

#include "config/config.h"
#include "consistency/backup_side.h"
#include "core/result.h"

namespace jaga::peer {

class PeerBackupSide final : public consistency::BackupSide {
 public:
  // Starts a session with `peer`'s agent (which must have a url and pin us as its coordinator).
  static Result<std::unique_ptr<consistency::BackupSide>> start(const config::PeerConfig& config,
                                                                const config::PeerEntry& peer);
  ~PeerBackupSide() override;  // closes the session, best effort (else its timeout does)

  std::string label() const override;
  Result<void> prepare() override;
  Result<db::ReplicaStatus> replica_status() override;
  Result<bool> snapshot_at(const std::string& position, double wait_seconds) override;
  Result<void> end_snapshot() override;
  Result<std::vector<consistency::ChunkAnswer>> digest(
      const consistency::TableSchema& t, const std::vector<consistency::ChunkRequest>& chunks,
      size_t keep_bytes) override;
  Result<db::ResultSet> rows(const consistency::TableSchema& t,
                             const std::optional<consistency::KeyValue>& lo,
                             const std::optional<consistency::KeyValue>& hi) override;
  Result<db::ResultSet> rows_by_key(const consistency::TableSchema& t,
                                    const std::vector<consistency::KeyValue>& keys) override;
  Result<bool> has_table(const std::string& schema, const std::string& name) override;
  Result<void> ping() override;

 private:
  struct Impl;
  explicit PeerBackupSide(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jaga::peer
