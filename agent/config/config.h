// jaga's configuration: the TOML file an administrator writes (see config/jaga.example.toml),
// validated into plain structs. Loading never half-succeeds: either every key is known, typed
// and in range, or the result is an Error naming the file, the line and the key.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "schedule/plan.h"

namespace jaga::config {

// Reads one TOML table, refusing unknown keys (agent/config/table_reader.h); the read_* functions
// below fill their structs with it.
class TableReader;

enum class TlsMode { kDisabled, kPreferred, kRequired, kVerifyCa, kVerifyIdentity };

struct ServerConfig {
  std::string role;  // "primary" or "backup"
  std::string host;
  int port = 3306;
  std::string socket;
  std::string user;
  std::string password_file;
  std::string password_env;
  std::string password;  // resolved from password_file or password_env; never logged
  int connect_timeout_seconds = 5;
  int read_timeout_seconds = 30;
  int write_timeout_seconds = 30;
  TlsMode tls_mode = TlsMode::kPreferred;
  std::string tls_ca;
  std::string tls_cert;
  std::string tls_key;

  // Where the server is, for messages: "127.0.0.1:3306" or "socket /run/mysqld/mysqld.sock".
  std::string endpoint() const;
  // Its table in the configuration: servers.<role>, or the role itself when that is a dotted
  // table name of its own ("backup.scratch_server").
  std::string table() const;
  // Reached through a unix socket or a loopback address: its traffic never leaves this host.
  bool on_this_host() const;
};

struct AgentConfig {
  std::string host_name;  // defaults to the machine's hostname
  std::string evidence_db = "/var/lib/jaga/evidence.db";
  // The key file that seals full row keys in the evidence store (privacy/personal_key.h).
  // Empty: personal.key in the directory of evidence_db.
  std::string personal_key;
  std::string log_level = "info";
  std::string log_format = "text";
  std::string log_file;
  int64_t log_file_max_bytes = 10 * 1024 * 1024;
  int64_t log_file_count = 5;
  // How reports name this host: "Server Utama" (the default, or "Server Cadangan" for the backup
  // host's agent). Host names and addresses never appear in a report.
  std::string display_name;
  // Results older than this many days keep what reports read (status, summary, findings,
  // metrics) and lose their evidence and sealed personal evidence (store/result_retention.h);
  // `jaga serve` thins once a day. 0: keep everything forever.
  int64_t keep_evidence_days = 365;
  // Results older than this many days are rolled up (store/result_rollup.h): consecutive results
  // of a frequent check alike in all a report reads, within ten minutes, become one row that
  // stands for all of them; every report drafts as from the raw rows. `jaga serve` rolls up once a
  // day, after thinning. A roll-up keeps only its first result's evidence. 0: never.
  int64_t keep_raw_results_days = 90;
};

struct VolumeConfig {
  std::string name;
  std::string path;
  double warn_free_percent = 15.0;
  double crit_free_percent = 5.0;
};

struct ServerCheckConfig {
  bool enabled = true;
  double connections_warn_percent = 80.0;
  double connections_crit_percent = 95.0;
  double clock_skew_warn_seconds = 2.0;
  double clock_skew_crit_seconds = 10.0;
  int64_t min_uptime_seconds = 300;
  std::vector<VolumeConfig> volumes;
};

struct ReplicationCheckConfig {
  bool enabled = true;
  int64_t lag_warn_seconds = 60;
  int64_t lag_crit_seconds = 300;
  int64_t gtid_gap_warn = 1000;
  int64_t gtid_gap_crit = 100000;
  bool heartbeat = false;
  double heartbeat_wait_seconds = 2.0;
};

struct ConsistencyCheckConfig {
  bool enabled = true;
  std::vector<std::string> schemas = {"siak"};
  std::vector<std::string> tables;  // empty: every base table of `schemas`
  double chunk_time_target_seconds = 0.005;
  // digest_where: "agents" (the backup host's agent digests the backup over a peer session while
  // this agent digests the primary), "agent" (this agent hashes streamed rows of both servers),
  // "server" (SQL in each server), "auto" (agents when [peer] names a reachable backup agent that
  // serves sessions, else agent when both servers are on this host, else server). See
  // consistency/digester.h and docs/consistency.md.
  std::string digest_where = "auto";
  int64_t max_rechecks = 3;
  int64_t max_lag_seconds = 10;
  int64_t max_threads_running = 30;
  double wait_timeout_seconds = 30;
  double max_pause_seconds = 600;
  // An interrupted run is continued only while it is younger than this; an older one is
  // discarded and the comparison starts over (its results would describe another day's data).
  double resume_max_age_hours = 6;
  // CRIT from this many differing rows on; fewer (but at least one) are WARN, never OK. 1: every
  // differing row is CRIT. `jaga check consistency --critical N` overrides it for one run.
  int64_t differing_rows_crit = 1;
};

struct SecurityCheckConfig {
  bool enabled = true;
  // "user@host" accounts that are not judged (their grant changes are still reported).
  std::vector<std::string> ignore_accounts;
  // "user@host" accounts allowed to have a wildcard host such as 'jaga'@'10.0.0.%'.
  std::vector<std::string> allowed_wildcard_accounts;
  // When replication must use TLS: "remote" (the primary is not on this host), "always", "never".
  std::string replication_tls = "remote";
};

// [pki]: the office's certificate authority, the signers' keys and the agents' TLS keys.
struct PkiConfig {
  std::string dir = "/var/lib/jaga/pki";
  // PEM files of external CAs (e.g. a government e-signature provider) whose certificates
  // may sign reports, for signers imported with `jaga pki import`.
  std::vector<std::string> trusted_cas;
};

// [workflow]: the SOP chain reports go through and the agenda book's numbering
// (agent/config/workflow_config.cpp).
struct WorkflowConfig {
  std::string definition = "/etc/jaga/sop-piak-07.toml";
  std::string agenda_number_format = "{seq:04}/PIAK/{year}";
};

// [report]: where drafted reports go and what their pages say (see agent/report/).
struct OfficialConfig {
  std::string name;
  std::string nip;  // Nomor Induk Pegawai, 18 digits
  // Where `jaga serve` e-mails this official when a report waits for their step (with [notify]'s
  // mail server); empty: the step's e-mails go to notify.mail_to.
  std::string email;
};

// [report.verdict]: the rules of the verdict box on a report's first page (agent/report/verdict.h).
struct VerdictConfig {
  // An area whose scheduled checks were silent for more than this share of the period cannot be
  // assessed (TIDAK DAPAT DINILAI). Percent of the period; 90 by default.
  double min_coverage_percent = 90;
  // A WARN that lasted longer than this needs action (PERLU TINDAKAN). Hours; 24 by default.
  double max_warn_hours = 24;
};

struct ReportConfig {
  std::string dir = "/var/lib/jaga/reports";
  std::string language = "id";            // "id" or "en"
  UtcOffset zone{std::chrono::hours(7)};  // Asia/Jakarta (WIB)
  // {kind} H/M/B (harian, mingguan, bulanan); {yyyy} {mm} {dd}: the period's first day.
  std::string number_format = "LAP/{kind}/{yyyy}{mm}{dd}";
  std::string government = "PEMERINTAH KABUPATEN";
  std::string agency = "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL";
  std::string address;
  std::string logo;  // optional PNG
  // The office's town for the place-and-date line above the signatures: "Ungaran, 7 Desember
  // 2026". Empty: "Disusun pada 7 Desember 2026".
  std::string place;
  OfficialConfig apk, sub_koord, kabid;
  VerdictConfig verdict;

