#include "cli/doctor.h"

#include <fmt/format.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/doctor_servers.h"
#include "config/config.h"
#include "config/referenced_files.h"
#include "peer/peer_client.h"
#include "sign/certificate_info.h"

namespace jaga::cli {
namespace {

// A certificate that expires within this is a ✗ now, while there is time to renew it.
constexpr std::chrono::hours kRenewBefore{24 * 14};

DoctorLine pass(std::string topic, std::string detail) {
  return {Mark::kPass, std::move(topic), std::move(detail), ""};
}
DoctorLine fail(std::string topic, std::string detail, std::string fix) {
  return {Mark::kFail, std::move(topic), std::move(detail), std::move(fix)};
}
DoctorLine skip(std::string topic, std::string detail) {
  return {Mark::kSkip, std::move(topic), std::move(detail), ""};
}

struct Account {
  std::string name;
  uid_t uid = 0;
  std::vector<gid_t> groups;
};

// The service account, or the current user when there is no such account (a sandbox).
Account account_of(const std::string& name) {
  Account a;
  const passwd* pw = ::getpwnam(name.c_str());
  if (pw == nullptr) pw = ::getpwuid(::geteuid());
  if (pw == nullptr) {
    a.name = std::to_string(::geteuid());
    a.uid = ::geteuid();
    a.groups = {::getegid()};
    return a;
  }
  a.name = pw->pw_name;
  a.uid = pw->pw_uid;
  int count = 64;
  a.groups.resize(static_cast<size_t>(count));
  if (::getgrouplist(pw->pw_name, pw->pw_gid, a.groups.data(), &count) < 0) {
    a.groups.resize(static_cast<size_t>(count));
    ::getgrouplist(pw->pw_name, pw->pw_gid, a.groups.data(), &count);
  }
  a.groups.resize(static_cast<size_t>(std::max(count, 0)));
  return a;
}

// Whether `a` may write `path` by its owner, group and mode (root may write anything).
bool may_write(const Account& a, const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  if (a.uid == 0) return true;
  if (st.st_uid == a.uid) return (st.st_mode & S_IWUSR) != 0;
  for (gid_t g : a.groups) {
    if (g == st.st_gid) return (st.st_mode & S_IWGRP) != 0;
  }
  return (st.st_mode & S_IWOTH) != 0;
}

DoctorLine examine_store(const config::Config& c, const Account& a) {
  const std::string topic = "evidence store writable by " + a.name;
  const std::filesystem::path db(c.agent.evidence_db);
  std::string dir = db.parent_path().string();
  if (dir.empty()) dir = ".";
  std::vector<std::string> need = {dir};
  for (const std::string& f :
       {c.agent.evidence_db, c.agent.evidence_db + "-wal", c.agent.evidence_db + "-shm"}) {
    if (::access(f.c_str(), F_OK) == 0) need.push_back(f);
  }
  for (const std::string& path : need) {
    if (!may_write(a, path)) {
      return fail(
          topic,
          fmt::format("{} {} not writable by {} (uid {})", path,
                      ::access(path.c_str(), F_OK) == 0 ? "is" : "does not exist, so is", a.name,
                      a.uid),
          fmt::format("install -d -o {0} -g {0} -m 0750 {1} && chown {0}:{0} {1}/* ", a.name, dir));
    }
  }
  return pass(topic, c.agent.evidence_db);
}

DoctorLine examine_passwords(config::Config& c) {
  const std::string topic = "password files";
  auto resolved = config::resolve_passwords(c);
  if (resolved) {
    std::vector<std::string> files;
    for (const auto* s : {&c.primary, &c.backup}) {
      files.push_back(!s->password_file.empty()  ? s->password_file
                      : !s->password_env.empty() ? "$" + s->password_env
                                                 : s->table() + ": none");
    }
    return pass(topic, fmt::format("{}", fmt::join(files, ", ")));
  }
  const std::string& message = resolved.error().message;
  // Which file: the first whose path the message names.
  std::string file;
  for (const auto* s : {&c.primary, &c.backup}) {
    if (!s->password_file.empty() && message.find(s->password_file) != std::string::npos) {
      file = s->password_file;
      break;
    }
  }
  if (file.empty()) {
    return fail(topic, message, "set password_file (mode 0600) for each server in " + c.path);
  }
  if (::access(file.c_str(), F_OK) == 0) {
    return fail(topic, message, fmt::format("chown jaga:jaga {0} && chmod 0600 {0}", file));
  }
  // The password is typed, never written on a command line (process listings show those).
  return fail(topic, message,
              fmt::format("install -m 0600 -o jaga -g jaga /dev/null {0} && "
                          "sudo -u jaga sh -c 'cat > {0}'   (type the password, then Ctrl-D)",
                          file));
}

DoctorLine examine_disk(const std::string& name, const std::string& path, double warn_percent) {
  const std::string topic = "free space of " + name;
  std::error_code ec;
  const auto space = std::filesystem::space(path, ec);
  if (ec || space.capacity == 0) {
    return fail(topic, fmt::format("{}: {}", path, ec ? ec.message() : "no capacity reported"),
                fmt::format("df -h {0}   (does {0} exist and is it mounted?)", path));
  }
  const double percent =
      100.0 * static_cast<double>(space.available) / static_cast<double>(space.capacity);
  const std::string seen = fmt::format("{}: {:.1f}% free ({:.1f} GiB)", path, percent,
                                       static_cast<double>(space.available) / (1 << 30));
  if (percent <= warn_percent) {
    return fail(topic, seen + fmt::format(", at or below {}%", warn_percent),
                fmt::format("du -xh --max-depth=2 {} | sort -h | tail -n 20   (then remove or move "
                            "what is not needed)",
                            path));
  }
  return pass(topic, seen);
}

std::string renew_command(const config::Config& c) {
  return fmt::format(
      "on the host with the office CA: jaga pki issue-agent --host {}; copy its .crt and .key "
      "here as peer.cert and peer.key (mode 0600 key, owner jaga)",
      c.agent.host_name);
}

DoctorLine examine_certificate(const std::string& topic, const std::string& path,
                               const std::string& fix, TimePoint now) {
  auto cert = sign::read_certificate_file(path);
  if (!cert) return fail(topic, cert.error().message, fix);
  const sign::CertificateInfo info = sign::describe(cert->get());
  const std::string until = format_local(info.not_after);
  if (info.not_after <= now) return fail(topic, path + " expired on " + until, fix);
  const double days = std::chrono::duration<double>(info.not_after - now).count() / 86400;
  if (info.not_after - now < kRenewBefore) {
    return fail(topic, fmt::format("{} expires on {} (in {:.0f} days)", path, until, days), fix);
  }
  return pass(topic, fmt::format("{} valid until {} ({:.0f} days)", path, until, days));
}

void examine_peer(const config::Config& c, TimePoint now, std::vector<DoctorLine>& out) {
  if (!c.peer.enabled) {
    out.push_back(skip("peer", "no [peer] configured: this host works alone"));
    out.push_back(skip("certificates", "no [peer] configured"));
    return;
  }
  out.push_back(examine_certificate("certificate peer.cert", c.peer.cert, renew_command(c), now));
  out.push_back(examine_certificate(
      "certificate peer.ca", c.peer.ca,
      "jaga pki init on the CA host (a new CA), then jaga pki issue-agent for both hosts", now));
  for (const config::PeerEntry& p : c.peer.peers) {
    const std::string topic = "peer " + p.name;
    if (p.url.empty()) {
      out.push_back(skip(topic, "has no url: it pulls from this host, nothing to reach from here"));
      continue;
    }
    auto client = peer::PeerClient::create(c.peer, p);
    Result<peer::ResultPage> page =
        client ? (*client)->fetch(peer::kMaxResultId, 1) : Result<peer::ResultPage>(client.error());
    if (page) {
      out.push_back(pass(topic, p.url + " answered over mutual TLS"));
      continue;
    }
    out.push_back(fail(
        topic, page.error().message,
        fmt::format("on {0}: systemctl status jaga (is [peer] listen set?); from here: openssl "
                    "s_client -connect {1} -cert {2} -key {3} -CAfile {4}; open the port in "
                    "the firewall of {0} for this host",
                    p.name, p.url.substr(p.url.find("://") + 3), c.peer.cert, c.peer.key,
                    c.peer.ca)));
  }
}

}  // namespace

std::vector<DoctorLine> examine(const std::string& config_path, const std::string& service_user,
                                const Clock& clock) {
  std::vector<DoctorLine> out;
  std::ifstream in(config_path);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = in ? config::parse_config(text.str(), config_path)
                   : Result<config::Config>(Error{"cannot read " + config_path});
  if (!parsed) {
    out.push_back(fail(
        "configuration", parsed.error().message,
        "edit the line and key named above, then: jaga --config " + config_path + " config check"));
    out.push_back(skip("everything else", "needs a configuration that loads"));
    return out;
  }
  config::Config& c = *parsed;
  auto files = config::check_all_referenced_files(c);
  out.push_back(files ? pass("configuration", config_path + " is valid")
                      : fail("configuration", files.error().message,
                             "create or correct the file named above (see docs/configuration.md)"));
  out.push_back(examine_passwords(c));
  const bool passwords = out.back().mark == Mark::kPass;
  out.push_back(examine_store(c, account_of(service_user)));
  if (passwords) {
    examine_servers(c, clock, out);
  } else {
    out.push_back(skip("servers, grants, TLS, clock", "need the password files"));
  }
  for (const config::VolumeConfig& v : c.server_check.volumes) {
    out.push_back(examine_disk("volume " + v.name, v.path, v.warn_free_percent));
  }
  std::string store_dir = std::filesystem::path(c.agent.evidence_db).parent_path().string();
  out.push_back(
      examine_disk("the evidence store's volume", store_dir.empty() ? "." : store_dir, 5.0));
  examine_peer(c, clock.now(), out);
  return out;
}

std::string render_doctor(const std::string& config_path, const std::vector<DoctorLine>& lines) {
  std::string out = "jaga doctor: " + config_path + "\n";
  int failed = 0;
  for (const DoctorLine& l : lines) {
    const char* mark = l.mark == Mark::kPass ? "✓" : l.mark == Mark::kFail ? "✗" : "–";
    out += fmt::format("{} {}: {}\n", mark, l.topic, l.detail);
    if (l.mark == Mark::kFail) {
      ++failed;
      out += fmt::format("    fix: {}\n", l.fix);
    }
  }
  out += failed == 0 ? "All good.\n"
                     : fmt::format("{} problem{} to fix.\n", failed, failed == 1 ? "" : "s");
  return out;
}

int doctor_exit_code(const std::vector<DoctorLine>& lines) {
  for (const DoctorLine& l : lines) {
    if (l.mark == Mark::kFail) return 1;
  }
  return 0;
}

}  // namespace jaga::cli
