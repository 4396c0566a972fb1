// What a finding is about, as a stable code, so that each reader can say it in its own words: the
// CLI and the JSON keep the check's English message, the report's PDF writes the Indonesian
// sentence of the kind with the finding's parameters (report/finding_text.h). The names are part
// of the store and of the peer wire format: a name, once recorded, keeps its meaning. A finding
// recorded before kinds existed, or whose name this jaga does not know (a newer peer's), reads
// as kUnclassified, and the report falls back to a plain sentence for its check and status.
//
// A finding's parameters are figures and names the sentence needs (a count, seconds, a table, a
// volume's or a backup set's configured name, a server's role): never personal data, a host
// name, an address or a path.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace jaga {

enum class FindingKind {
  kUnclassified,
  // Any check: it threw, or the store had no current result of it.
  kCheckFailed,
  kNoStoredResult,
  kStaleStoredResult,
  kStoreUnusable,  // the evidence store could not keep or verify results
  // server. Parameters: "role" ("primary" or "backup") where a server is meant.
  kServerUnreachable,
  kServerUnreadable,
  kServerBackupWritable,
  kServerPrimaryReadOnly,
  kServerUptimeUnknown,
  kServerRestarted,  // seconds
  kServerConnectionsUnknown,
  kServerConnections,  // percent, in_use, max
  kVolumeUnreadable,   // volume
  kVolumeLow,          // volume, free_percent, free_bytes
  kServerSameId,
  kClockSkewUnknown,
  kClockSkew,  // seconds
  // replication (the backup server's replica threads, lag, GTIDs, heartbeat)
  kReplicationUnreadable,
  kReplicationNotConfigured,
  kReplicationIoStopped,   // errno (0: no error reported)
  kReplicationSqlStopped,  // errno
  kReplicationSqlError,    // errno
  kReplicationLagUnknown,
  kReplicationLag,  // seconds
  kReplicationNoGtid,
  kGtidUnknown,
  kGtidGap,  // transactions
  kErrantTransactions,
  kHeartbeatUnknown,
  kHeartbeatLate,     // seconds
  kHeartbeatMissing,  // seconds
  // consistency
  kConsistencyUnreachable,
  kConsistencyNoTables,
  kTablesUnreadable,
  kSchemaNotCompared,
  kSchemaDifference,      // object, object_kind ("table", "column", ...), absent_on (or none)
  kTableMissingOnBackup,  // table
  kTableNotCompared,      // table
  kRowsDiffer,            // table, rows
  kComparisonStopped,     // compared, planned, progress_kept
  kComparisonIncomplete,  // compared, planned
  kProgressNotSaved,
  // security. Parameters: "role", and "accounts" for a count of accounts.
  kSecurityNotChecked,
  kSecurityGrantsUnreadable,
  kSecurityAnonymousAccounts,
  kSecurityPasswordlessAccounts,
  kSecurityRemoteRoot,
  kSecurityWildcardAccounts,
  kSecurityGrantsChanged,  // added, removed, changed
  kSecurityGrantsNotKept,
  kSecurityReplicationUnreadable,
  kSecurityReplicationNoTls,
  // backups (a configured set, "set", checked on disk) and the jobs behind them
  kBackupNone,             // set
  kBackupTooOld,           // set, age_seconds
  kBackupSizeSuspect,      // set
  kBackupNotVerified,      // set: the content check failed (CRIT)
  kBackupVerifyNote,       // set: verified, with a remark (an unsigned manifest, a stray file)
  kBackupOffhostCopyBad,   // set
  kBackupPartialsIgnored,  // set, count
  kBackupFailed,
  kBackupLeftoverRemoved,
  kRestoreFailed,
  kRestoreTableDiffers,  // table
  kRestoreNotProven,
  kReportFailed,  // report ("daily", "weekly", "monthly")
  // the peer link and the agenda book's witness
  kPeerUnreachable,  // seconds
  kPeerReachable,
  kWitnessRefused,
  kWitnessHolds,
};

// The recorded name, e.g. "replication.lag".
std::string_view finding_kind_name(FindingKind kind);
// The kind of a recorded name; nullopt for a name this jaga does not know.
std::optional<FindingKind> parse_finding_kind(std::string_view name);
// Every kind, for tests that must cover them all.
std::span<const FindingKind> all_finding_kinds();

}  // namespace jaga
