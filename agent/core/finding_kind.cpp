#include "core/finding_kind.h"

#include <array>
#include <utility>

namespace jaga {
namespace {

using K = FindingKind;

// Every kind with its recorded name. A unit test checks that the list holds every kind once and
// that the names are distinct.
constexpr auto kNames = std::to_array<std::pair<FindingKind, std::string_view>>({
    {K::kUnclassified, "unclassified"},
    {K::kCheckFailed, "check.failed"},
    {K::kNoStoredResult, "check.no_stored_result"},
    {K::kStaleStoredResult, "check.stale_stored_result"},
    {K::kStoreUnusable, "store.unusable"},
    {K::kServerUnreachable, "server.unreachable"},
    {K::kServerUnreadable, "server.unreadable"},
    {K::kServerBackupWritable, "server.backup_writable"},
    {K::kServerPrimaryReadOnly, "server.primary_read_only"},
    {K::kServerUptimeUnknown, "server.uptime_unknown"},
    {K::kServerRestarted, "server.restarted"},
    {K::kServerConnectionsUnknown, "server.connections_unknown"},
    {K::kServerConnections, "server.connections"},
    {K::kVolumeUnreadable, "server.volume_unreadable"},
    {K::kVolumeLow, "server.volume_low"},
    {K::kServerSameId, "server.same_server_id"},
    {K::kClockSkewUnknown, "server.clock_skew_unknown"},
    {K::kClockSkew, "server.clock_skew"},
    {K::kReplicationUnreadable, "replication.unreadable"},
    {K::kReplicationNotConfigured, "replication.not_configured"},
    {K::kReplicationIoStopped, "replication.io_stopped"},
    {K::kReplicationSqlStopped, "replication.sql_stopped"},
    {K::kReplicationSqlError, "replication.sql_error"},
    {K::kReplicationLagUnknown, "replication.lag_unknown"},
    {K::kReplicationLag, "replication.lag"},
    {K::kReplicationNoGtid, "replication.no_gtid"},
    {K::kGtidUnknown, "replication.gtid_unknown"},
    {K::kGtidGap, "replication.gtid_gap"},
    {K::kErrantTransactions, "replication.errant_transactions"},
    {K::kHeartbeatUnknown, "replication.heartbeat_unknown"},
    {K::kHeartbeatLate, "replication.heartbeat_late"},
    {K::kHeartbeatMissing, "replication.heartbeat_missing"},
    {K::kConsistencyUnreachable, "consistency.unreachable"},
    {K::kConsistencyNoTables, "consistency.no_tables"},
    {K::kTablesUnreadable, "consistency.tables_unreadable"},
    {K::kSchemaNotCompared, "consistency.schema_not_compared"},
    {K::kSchemaDifference, "consistency.schema_difference"},
    {K::kTableMissingOnBackup, "consistency.table_missing_on_backup"},
    {K::kTableNotCompared, "consistency.table_not_compared"},
    {K::kRowsDiffer, "consistency.rows_differ"},
    {K::kComparisonStopped, "consistency.stopped"},
    {K::kComparisonIncomplete, "consistency.incomplete"},
    {K::kProgressNotSaved, "consistency.progress_not_saved"},
    {K::kSecurityNotChecked, "security.not_checked"},
    {K::kSecurityGrantsUnreadable, "security.grants_unreadable"},
    {K::kSecurityAnonymousAccounts, "security.anonymous_accounts"},
    {K::kSecurityPasswordlessAccounts, "security.passwordless_accounts"},
    {K::kSecurityRemoteRoot, "security.remote_root"},
    {K::kSecurityWildcardAccounts, "security.wildcard_accounts"},
    {K::kSecurityGrantsChanged, "security.grants_changed"},
    {K::kSecurityGrantsNotKept, "security.grants_not_kept"},
    {K::kSecurityReplicationUnreadable, "security.replication_unreadable"},
    {K::kSecurityReplicationNoTls, "security.replication_no_tls"},
    {K::kBackupNone, "backups.none"},
    {K::kBackupTooOld, "backups.too_old"},
    {K::kBackupSizeSuspect, "backups.size_suspect"},
    {K::kBackupNotVerified, "backups.not_verified"},
    {K::kBackupVerifyNote, "backups.verify_note"},
    {K::kBackupOffhostCopyBad, "backups.offhost_copy_bad"},
    {K::kBackupPartialsIgnored, "backups.partials_ignored"},
    {K::kBackupFailed, "backup.failed"},
    {K::kBackupLeftoverRemoved, "backup.leftover_removed"},
    {K::kRestoreFailed, "restore_test.failed"},
    {K::kRestoreTableDiffers, "restore_test.table_differs"},
    {K::kRestoreNotProven, "restore_test.not_proven"},
    {K::kReportFailed, "report.failed"},
    {K::kPeerUnreachable, "peer.unreachable"},
    {K::kPeerReachable, "peer.reachable"},
    {K::kWitnessRefused, "agenda_witness.refused"},
    {K::kWitnessHolds, "agenda_witness.holds"},
});

constexpr std::array<FindingKind, kNames.size()> all_kinds() {
  std::array<FindingKind, kNames.size()> out{};
  for (size_t i = 0; i < kNames.size(); ++i) out[i] = kNames[i].first;
  return out;
}

constexpr std::array<FindingKind, kNames.size()> kAll = all_kinds();

}  // namespace

std::string_view finding_kind_name(FindingKind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  return "unclassified";
}

std::optional<FindingKind> parse_finding_kind(std::string_view name) {
  for (const auto& [k, n] : kNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

std::span<const FindingKind> all_finding_kinds() { return kAll; }

}  // namespace jaga