  // The official of a workflow role ("apk", "sub_koord", "kabid"); null for any other role.
  const OfficialConfig* official(std::string_view role) const {
    if (role == "apk") return &apk;
    if (role == "sub_koord") return &sub_koord;
    if (role == "kabid") return &kabid;
    return nullptr;
  }
};

// [backup] and [checks.backups]: jaga's own backups and the check of every backup set.
struct BackupSetConfig {
  std::string name;
  std::string dir;
  std::string pattern = "*";  // glob on the entries of `dir` (files or directories)
  std::string format;         // jaga, mysqldump, mariabackup or mydumper
  double rpo_warn_hours = 26;
  double rpo_crit_hours = 50;
  double min_size_ratio = 0.5;  // newest size below this share of the recent median: CRIT
  std::string offhost_dir;      // where the same files must be found again (mounted path)
};

struct BackupConfig {
  std::string dir = "/var/backups/jaga";
  std::vector<std::string> schemas = {"siak"};
  std::string source = "backup";  // which server is dumped: "primary" or "backup"
  int64_t threads = 2;
  int64_t compression_level = 3;
  int64_t keep_daily = 7;
  int64_t keep_weekly = 4;
  int64_t keep_monthly = 12;
  std::string mariadbd = "/usr/sbin/mariadbd";  // restore-test's throw-away server
  std::string install_db = "/usr/bin/mariadb-install-db";
  std::string scratch_dir = "/var/tmp";  // where its temporary data directory goes
  int64_t scratch_buffer_pool_mb = 1024;
  // [backup.scratch_server]: restore-test loads into this server (in schemas of its own, dropped
  // afterwards) instead of starting a throw-away one. Unset: host and socket empty.
  ServerConfig scratch_server;
  bool has_scratch_server() const {
    return !scratch_server.host.empty() || !scratch_server.socket.empty();
  }
  // [checks.backups] enabled: part of `jaga check` without names. Defaults to true when sets are
  // configured; `jaga check backups` runs it anyway (on backup.dir when no set is configured).
  bool check_enabled = false;
  std::vector<BackupSetConfig> sets;
};

// Reads a database server's table ([servers.primary], [backup.scratch_server]); s.role is set.
void read_server(TableReader& r, ServerConfig& s);

// Reads [backup] and [checks.backups] (agent/config/backup_config.cpp).
void read_backup(TableReader& r, BackupConfig& backup);
void read_backups_check(TableReader& r, BackupConfig& backup);

// [peer]: the agents on the primary and the backup server talking over mutual TLS
// (agent/peer/). A peer is pinned by the SHA-256 fingerprint of its certificate or by its subject
// CN; either way its certificate must also chain to `ca`.
struct PeerEntry {
  std::string name;         // the host's name, as results pulled from it are marked
  std::string url;          // https://host:port; empty for a peer that only pulls from us
  std::string fingerprint;  // "AB:CD:..." (64 hex digits, colons optional), upper case
  std::string cn;           // or: the certificate's subject CN
  // How reports name this host: by default "Server Cadangan" (numbered from the second) for the
  // coordinator's peers, "Server Utama" for an agent's.
  std::string display_name;
  // On the backup host's agent: this peer is the coordinator, the only one that may open
  // consistency sessions (docs/consistency.md, "The session protocol"). Default false.
  bool coordinator = false;
};

enum class PeerRole { kAgent, kCoordinator };

struct PeerConfig {
  bool enabled = false;  // the [peer] table is present
  PeerRole role = PeerRole::kAgent;
  std::string listen_host;  // empty: no HTTPS server
  int listen_port = 0;
  std::string cert;
  std::string key;
  std::string ca;
  std::vector<PeerEntry> peers;
  int64_t pull_interval_seconds = 60;
  int64_t pull_batch = 1000;
  int64_t unreachable_warn_after_seconds = 0;  // WARN from the first failed pull
  int64_t unreachable_crit_after_seconds = 900;
  int64_t connect_timeout_seconds = 5;
  int64_t read_timeout_seconds = 10;
  // Consistency sessions served to the coordinator: how many may be open at once (a second one
  // lets a new run start while a session whose link dropped waits for its timeout), and after how
  // many seconds without a request a session is closed, its snapshot released.
  int64_t max_sessions = 2;
  int64_t session_timeout_seconds = 30;
};

// [metrics]: the Prometheus endpoint (agent/metrics/).
struct MetricsConfig {
  std::string listen_host;  // empty: no metrics endpoint
  int listen_port = 0;
};

// [notify]: where notifications go (agent/notify/): a JSON webhook, e-mail over SMTP, or both.
// Neither webhook_url nor smtp_url: no notifications.
struct NotifyConfig {
  std::string webhook_url;
  std::string webhook_token_file;  // optional bearer token, mode 0600
  std::string webhook_token_env;   // or: the environment variable holding it
  int64_t timeout_seconds = 10;
  // E-mail: smtp://host:port (STARTTLS required) or smtps://host:port (TLS from the start).
  std::string smtp_url;
  std::string mail_from;
  std::vector<std::string> mail_to;
  std::string smtp_user;           // empty: no authentication
  std::string smtp_password_file;  // the password, mode 0600
  std::string smtp_password_env;   // or: the environment variable holding it
  std::string smtp_ca_file;        // PEM CA the server's certificate must chain to; default: system
};

// [desk]: the officials' web desk (agent/desk/), served over HTTPS by `jaga serve` on the
// primary's agent (agent/config/desk_config.cpp).
struct DeskConfig {
  bool enabled = false;  // the [desk] table is present
  std::string listen_host;
  int listen_port = 0;
  std::string cert;  // PEM server certificate from the office CA (`jaga pki`), and its key
  std::string key;
  // The address officials' browsers use, "https://host[:port]" without a trailing slash: the
  // links in e-mails and the verification link in a signed report's QR code.
  std::string public_url;
  // A session unused for this long is over; the official logs in again.
  int64_t session_idle_minutes = 30;
};

struct Config {
  std::string path;  // the file it was loaded from
  AgentConfig agent;
  ServerConfig primary;
  ServerConfig backup;
  ServerCheckConfig server_check;
  ReplicationCheckConfig replication_check;
  ConsistencyCheckConfig consistency_check;
  SecurityCheckConfig security_check;
  // [schedule]: what `jaga serve` runs when. Left out: the host's UTC offset and
  // schedule::default_jobs(); no maintenance windows.
  schedule::Plan schedule;
  PkiConfig pki;
  WorkflowConfig workflow;
  ReportConfig report;
  BackupConfig backups;  // [backup] and [checks.backups]
  PeerConfig peer;
  MetricsConfig metrics;
  NotifyConfig notify;
  DeskConfig desk;
};

// Reads the [report] table (agent/config/report_config.cpp).
void read_report(TableReader& r, ReportConfig& c);

// Parses and validates `text` as if read from `path` (used in messages). Does not read
// password files or the environment; see resolve_passwords.
Result<Config> parse_config(std::string_view text, const std::string& path);

// Reads each server's password from its password_file (refused when group or others may read
// it) or its password_env variable.
Result<void> resolve_passwords(Config& config);

// Reads `path`, parses it and resolves the passwords.
Result<Config> load_config(const std::string& path);

const char* tls_mode_name(TlsMode mode);

// localhost, 127.0.0.0/8 or ::1 (an empty host means the local socket).
bool is_loopback_host(std::string_view host);

// [peer] and [metrics] (peer_config.cpp).
void read_peer(TableReader& r, PeerConfig& peer);
void read_metrics(TableReader& r, MetricsConfig& metrics);
void read_notify(TableReader& r, NotifyConfig& notify);  // notify_config.cpp
void read_desk(TableReader& r, DeskConfig& desk);        // desk_config.cpp
// "host:port" (IPv6 as "[::1]:9443") into its parts; an Error says what was expected.
Result<void> split_listen(const std::string& text, std::string& host, int& port);

}  // namespace jaga::config
