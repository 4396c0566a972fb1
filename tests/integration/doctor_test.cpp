// Issue 18: `jaga doctor` against the real sandbox: a healthy pair is all ✓ and exit 0; a
// password file others may read, a server that is down, an expired or missing certificate are
// each a ✗ with the command that fixes it, and exit 1.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "tests/integration/sandbox.h"
#include "tests/unit/peer/test_pki.h"

namespace jaga::test {
namespace {

using Catch::Contains;

ProcessResult doctor(const std::string& config) {
  return run_jaga({"--config", config, "doctor", "--service-user", "root"});
}

// The sandbox configuration with [peer] as the backup host's agent, its certificate issued for
// `days` (negative: expired), or named but missing when `days` is 0.
std::string with_peer(const TempDir& dir, int days) {
  const std::string pki_dir = dir.path() + "/pki";
  ::mkdir(pki_dir.c_str(), 0700);
  testing::TestPki pki(pki_dir);
  pki.issue("other", "jaga-utama");
  if (days != 0) pki.issue("agent", "jaga-cadangan", "ca", days);
  std::string text = read_file(private_config(dir));
  text += "\n[peer]\nrole = \"agent\"\nlisten = \"127.0.0.1:1\"\ncert = \"" +
          pki.path("agent.crt") + "\"\nkey = \"" + pki.path("agent.key") + "\"\nca = \"" +
          pki.path("ca.crt") + "\"\n[[peer.peers]]\nname = \"utama\"\nfingerprint = \"" +
          pki.fingerprint("other") + "\"\n";
  return dir.write("jaga.toml", text, 0644);
}

}  // namespace

TEST_CASE("jaga doctor on a healthy sandbox is all ticks and exit 0", "[cli][doctor]") {
  Sandbox::get().heal();
  TempDir dir;
  const ProcessResult r = doctor(private_config(dir));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("✗") == std::string::npos);
  for (const char* line :
       {"✓ configuration: ", "✓ password files: ", "✓ evidence store writable by root: ",
        "✓ server servers.primary (127.0.0.1:", "✓ server servers.backup (127.0.0.1:",
        "✓ grants on servers.primary", "✓ grants on servers.backup", "✓ TLS to primary",
        "✓ TLS to backup", "✓ clock skew: against this host",
        "✓ free space of volume data: ", "– peer: no [peer] configured", "All good.\n"}) {
    CHECK_THAT(r.out, Contains(line));
  }
}

TEST_CASE("jaga doctor names a password file others may read and how to close it",
          "[cli][doctor]") {
  TempDir dir;
  const std::string password =
      dir.write("open.password", read_file(Sandbox::get().dir() + "/jaga.password"), 0644);
  const ProcessResult r =
      doctor(private_config(dir, Sandbox::get().dir() + "/jaga.password", password));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Contains("✗ password files: ") &&
                        Contains("    fix: chown jaga:jaga " + password + " && chmod 0600 " +
                                 password + "\n") &&
                        Contains("– servers, grants, TLS, clock: need the password files"));
}

TEST_CASE("jaga doctor names a server that does not answer and how to look at it",
          "[cli][doctor]") {
  TempDir dir;
  const std::string port = std::to_string(Sandbox::get().config().backup.port);
  const ProcessResult r = doctor(private_config(dir, "port = " + port + "\n", "port = 34399\n"));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Contains("✗ server servers.backup (127.0.0.1:34399): ") &&
                        Contains("    fix: on 127.0.0.1: systemctl status mariadb; from here: "
                                 "mariadb-admin ping -h 127.0.0.1 -P 34399") &&
                        Contains("✓ server servers.primary"));
}

TEST_CASE("jaga doctor names an expired agent certificate and how to renew it", "[cli][doctor]") {
  TempDir dir;
  const ProcessResult r = doctor(with_peer(dir, -1));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Contains("✗ certificate peer.cert: " + dir.path() +
                             "/pki/agent.crt expired "
                             "on ") &&
                        Contains("    fix: on the host with the office CA: jaga pki issue-agent "
                                 "--host ") &&
                        Contains("✓ certificate peer.ca: ") &&
                        Contains("– peer utama: has no url"));
}

TEST_CASE("jaga doctor names a missing agent certificate and how to issue it", "[cli][doctor]") {
  TempDir dir;
  const ProcessResult r = doctor(with_peer(dir, 0));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Contains("✗ certificate peer.cert: ") &&
                        Contains("    fix: on the host with the office CA: jaga pki issue-agent"));
}

TEST_CASE("jaga doctor with a valid agent certificate ticks it", "[cli][doctor]") {
  TempDir dir;
  const ProcessResult r = doctor(with_peer(dir, 30));
  INFO(r.out << r.err);
  CHECK_THAT(r.out, Contains("✓ certificate peer.cert: ") && Contains("(30 days)"));
}

}  // namespace jaga::test
