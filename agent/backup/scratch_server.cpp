#include "backup/scratch_server.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "core/durable_file.h"

namespace jaga::backup {
namespace {

namespace fs = std::filesystem;

// The running scratch server, for the signal handler (one per process at a time).
std::atomic<pid_t> g_server{-1};

void stop_on_signal(int sig) {
  const pid_t pid = g_server.load();
  if (pid > 0) ::kill(pid, SIGKILL);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

std::string my_cnf(const std::string& dir, int64_t buffer_pool_mb) {
  return fmt::format(
      "[mariadbd]\n{}datadir={}/data\nsocket={}/sock\npid-file={}/pid\nlog-error={}/err.log\n"
      "skip-networking\nskip-log-bin\nskip-name-resolve\nlocal-infile=1\n"
      "character-set-server=utf8mb4\ncollation-server=utf8mb4_general_ci\n"
      "innodb_buffer_pool_size={}M\ninnodb_log_file_size=512M\ninnodb_log_buffer_size=64M\n"
      "innodb_flush_log_at_trx_commit=0\ninnodb_doublewrite=0\ninnodb_flush_method=nosync\n"
      "innodb_autoinc_lock_mode=2\nmax_allowed_packet=256M\n"
      // No work that only pays off on a long-lived server: statistics, adaptive hash index.
      "innodb_adaptive_hash_index=0\ninnodb_stats_persistent=0\ninnodb_stats_auto_recalc=0\n"
      "performance_schema=0\n",
      ::geteuid() == 0 ? "user=root\n" : "", dir, dir, dir, dir, buffer_pool_mb);
}

// Runs argv with output to `log`; its exit status.
int run_program(const std::vector<std::string>& argv, const std::string& log) {
  const pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0640);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string tail_of(const std::string& path) {
  std::ifstream in(path);
  std::string line, out;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  for (size_t i = lines.size() > 5 ? lines.size() - 5 : 0; i < lines.size(); ++i) {
    out += "\n  " + lines[i];
  }
  return out;
}

}  // namespace

config::ServerConfig ScratchServer::endpoint() const {
  config::ServerConfig s;
  s.role = "scratch server";
  s.socket = dir_ + "/sock";
  s.user = "root";
  s.tls_mode = config::TlsMode::kDisabled;
  s.connect_timeout_seconds = 5;
  s.read_timeout_seconds = 3600;
  s.write_timeout_seconds = 3600;
  return s;
}

Result<std::unique_ptr<db::Connection>> ScratchServer::connect() const {
  return db::Connection::open(endpoint());
}

Result<std::unique_ptr<ScratchServer>> ScratchServer::start(const config::BackupConfig& config,
                                                            Env& env) {
  std::string tmpl = config.scratch_dir + "/jaga-restore-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) {
    return Error{fmt::format("cannot create a scratch directory in {} (backup.scratch_dir): {}",
                             config.scratch_dir, std::strerror(errno))};
  }
  std::unique_ptr<ScratchServer> server(new ScratchServer(tmpl));
  const std::string& dir = server->dir_;
  if (dir.size() + 5 > 107) {
    return Error{
        fmt::format("{} is too long for a unix socket path; choose a shorter "
                    "backup.scratch_dir",
                    dir)};
  }
  const std::string cnf = dir + "/my.cnf";
  if (auto w = env.write_file(cnf, my_cnf(dir, config.scratch_buffer_pool_mb)); !w) {
    return w.error();
  }
  std::vector<std::string> install{config.install_db, "--defaults-file=" + cnf,
                                   "--auth-root-authentication-method=normal", "--skip-test-db"};
  if (::geteuid() == 0) install.push_back("--user=root");
  if (const int rc = run_program(install, dir + "/install.log"); rc != 0) {
    return Error{fmt::format("{} failed (exit {}) initialising {}/data:{}", config.install_db, rc,
                             dir, tail_of(dir + "/install.log"))};
  }
  const pid_t pid = ::fork();
  if (pid < 0)
    return Error{fmt::format("cannot start {}: {}", config.mariadbd, std::strerror(errno))};
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    const int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    const std::string arg = "--defaults-file=" + cnf;
    ::execl(config.mariadbd.c_str(), config.mariadbd.c_str(), arg.c_str(), nullptr);
    ::_exit(127);
  }
  server->pid_ = pid;
  g_server = pid;
  ::signal(SIGINT, stop_on_signal);
  ::signal(SIGTERM, stop_on_signal);
  const MonotonicTime deadline = env.monotonic() + std::chrono::seconds(120);
  for (;;) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      server->pid_ = -1;
      return Error{fmt::format("the scratch server {} exited during start-up; {}/err.log ends:{}",
                               config.mariadbd, dir, tail_of(dir + "/err.log"))};
    }
    if (fs::exists(dir + "/sock")) {
      if (auto c = server->connect()) break;
    }
    if (env.monotonic() > deadline) {
      return Error{fmt::format("the scratch server in {} did not answer within 120 s", dir)};
    }
    env.sleep_for(std::chrono::milliseconds(50));
  }
  return server;
}

ScratchServer::~ScratchServer() {
  if (pid_ > 0) {
    // Its data is deleted next, so it is killed: a clean shutdown would first write every dirty
    // page of the restore to disk, only for the directory to be removed.
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  g_server = -1;
  ::signal(SIGINT, SIG_DFL);
  ::signal(SIGTERM, SIG_DFL);
  if (auto r = remove_tree(dir_); !r) spdlog::error("{}", r.error().message);
}

void remove_stale_scratch_dirs(const std::string& scratch_dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(scratch_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (!name.starts_with("jaga-restore-") || !e.is_directory(ec)) continue;
    std::ifstream pid_file(e.path() / "pid");
    pid_t pid = 0;
    if (pid_file >> pid && pid > 0 && ::kill(pid, 0) == 0) continue;  // still in use
    // Without a live server it may still be starting (mariadb-install-db): leave it a while.
    const auto age = fs::file_time_type::clock::now() - fs::last_write_time(e.path(), ec);
    if (!pid_file && age < std::chrono::minutes(10)) continue;
    spdlog::warn("removing {}, left by a restore test that did not finish", e.path().string());
    (void)remove_tree(e.path().string());
  }
}

}  // namespace jaga::backup
