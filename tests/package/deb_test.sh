#!/usr/bin/env bash
# The Debian package as an administrator meets it: cpack builds the .deb from BUILD_DIR, dpkg
# installs it, `jaga serve` runs as the packaged user without systemctl against the test sandbox
# and stops on SIGTERM, and `dpkg --purge` leaves no file, directory or user behind.
# Needs root (it installs a package on this machine); exit 77 (skipped) otherwise, or when a jaga
# package is already installed, which it must not replace.
set -euo pipefail
BUILD=${1:?usage: deb_test.sh BUILD_DIR}
fail() { echo "FAIL: $*" >&2; exit 1; }
[[ $EUID -eq 0 ]] || { echo "skipped: installing a package needs root"; exit 77; }
if dpkg-query -W -f='${Status}' jaga 2>/dev/null | grep -q installed; then
  echo "skipped: a jaga package is already installed here"; exit 77
fi
: "${JAGA_SANDBOX_PRIMARY_PORT:?the test sandbox must run (ops/test starts it)}"
: "${JAGA_SANDBOX_DIR:?}"

work=$(mktemp -d /tmp/jaga-deb-test.XXXXXX)
serve_pid=
cleanup() {
  [[ -n $serve_pid ]] && kill -KILL "$serve_pid" 2>/dev/null
  dpkg --purge jaga >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$BUILD" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log"; fail "cpack could not build the package"; }
deb=$(ls "$work"/out/jaga_*.deb)
echo "built $(basename "$deb")"
# (Outputs are captured first: with pipefail, grep -q closing the pipe early fails the writer.)
info=$(dpkg-deb --info "$deb")
grep -q 'Depends:.*libmariadb' <<<"$info" || fail "no library dependencies in $deb"
dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i failed"; }

[[ -x /usr/bin/jaga ]] || fail "/usr/bin/jaga is not installed"
[[ -f /etc/jaga/jaga.toml && -f /etc/jaga/sop-piak-07.toml ]] || fail "configuration missing"
conffiles=$(dpkg-query --showformat='${Conffiles}' -W jaga)
grep -q /etc/jaga/jaga.toml <<<"$conffiles" || fail "/etc/jaga/jaga.toml is not a conffile"
[[ -f /lib/systemd/system/jaga.service ]] || fail "systemd unit missing"
# docs/two-hosts.md applies the grants from here and starts from the shipped example.
[[ -f /usr/share/doc/jaga/grants.sql && -f /usr/share/doc/jaga/examples/jaga.example.toml ]] ||
  fail "grants.sql or the example configuration is not under /usr/share/doc/jaga"
getent passwd jaga >/dev/null || fail "user jaga was not created"
[[ $(stat -c %U /var/lib/jaga) == jaga ]] || fail "/var/lib/jaga is not owned by jaga"
version=$(/usr/bin/jaga --version)
[[ $version == "jaga "* ]] || fail "jaga --version printed: $version"

# A configuration for the packaged agent: the test sandbox, the store in /var/lib/jaga.
install -m 0640 -g jaga /dev/null /etc/jaga/test.toml
install -m 0600 -o jaga -g jaga "$JAGA_SANDBOX_DIR/jaga.password" /etc/jaga/test.password
cat >/etc/jaga/test.toml <<EOF
[agent]
evidence_db = "/var/lib/jaga/evidence.db"
[servers.primary]
host = "127.0.0.1"
port = $JAGA_SANDBOX_PRIMARY_PORT
user = "jaga"
password_file = "/etc/jaga/test.password"
[servers.backup]
host = "127.0.0.1"
port = $JAGA_SANDBOX_BACKUP_PORT
user = "jaga"
password_file = "/etc/jaga/test.password"
[[schedule.jobs]]
check = "server"
every = "2s"
EOF
# setpriv execs jaga itself (runuser would stay as a parent and answer SIGTERM for it).
setpriv --reuid=jaga --regid=jaga --init-groups /usr/bin/jaga --config /etc/jaga/test.toml serve \
  >"$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 1 100); do
  [[ -s /var/lib/jaga/evidence.db ]] && break
  kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.log"; fail "jaga serve exited"; }
  sleep 0.2
done
sleep 3
kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.log"; fail "jaga serve exited"; }
[[ $(stat -c %U /var/lib/jaga/evidence.db) == jaga ]] || fail "the evidence store is not jaga's"
# 0640 (the service user and its group), not the 0600 that the unit's UMask=0077 would give.
[[ $(stat -c %a /var/lib/jaga/evidence.db) == 640 ]] || fail "the evidence store is not mode 0640"
kill -TERM "$serve_pid"
rc=0
wait "$serve_pid" || rc=$?
serve_pid=
[[ $rc -eq 0 ]] || { cat "$work/serve.log"; fail "jaga serve ended with $rc after SIGTERM"; }
history=$(runuser -u jaga -- /usr/bin/jaga --config /etc/jaga/test.toml history --limit 3)
grep -q server <<<"$history" || fail "no server result was recorded by the packaged agent"

dpkg --purge jaga >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "dpkg --purge failed"; }
for path in /usr/bin/jaga /etc/jaga /var/lib/jaga /var/log/jaga /lib/systemd/system/jaga.service; do
  [[ ! -e $path ]] || fail "$path is still there after purge"
done
! getent passwd jaga >/dev/null || fail "user jaga is still there after purge"
echo "ok: installed, served as jaga, stopped on SIGTERM, purged cleanly"
