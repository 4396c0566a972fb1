#include "tests/integration/sandbox.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/clock.h"

extern char** environ;

namespace jaga::test {

Sandbox::Sandbox(std::string dir) : dir_(std::move(dir)) {}

Sandbox& Sandbox::get() {
  static Sandbox* sandbox = [] {
    const char* dir = std::getenv("JAGA_SANDBOX_DIR");
    if (dir == nullptr || *dir == '\0') {
      FAIL(
          "JAGA_SANDBOX_DIR is not set: start a sandbox with `ops/sandbox up DIR` and export "
          "JAGA_SANDBOX_DIR=DIR (ops/test does both)");
    }
    return new Sandbox(dir);  // lives for the whole test process
  }();
  return *sandbox;
}

config::Config Sandbox::config() const {
  auto config = config::load_config(config_path());
  if (!config) FAIL(config.error().message);
  return *config;
}

std::unique_ptr<db::Connection> Sandbox::admin(db::Role role) const {
  config::ServerConfig server;
  server.role = role == db::Role::kPrimary ? "primary (root)" : "backup (root)";
  server.socket = dir_ + (role == db::Role::kPrimary ? "/primary/sock" : "/backup/sock");
  server.user = "root";
  server.connect_timeout_seconds = 10;
  server.tls_mode = config::TlsMode::kDisabled;
  auto connection = db::Connection::open(server);
  if (!connection) FAIL(connection.error().message);
  return std::move(*connection);
}

pid_t Sandbox::server_pid(db::Role role) const {
  const std::string text =
      read_file(dir_ + (role == db::Role::kPrimary ? "/primary/pid" : "/backup/pid"));
  return static_cast<pid_t>(std::stol(text));
}

void Sandbox::wait_for_catch_up() const {
  auto primary = admin(db::Role::kPrimary);
  auto backup = admin(db::Role::kBackup);
  const std::string pos =
      admin_sql(*primary, "SELECT @@gtid_binlog_pos").rows.at(0)[0].value_or("");
  const auto done =
      admin_sql(*backup, "SELECT MASTER_GTID_WAIT(" + backup->quote(pos) + ", 60)").rows.at(0)[0];
  if (done != "0") FAIL("backup did not reach the primary's position " + pos + " within 60 s");
}

void Sandbox::heal() const {
  auto backup = admin(db::Role::kBackup);
  admin_sql(*backup, "START SLAVE");
  wait_for_catch_up();
}

Env& system_env() {
  static SystemEnv env;
  return env;
}

checks::CheckResult run_check(checks::Check& check, const config::Config& config) {
  db::Servers servers(config.primary, config.backup);
  SystemClock clock;
  SystemEnv env;
  checks::CheckContext context{config, servers, clock, nullptr, false, env};
  checks::CheckResult result = check.run(context);
  result.check = std::string(check.name());
  return result;
}

db::ResultSet admin_sql(db::Connection& connection, const std::string& sql) {
  auto result = connection.query(sql);
  if (!result) FAIL(result.error().message);
  return std::move(*result);
}

pid_t start_jaga(const std::vector<std::string>& args, const std::string& out_path,
                 const std::string& err_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT, 0600);
  std::vector<std::string> all = {JAGA_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, JAGA_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) FAIL("cannot start " JAGA_BINARY);
  return pid;
}

int wait_exit_code(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

ProcessResult run_jaga_as(uid_t uid, gid_t gid, const TempDir& dir,
                          const std::vector<std::string>& args, const std::string& environment) {
  const std::string out_path = dir.path() + "/as-user.out";
  const std::string err_path = dir.path() + "/as-user.err";
  std::vector<std::string> all = {"/usr/bin/setpriv", "--reuid=" + std::to_string(uid),
                                  "--regid=" + std::to_string(gid), "--clear-groups",
                                  "/usr/bin/env"};
  if (!environment.empty()) all.push_back(environment);
  all.push_back(JAGA_BINARY);
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, all[0].c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(rc == 0);
  ProcessResult result;
  result.exit_code = wait_exit_code(pid);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

ProcessResult run_jaga(const std::vector<std::string>& args) {
  TempDir io;
  const std::string out_path = io.path() + "/out";
  const std::string err_path = io.path() + "/err";
  ProcessResult result;
  result.exit_code = wait_exit_code(start_jaga(args, out_path, err_path));
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

TempDir::TempDir() {
  std::string pattern = "/tmp/jaga-test-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) FAIL("cannot create a temporary directory");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write(const std::string& name, const std::string& content, int mode) const {
  const std::string path = path_ + "/" + name;
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
  }
  chmod(path.c_str(), static_cast<mode_t>(mode));
  return path;
}

FrozenServer::FrozenServer(pid_t pid) : pid_(pid) { kill(pid_, SIGSTOP); }
FrozenServer::~FrozenServer() { kill(pid_, SIGCONT); }

std::string private_config(const TempDir& dir, const std::string& from, const std::string& to) {
  Sandbox& sb = Sandbox::get();
  std::string text = read_file(sb.config_path());
  text = replace_all(text, sb.dir() + "/state/evidence.db", dir.path() + "/evidence.db");
  if (!from.empty()) text = replace_all(text, from, to);
  return dir.write("jaga.toml", text, 0644);
}

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  close(fd);
  return ntohs(addr.sin_port);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  if (at == std::string::npos) FAIL("\"" + from + "\" not found in the text to change");
  for (; at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace jaga::test
