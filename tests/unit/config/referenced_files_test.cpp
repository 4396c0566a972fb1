// Issue 14, item 8: a file or directory the configuration names that is missing or unreadable is
// refused when the configuration is loaded, naming the configuration file, the line and the key.
#include "config/referenced_files.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <string>

#include "config/config.h"
#include "tests/unit/temp_dir.h"

namespace jaga::config {
namespace {

using Catch::Contains;
using Catch::StartsWith;
using testing::TempDir;

// Lines 1-6; line 7 is the first of what a case adds.
const std::string kServers =
    "[servers.primary]\nhost = \"127.0.0.1\"\nuser = \"jaga\"\n"
    "[servers.backup]\nhost = \"10.0.0.2\"\nuser = \"jaga\"\n";

struct Case {
  std::string key;   // the key the error must name
  std::string line;  // "line:column" of its value
  std::string text;  // added after kServers; "MISSING" stands for the missing file's path
};

std::string load_error(const TempDir& dir, const std::string& text) {
  const std::string config = dir.write("jaga.toml", text);
  Result<Config> loaded = load_config(config);
  INFO(text);
  REQUIRE_FALSE(loaded.ok());
  return loaded.error().message;
}

}  // namespace

TEST_CASE("a missing file named by the configuration is refused with file, line and key",
          "[config][files]") {
  const Case c = GENERATE(
      Case{"servers.backup.password_file", "7:17", "password_file = \"MISSING\"\n"},
      Case{"servers.backup.tls_ca", "8:10", "tls_mode = \"verify_ca\"\ntls_ca = \"MISSING\"\n"},
      Case{"servers.backup.tls_cert", "7:12", "tls_cert = \"MISSING\"\n"},
      Case{"servers.backup.tls_key", "7:11", "tls_key = \"MISSING\"\n"},
      Case{"pki.trusted_cas[1]", "8:33", "[pki]\ntrusted_cas = [\"/etc/hostname\", \"MISSING\"]\n"},
      Case{"notify.smtp_ca_file", "11:16",
           "[notify]\nsmtp_url = \"smtp://mail.example.go.id:587\"\n"
           "mail_from = \"jaga@example.go.id\"\nmail_to = [\"apk@example.go.id\"]\n"
           "smtp_ca_file = \"MISSING\"\n"},
      Case{"peer.ca", "11:6",
           "[peer]\nrole = \"coordinator\"\ncert = \"/etc/hostname\"\nkey = \"/etc/hostname\"\n"
           "ca = \"MISSING\"\n[[peer.peers]]\nname = \"b\"\nurl = \"https://10.0.0.2:9443\"\n"
           "cn = \"b\"\n"});
  TempDir dir;
  const std::string missing = dir.file("missing");
  std::string text = c.text;
  text.replace(text.find("MISSING"), 7, missing);
  const std::string message = load_error(dir, kServers + text);
  CHECK_THAT(message, StartsWith(dir.file("jaga.toml") + ":" + c.line + ": " + c.key + ": "));
  CHECK_THAT(message, Contains(missing) && Contains("No such file or directory"));
}

TEST_CASE("files only report drafting reads are checked by config check, not by loading",
          "[config][files]") {
  const Case c = GENERATE(
      Case{"workflow.definition", "8:14", "[workflow]\ndefinition = \"MISSING\"\n"},
      Case{"report.letterhead.logo", "8:8", "[report.letterhead]\nlogo = \"MISSING.png\"\n"});
  TempDir dir;
  const std::string missing = dir.file("missing");
  std::string text = kServers + c.text;
  text.replace(text.find("MISSING"), 7, missing);
  // A broken definition or logo must not stop the checks (workflow_config.cpp).
  Result<Config> loaded = load_config(dir.write("jaga.toml", text));
  if (!loaded) FAIL(loaded.error().message);
  Result<void> checked = check_all_referenced_files(*loaded);
  REQUIRE_FALSE(checked.ok());
  CHECK_THAT(checked.error().message,
             StartsWith(dir.file("jaga.toml") + ":" + c.line + ": " + c.key + ": "));
  CHECK_THAT(checked.error().message, Contains(missing) && Contains("No such file or directory"));
}

TEST_CASE("a directory where the configuration names a file is refused with file, line and key",
          "[config][files]") {
  TempDir dir;
  const std::string message =
      load_error(dir, kServers + "password_file = \"" + dir.path() + "\"\n");
  CHECK_THAT(message, StartsWith(dir.file("jaga.toml") + ":7:17: servers.backup.password_file: "));
  CHECK_THAT(message, Contains("is not a regular file"));
}

TEST_CASE("a directory named by the configuration whose parent does not exist is refused",
          "[config][files]") {
  const std::string key =
      GENERATE(std::string("report.dir"), std::string("backup.dir"), std::string("pki.dir"));
  TempDir dir;
  const std::string table = key.substr(0, key.find('.'));
  const std::string message =
      load_error(dir, kServers + "[" + table + "]\ndir = \"" + dir.file("no/such/parent") + "\"\n");
  CHECK_THAT(message, StartsWith(dir.file("jaga.toml") + ":8:7: " + key + ": "));
  CHECK_THAT(message, Contains(dir.file("no")) && Contains("does not exist"));
}

TEST_CASE("the directory of the evidence store must exist", "[config][files]") {
  TempDir dir;
  const std::string message = load_error(
      dir, "[agent]\nevidence_db = \"" + dir.file("gone/evidence.db") + "\"\n" + kServers);
  CHECK_THAT(message, StartsWith(dir.file("jaga.toml") + ":2:15: agent.evidence_db: "));
  CHECK_THAT(message, Contains(dir.file("gone")) && Contains("does not exist"));
}

TEST_CASE("a password file of the wrong mode is refused with file, line and key",
          "[config][files]") {
  TempDir dir;
  const std::string password = dir.write("pw", "secret\n", 0644);
  const std::string message = load_error(dir, kServers + "password_file = \"" + password + "\"\n");
  CHECK_THAT(message, StartsWith(dir.file("jaga.toml") + ":7:17: servers.backup.password_file: "));
  CHECK_THAT(message, Contains("chmod 600 " + password));
}

TEST_CASE("files and directories that exist pass, and keys left out are not looked at",
          "[config][files]") {
  TempDir dir;
  const std::string config =
      dir.write("jaga.toml",
                kServers + "tls_ca = \"/etc/hostname\"\n[report]\ndir = \"" + dir.file("reports") +
                    "\"\n[workflow]\nagenda_number_format = " + "\"{seq:04}/PIAK/{year}\"\n");
  Result<Config> loaded = load_config(config);
  if (!loaded) FAIL(loaded.error().message);
  CHECK(loaded->workflow.definition == "/etc/jaga/sop-piak-07.toml");  // default, not required
}

}  // namespace jaga::config
