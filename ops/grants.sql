-- ops/grants.sql - the database account of the jaga agent, with least privilege.
-- Target: MariaDB 10.11 (privilege names of MariaDB 10.5.9 and later).
--
-- Run it on the PRIMARY server as an administrator, after replication to the backup server is
-- set up: the account, its grants and the `jaga` schema then replicate to the backup server, so
-- both servers hold the same account with the same password. Running it again is harmless.
--
-- 1. Choose the host part of the account: the address the agents connect from. This file uses
--    'jaga'@'%' (any host); in an office, narrow it to the agents' addresses (for example
--    'jaga'@'10.0.0.%'), because jaga's own security check reports accounts with wildcard
--    hosts. Replace every 'jaga'@'%' below with the account you choose.
--
-- 2. Create the account with a long random password. The agent reads the password from the file
--    named by password_file in /etc/jaga/jaga.toml (mode 0600, owned by the agent's user):
--
--      head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' > /etc/jaga/primary.password
--      chmod 0600 /etc/jaga/primary.password
--
--    then, in the mariadb client on the primary, with the content of that file:
--
--      CREATE USER IF NOT EXISTS 'jaga'@'%' IDENTIFIED BY '<password from the file>';
--
--    That statement, password included, is written to the binary log. To keep the password
--    out of it, run SELECT PASSWORD('<password from the file>') first and create the account
--    with the hash it returns:  ... IDENTIFIED BY PASSWORD '*<41-character hash>';
--
--    (Append REQUIRE SSL when the servers have TLS certificates, and set tls_mode = "required"
--    or stricter in jaga.toml.) The backup server receives the same account by replication, so
--    its password file holds the same password.
--
-- 3. Apply this file on the primary:   mariadb -u root -p < grants.sql
--
-- Deliberately NOT granted: SUPER, READ_ONLY ADMIN (the backup server stays read-only for the
-- agent, so even a bug in jaga cannot write there), REPLICATION SLAVE ADMIN (jaga never starts
-- or stops replication), PROCESS, RELOAD, FILE, and any write privilege on the population
-- schema `siak`. jaga reads population data and writes only its own schema `jaga`.

-- Replication health on the primary: SHOW BINLOG STATUS (SHOW MASTER STATUS) and
-- SHOW BINARY LOGS - the current binary log file and position, and which binary logs exist.
GRANT BINLOG MONITOR ON *.* TO 'jaga'@'%';

-- Replication health on the backup server: SHOW SLAVE STATUS (SHOW REPLICA STATUS) - I/O and
-- SQL thread state, last errors, reported lag, the GTID position received and applied.
-- (SHOW GLOBAL STATUS, SHOW GLOBAL VARIABLES and @@gtid_binlog_pos, @@gtid_binlog_state,
-- @@gtid_slave_pos, @@read_only need no privilege.)
GRANT SLAVE MONITOR ON *.* TO 'jaga'@'%';

-- Data consistency between the servers and restore verification: read-only access to the
-- population schema, for chunked digests and logical backups. `jaga backup` needs nothing more:
-- it matches the consistent snapshots of its connections by their binlog position instead of
-- taking FLUSH TABLES WITH READ LOCK, so neither RELOAD nor LOCK TABLES is granted, and
-- BINLOG_GTID_POS() needs no privilege. If the office keeps population
-- data in more schemas, add one such line per schema.
GRANT SELECT ON siak.* TO 'jaga'@'%';

-- The schema comparison that comes before rows (tables, columns, keys, views, triggers,
-- routines, events of both servers): SHOW VIEW lets the agent read view definitions, and the two
-- SELECTs the stored routines and events. All three are read-only.
GRANT SHOW VIEW ON siak.* TO 'jaga'@'%';
GRANT SELECT ON mysql.proc TO 'jaga'@'%';
GRANT SELECT ON mysql.event TO 'jaga'@'%';
-- Triggers are shown only to an account that may also create and drop them (the TRIGGER
-- privilege), so it is not granted here: without it the consistency check says "not compared:
-- triggers" instead of comparing them. An office that wants triggers compared, and accepts that
-- the agent's account could then change triggers of `siak`, adds:
--   GRANT TRIGGER ON siak.* TO 'jaga'@'%';

-- The security check: which accounts exist, whether they have a password, from which hosts they
-- may log in, and their privileges (to report grant changes). mysql.global_priv holds each
-- account's password hash in the same JSON document as its privileges, so this grant lets the
-- agent's account read the hashes; jaga drops them as soon as a row is parsed and never stores
-- or logs them. Leave these five lines out to do without the security check (it then says
-- UNKNOWN and names this grant).
GRANT SELECT ON mysql.global_priv TO 'jaga'@'%';
GRANT SELECT ON mysql.db TO 'jaga'@'%';
GRANT SELECT ON mysql.tables_priv TO 'jaga'@'%';
GRANT SELECT ON mysql.procs_priv TO 'jaga'@'%';
GRANT SELECT ON mysql.roles_mapping TO 'jaga'@'%';

-- jaga's own schema. Holds the replication heartbeat: the agent writes one row per server id
-- on the primary (INSERT ... ON DUPLICATE KEY UPDATE, old rows may be DELETEd) and reads its
-- arrival on the backup server, where read_only refuses the agent's writes. CREATE lets a
-- later version of the agent add its own tables to this schema; it applies to `jaga` only.
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON jaga.* TO 'jaga'@'%';

CREATE DATABASE IF NOT EXISTS jaga CHARACTER SET utf8mb4;

-- One row per primary server: ts is the primary's UTC_TIMESTAMP(6) when the agent wrote the row.
-- On the backup server, UTC_TIMESTAMP(6) - ts is the true replication lag (plus the clock skew
-- between the two servers, which the server check measures).
CREATE TABLE IF NOT EXISTS jaga.heartbeat (
  server_id INT UNSIGNED NOT NULL PRIMARY KEY,
  ts DATETIME(6) NOT NULL
) ENGINE=InnoDB;
