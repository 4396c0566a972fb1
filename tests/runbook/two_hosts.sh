#!/usr/bin/env bash
# docs/two-hosts.md, followed step by step on this machine: two network namespaces joined by a
# veth pair stand for db-utama (the primary) and db-cadangan (the backup), each with its own
# MariaDB server and jaga agent, the backup replicating from the primary over the link. The CA is
# made on db-utama, db-cadangan's certificate is copied over as the runbook says, each agent pins
# the other by the fingerprint `jaga pki issue-agent` printed, db-cadangan's firewall admits only
# db-utama, and db-utama's history then holds db-cadangan's results and compares both servers
# with db-cadangan's agent digesting its own side.
# Needs root (network namespaces); exit 77 (skipped) otherwise. Every wait is bounded, and the
# namespaces, servers and agents are removed on exit whatever happens.
set -euo pipefail
BUILD=${1:?usage: two_hosts.sh BUILD_DIR}
JAGA=$(cd "$BUILD" && pwd)/jaga
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
[[ $EUID -eq 0 ]] || {
  echo "skipped: network namespaces need root"
  exit 77
}
for program in ip nft mariadbd mariadb-install-db mariadb openssl; do
  command -v "$program" >/dev/null || [[ -x /usr/sbin/$program ]] ||
    fail "$program is missing (ops/install-deps installs it)"
done
MARIADBD=$(command -v mariadbd || echo /usr/sbin/mariadbd)

T=$(mktemp -d /tmp/jaga-runbook.XXXXXX)
chmod 0755 "$T"
tag=$(($$ % 10000))
NS_U=jrb-utama-$tag
NS_C=jrb-cadangan-$tag
NET=10.213.$(($$ % 250))
IP_U=$NET.11
IP_C=$NET.12
U=$T/db-utama
C=$T/db-cadangan

