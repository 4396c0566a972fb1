// Access to the real primary/backup sandbox started by `ops/sandbox up DIR` for integration
// tests. DIR comes from $JAGA_SANDBOX_DIR. Tests inject faults through the root accounts on the
// servers' unix sockets and must undo them (use the guards below) so every test starts from a
// healthy, caught-up pair.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "checks/check.h"
#include "config/config.h"
#include "db/connection.h"
#include "db/servers.h"

namespace jaga::test {

class Sandbox {
 public:
  // The sandbox of this test process; fails the test when $JAGA_SANDBOX_DIR is not set or its
  // configuration cannot be loaded.
  static Sandbox& get();

  const std::string& dir() const { return dir_; }
  std::string config_path() const { return dir_ + "/jaga.toml"; }
  // A fresh copy of the sandbox configuration (passwords resolved), for a test to adjust.
  config::Config config() const;

  // A root connection over the server's unix socket, for fault injection.
  std::unique_ptr<db::Connection> admin(db::Role role) const;
  pid_t server_pid(db::Role role) const;

  // Waits until the backup has applied everything the primary has written (fails the test
  // after 60 s).
  void wait_for_catch_up() const;
  // Restarts replication threads if a test left them stopped and waits for catch-up.
  void heal() const;

 private:
  explicit Sandbox(std::string dir);
  std::string dir_;
};

// Runs `check` once against `config`, as `jaga check` would.
checks::CheckResult run_check(checks::Check& check, const config::Config& config);

// The real Env (system clock, steady_clock, sleeping, statvfs) for code under test that takes one.
Env& system_env();

// Runs SQL on an admin connection and fails the test on error.
db::ResultSet admin_sql(db::Connection& connection, const std::string& sql);

// A scratch directory under /tmp, removed with everything in it when the guard goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // Writes `content` to `name` inside the directory with `mode`; returns the full path.
  std::string write(const std::string& name, const std::string& content, int mode = 0600) const;

 private:
  std::string path_;
};

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs the jaga binary under test with `args` and waits for it.
ProcessResult run_jaga(const std::vector<std::string>& args);
// Starts the jaga binary with stdout and stderr going to the given files; does not wait.
pid_t start_jaga(const std::vector<std::string>& args, const std::string& out_path,
                 const std::string& err_path);
// Waits for `pid`; its exit code, or 128 + the signal that ended it.
int wait_exit_code(pid_t pid);

// A loopback TCP port nothing listens on at the moment of asking.
int free_port();

// A monitoring user (nobody:nogroup): not the store's owner (root in the tests), and made a
// member of its group by chown-ing the store to kMonitoringGid.
inline constexpr uid_t kMonitoringUid = 65534;
inline constexpr gid_t kMonitoringGid = 65534;
// Runs the jaga binary as uid:gid with no supplementary groups (setpriv drops root; needs root),
// with `environment` ("NAME=value", or empty) set. Its output passes through files in `dir`.
ProcessResult run_jaga_as(uid_t uid, gid_t gid, const TempDir& dir,
                          const std::vector<std::string>& args,
                          const std::string& environment = "");

// RAII: freezes a server process (its port stays open but it never answers) until destroyed.
class FrozenServer {
 public:
  explicit FrozenServer(pid_t pid);
  ~FrozenServer();
  FrozenServer(const FrozenServer&) = delete;
  FrozenServer& operator=(const FrozenServer&) = delete;

 private:
  pid_t pid_;
};

// The sandbox configuration as TOML text with its evidence store moved into `dir` and, when
// `from` is given, every `from` replaced by `to`; written to DIR/jaga.toml, path returned.
std::string private_config(const TempDir& dir, const std::string& from = "",
                           const std::string& to = "");

std::string read_file(const std::string& path);
// `text` with every occurrence of `from` replaced by `to`; fails the test if there is none.
std::string replace_all(std::string text, const std::string& from, const std::string& to);

}  // namespace jaga::test
