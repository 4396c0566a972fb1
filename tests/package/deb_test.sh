#!/usr/bin/env bash
# The Debian package as an administrator meets it: the .deb that ops/package built with debhelper
# (and lintian passed) installs with dpkg, ships a stripped, hardened binary with its -dbgsym, a
# manual page, the grants and examples; the service is installed disabled and is stopped before
# removal; `jaga serve` runs as the packaged user against the test sandbox and stops on SIGTERM;
# `dpkg --purge` removes the program but keeps the evidence store, the office's files in /etc/jaga
# and the jaga user, and says where they are.
# Needs root (it installs a package on this machine); exit 77 (skipped) otherwise, when a jaga
# package is already installed (it must not replace it), or when no package was built and
# JAGA_REQUIRE_PACKAGE is unset (ops/test builds it first and sets it).
set -euo pipefail
DEBS=${1:?usage: deb_test.sh DEB_DIR}
fail() { echo "FAIL: $*" >&2; exit 1; }
[[ $EUID -eq 0 ]] || { echo "skipped: installing a package needs root"; exit 77; }
if dpkg-query -W -f='${Status}' jaga 2>/dev/null | grep -q installed; then
  echo "skipped: a jaga package is already installed here"; exit 77
fi
shopt -s nullglob
debs=("$DEBS"/jaga_*.deb)
dbgsym=("$DEBS"/jaga-dbgsym_*.deb)
if ((${#debs[@]} == 0)); then
  [[ -n ${JAGA_REQUIRE_PACKAGE:-} ]] && fail "no package in $DEBS: ops/package did not build it"
  echo "skipped: no package in $DEBS (build it with ops/package)"; exit 77
fi
((${#debs[@]} == 1)) || fail "more than one package in $DEBS: ${debs[*]}"
((${#dbgsym[@]} == 1)) || fail "no jaga-dbgsym package beside ${debs[0]}"
deb=${debs[0]}
: "${JAGA_SANDBOX_PRIMARY_PORT:?the test sandbox must run (ops/test starts it)}"
: "${JAGA_SANDBOX_DIR:?}"

work=$(mktemp -d /tmp/jaga-deb-test.XXXXXX)
serve_pid=
cleanup() {
  [[ -n $serve_pid ]] && kill -KILL "$serve_pid" 2>/dev/null
  dpkg --purge jaga >/dev/null 2>&1 || true
  # What a purge keeps on purpose (see debian/jaga.postrm) is the test's to remove.
  rm -rf "$work" /var/lib/jaga /etc/jaga
  if getent passwd jaga >/dev/null; then userdel jaga >/dev/null 2>&1 || true; fi
  if getent group jaga >/dev/null; then groupdel jaga >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

echo "testing $(basename "$deb")"
info=$(dpkg-deb --info "$deb")
grep -q 'Depends:.*libmariadb' <<<"$info" || fail "no library dependencies in $deb"
dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i failed"; }

[[ -x /usr/bin/jaga ]] || fail "/usr/bin/jaga is not installed"
[[ -f /etc/jaga/jaga.toml && -f /etc/jaga/sop-piak-07.toml ]] || fail "configuration missing"
conffiles=$(dpkg-query --showformat='${Conffiles}' -W jaga)
grep -q /etc/jaga/jaga.toml <<<"$conffiles" || fail "/etc/jaga/jaga.toml is not a conffile"
[[ -f /lib/systemd/system/jaga.service ]] || fail "systemd unit missing"
# Installed disabled: the configuration needs the office's servers and password files first.
[[ ! -e /etc/systemd/system/multi-user.target.wants/jaga.service ]] ||
  fail "the service was enabled before it was configured"
prerm=$(cat "$(dpkg-query --control-path jaga prerm)")
grep -q 'deb-systemd-invoke stop.*jaga.service' <<<"$prerm" || fail "prerm does not stop the service"
# dh_strip: no debug sections in the binary, its build id in the -dbgsym package.
sections=$(readelf -S --wide /usr/bin/jaga)
! grep -q '\.debug_info' <<<"$sections" || fail "/usr/bin/jaga is not stripped"
build_id=$(readelf -n /usr/bin/jaga | sed -n 's/.*Build ID: //p')
dbgsym_files=$(dpkg-deb --contents "${dbgsym[0]}")
grep -q "usr/lib/debug/.build-id/${build_id:0:2}/${build_id:2}.debug" <<<"$dbgsym_files" ||
  fail "the -dbgsym package has no debug file for build id $build_id"
# Debian's hardening flags: full RELRO (bindnow), PIE, fortified functions.
dynamic=$(readelf -d /usr/bin/jaga)
grep -q 'BIND_NOW' <<<"$dynamic" || fail "/usr/bin/jaga is not linked with -z now"
grep -q 'PIE' <<<"$dynamic" || fail "/usr/bin/jaga is not a PIE"
symbols=$(readelf --dyn-syms --wide /usr/bin/jaga)
grep -q '__[a-z]*_chk' <<<"$symbols" || fail "/usr/bin/jaga uses no fortified functions"
[[ -f /usr/share/man/man1/jaga.1.gz ]] || fail "no manual page"
manpage=$(zcat /usr/share/man/man1/jaga.1.gz)
grep -q 'serve' <<<"$manpage" && grep -q '/var/lib/jaga' <<<"$manpage" ||
  fail "the manual page does not list the subcommands and the files"
[[ -f /usr/share/doc/jaga/copyright && -f /usr/share/doc/jaga/changelog.gz ]] ||
  fail "no copyright or changelog under /usr/share/doc/jaga"
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
for path in /usr/bin/jaga /var/log/jaga /lib/systemd/system/jaga.service /etc/jaga/jaga.toml; do
  [[ ! -e $path ]] || fail "$path is still there after purge"
done
# The evidence store (the signed reports and the agenda book), the office's own files in /etc/jaga
# and the user that owns them stay, and the purge says so.
[[ -s /var/lib/jaga/evidence.db ]] || fail "purge removed the evidence store"
[[ -f /etc/jaga/test.password ]] || fail "purge removed the office's files in /etc/jaga"
getent passwd jaga >/dev/null || fail "purge removed user jaga, which owns the evidence store"
purge_log=$(cat "$work/purge.log")
grep -q 'evidence store /var/lib/jaga is kept' <<<"$purge_log" ||
  { cat "$work/purge.log"; fail "purge did not say that it kept /var/lib/jaga"; }
echo "ok: installed disabled, served as jaga, stopped on SIGTERM, purged keeping the evidence"