cleanup() {
  local rc=$?
  if ((rc != 0 && rc != 77)); then
    for log in "$T"/*.log "$U"/mysql/err.log "$C"/mysql/err.log; do
      [[ -f $log ]] || continue
      echo "---- $log (last 25 lines)"
      tail -n 25 "$log"
    done
  fi
  # Every server and agent of this test names the test's directory on its command line.
  pkill -TERM -f "$T/" 2>/dev/null || true
  local deadline=$((SECONDS + 10))
  while pgrep -f "$T/" >/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  pkill -KILL -f "$T/" 2>/dev/null || true
  ip netns del "$NS_U" 2>/dev/null || true
  ip netns del "$NS_C" 2>/dev/null || true
  rm -rf "$T"
  exit "$rc"
}
trap cleanup EXIT

on_utama() { ip netns exec "$NS_U" "$@"; }
on_cadangan() { ip netns exec "$NS_C" "$@"; }
# Waits up to $1 seconds for the command after it to succeed.
wait_for() {
  local seconds=$1
  shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# ---- The two hosts: namespaces, the link, a MariaDB server on each --------------------------
ip netns add "$NS_U"
ip netns add "$NS_C"
ip link add "vu$tag" type veth peer name "vc$tag"
ip link set "vu$tag" netns "$NS_U"
ip link set "vc$tag" netns "$NS_C"
on_utama ip addr add "$IP_U/24" dev "vu$tag"
on_cadangan ip addr add "$IP_C/24" dev "vc$tag"
for ns in "$NS_U" "$NS_C"; do ip netns exec "$ns" ip link set lo up; done
on_utama ip link set "vu$tag" up
on_cadangan ip link set "vc$tag" up

start_server() {
  local host=$1 ns=$2 server_id=$3 read_only=$4 dir=$1/mysql
  mkdir -p "$dir/tmp" "$host/etc/jaga/pki" "$host/var/lib/jaga"
  cat >"$dir/my.cnf" <<EOF
[mariadbd]
user=root
datadir=$dir/data
socket=$dir/sock
port=3306
bind-address=0.0.0.0
skip-name-resolve
pid-file=$dir/pid
tmpdir=$dir/tmp
log-error=$dir/err.log
server-id=$server_id
log-bin=$dir/binlog
relay-log=$dir/relay-bin
binlog_format=ROW
log_slave_updates=ON
read_only=$read_only
innodb_buffer_pool_size=64M
[client]
socket=$dir/sock
user=root
EOF
  mariadb-install-db --defaults-file="$dir/my.cnf" --user=root --skip-test-db \
    --auth-root-authentication-method=normal >"$dir/install.log" 2>&1 ||
    fail "mariadb-install-db failed on $(basename "$host")"
  ip netns exec "$ns" setsid "$MARIADBD" --defaults-file="$dir/my.cnf" </dev/null \
    >/dev/null 2>&1 &
  disown
  wait_for 60 mariadb --defaults-file="$dir/my.cnf" -e 'SELECT 1' ||
    fail "the MariaDB server of $(basename "$host") did not start"
}
sql_utama() { mariadb --defaults-file="$U/mysql/my.cnf" -N -B "$@"; }
sql_cadangan() { mariadb --defaults-file="$C/mysql/my.cnf" -N -B "$@"; }
start_server "$U" "$NS_U" 1 OFF
start_server "$C" "$NS_C" 2 ON
sql_utama -e "CREATE USER 'repl'@'$IP_C' IDENTIFIED BY 'repl-secret';
              GRANT REPLICATION SLAVE ON *.* TO 'repl'@'$IP_C';"
sql_cadangan -e "CHANGE MASTER TO MASTER_HOST = '$IP_U', MASTER_PORT = 3306,
                   MASTER_USER = 'repl', MASTER_PASSWORD = 'repl-secret',
                   MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1;
                 START SLAVE;"
{
  echo 'SET @rows = 3000;'
  cat "$ROOT/ops/sandbox-data.sql"
} | sql_utama
replicated_rows() { [[ $(sql_cadangan -e 'SELECT COUNT(*) FROM siak.biodata_wni') == 3000 ]]; }
wait_for 60 replicated_rows ||
  fail "db-cadangan did not replicate the primary's rows over the link"

# ---- Runbook step 2: the monitoring account (on db-utama; it replicates) ----------------------
(umask 077 && openssl rand -base64 24 >"$U/etc/jaga/db.password")
sql_utama -e "CREATE USER 'jaga'@'%' IDENTIFIED BY '$(cat "$U/etc/jaga/db.password")'"
sql_utama <"$ROOT/ops/grants.sql"
install -m 0600 "$U/etc/jaga/db.password" "$C/etc/jaga/db.password"
account_replicated() { [[ $(sql_cadangan -e "SELECT COUNT(*) FROM mysql.user WHERE User = 'jaga'") == 1 ]]; }
wait_for 30 account_replicated ||
  fail "the monitoring account did not replicate to db-cadangan"

# ---- Step 3: the office CA and both agent certificates, on db-utama ---------------------------
PKI=$U/var/lib/jaga/pki
(umask 077 && echo "runbook CA passphrase" >"$T/ca.pass")
on_utama "$JAGA" pki init --pki-dir "$PKI" --name "CA Disdukcapil" --organization Disdukcapil \
  --ca-passphrase-file "$T/ca.pass" >"$T/pki-init.log"
fingerprint_of() {
  local host=$1 ip=$2 out
  out=$(on_utama "$JAGA" pki issue-agent --pki-dir "$PKI" --host "$host" --san "$ip" \
    --ca-passphrase-file "$T/ca.pass")
  echo "$out" >>"$T/pki-issue.log"
  sed -n 's/^  fingerprint = "\(.*\)"$/\1/p' <<<"$out"
}
FP_U=$(fingerprint_of db-utama "$IP_U")
FP_C=$(fingerprint_of db-cadangan "$IP_C")
[[ $FP_U =~ ^([0-9A-F]{2}:){31}[0-9A-F]{2}$ && $FP_C =~ ^([0-9A-F]{2}:){31}[0-9A-F]{2}$ ]] ||
  fail "pki issue-agent did not print the fingerprints to pin ($FP_U / $FP_C)"
install -m 0644 "$PKI/agents/db-utama.crt" "$U/etc/jaga/pki/agent.crt"
install -m 0600 "$PKI/agents/db-utama.key" "$U/etc/jaga/pki/agent.key"
install -m 0644 "$PKI/ca.crt" "$U/etc/jaga/pki/ca.crt"

# ---- Step 4: db-cadangan's certificate moves to db-cadangan; its key leaves db-utama ----------
install -m 0644 "$PKI/agents/db-cadangan.crt" "$C/etc/jaga/pki/agent.crt"
install -m 0600 "$PKI/agents/db-cadangan.key" "$C/etc/jaga/pki/agent.key"
install -m 0644 "$PKI/ca.crt" "$C/etc/jaga/pki/ca.crt"
shred -u "$PKI/agents/db-cadangan.key"
[[ ! -e $C/var/lib/jaga/pki/ca.key && ! -e $PKI/agents/db-cadangan.key ]] ||
  fail "a key is where the runbook says it must not be"

# ---- Step 5: db-cadangan's firewall admits only db-utama on 9443 ------------------------------
on_cadangan nft add table inet filter
on_cadangan nft add chain inet filter input '{ type filter hook input priority 0; policy accept; }'
on_cadangan nft add rule inet filter input ip saddr "$IP_U" tcp dport 9443 accept
on_cadangan nft add rule inet filter input tcp dport 9443 drop

# ---- Steps 6 and 7: the two configurations ----------------------------------------------------
# As in the runbook, with this machine's addresses and directories, and short intervals so the
# test does not wait for minutes.
common() {
  local host=$1 primary=$2 backup=$3
  cat <<EOF
[agent]
host_name = "$(basename "$host")"
evidence_db = "$host/var/lib/jaga/evidence.db"

[servers.primary]
host = "$primary"
user = "jaga"
password_file = "$host/etc/jaga/db.password"

[servers.backup]
host = "$backup"
user = "jaga"
password_file = "$host/etc/jaga/db.password"

[checks.server]
min_uptime_seconds = 0

[[checks.server.volumes]]
name = "data"
path = "$host/mysql"

[pki]
dir = "$host/var/lib/jaga/pki"

[[schedule.jobs]]
check = "server"
every = "5s"
EOF
}
{
  common "$C" "$IP_U" 127.0.0.1
  cat <<EOF

[peer]
role = "agent"
listen = "$IP_C:9443"
cert = "$C/etc/jaga/pki/agent.crt"
key = "$C/etc/jaga/pki/agent.key"
ca = "$C/etc/jaga/pki/ca.crt"

[[peer.peers]]
name = "db-utama"
fingerprint = "$FP_U"
coordinator = true
EOF
} >"$C/etc/jaga/jaga.toml"
{
  common "$U" 127.0.0.1 "$IP_C"
  cat <<EOF

[checks.consistency]
schemas = ["siak"]

[peer]
role = "coordinator"
pull_interval_seconds = 2
cert = "$U/etc/jaga/pki/agent.crt"
key = "$U/etc/jaga/pki/agent.key"
ca = "$U/etc/jaga/pki/ca.crt"

[[peer.peers]]
name = "db-cadangan"
url = "https://$IP_C:9443"
fingerprint = "$FP_C"
EOF
} >"$U/etc/jaga/jaga.toml"

# ---- Step 8: check and start ------------------------------------------------------------------
on_cadangan "$JAGA" --config "$C/etc/jaga/jaga.toml" config check >"$T/config-cadangan.log" 2>&1 ||
  fail "config check refused db-cadangan's configuration"
on_utama "$JAGA" --config "$U/etc/jaga/jaga.toml" config check >"$T/config-utama.log" 2>&1 ||
  fail "config check refused db-utama's configuration"
on_cadangan setsid "$JAGA" --config "$C/etc/jaga/jaga.toml" serve </dev/null \
  >"$T/serve-cadangan.log" 2>&1 &
wait_for 30 on_utama bash -c "exec 3<>/dev/tcp/$IP_C/9443" ||
  fail "db-cadangan's agent does not listen on $IP_C:9443"
# The doctor on db-utama reaches the peer over mutual TLS.
on_utama "$JAGA" --config "$U/etc/jaga/jaga.toml" doctor >"$T/doctor-utama.log" 2>&1 || true
grep -q "✓.*db-cadangan" "$T/doctor-utama.log" ||
  fail "jaga doctor on db-utama does not reach db-cadangan's agent: $(grep db-cadangan "$T/doctor-utama.log")"
on_utama setsid "$JAGA" --config "$U/etc/jaga/jaga.toml" serve </dev/null \
  >"$T/serve-utama.log" 2>&1 &

# ---- Step 9: verify ---------------------------------------------------------------------------
pulled() {
  on_utama "$JAGA" --config "$U/etc/jaga/jaga.toml" history --format json --limit 200 |
    grep -q '"host": *"db-cadangan"'
}
wait_for 90 pulled || fail "db-utama's history holds no result of db-cadangan after 90 s"
on_utama "$JAGA" --config "$U/etc/jaga/jaga.toml" check consistency --format json \
  >"$T/consistency.log" 2>&1 || fail "the consistency check across the link is not OK"
grep -q "via the agent of peer db-cadangan" "$T/consistency.log" ||
  fail "db-cadangan's agent did not digest its own server"
grep -q '"status": *"OK"' "$T/consistency.log" || fail "the consistency check is not OK"

# The firewall of step 5: a connection to 9443 from any address but db-utama's is dropped (from
# db-cadangan itself: its packets reach the input hook with its own address as the source).
if on_cadangan timeout 3 bash -c "exec 3<>/dev/tcp/$IP_C/9443" 2>/dev/null; then
  fail "db-cadangan's firewall let a connection from $IP_C reach port 9443"
fi
grep -o '"summary": *"[^"]*"' "$T/consistency.log" | head -n 1
grep -o '"digest": *"[^"]*"' "$T/consistency.log" | head -n 1
echo "runbook followed: db-utama pulls db-cadangan's results and compares both servers"
