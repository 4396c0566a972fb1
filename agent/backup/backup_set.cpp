#include "backup/backup_set.h"

#include <fmt/format.h>
#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "backup/backup_names.h"
#include "backup/dump_header.h"
#include "backup/file_verifier.h"
#include "backup/manifest.h"

namespace jaga::backup {
namespace {

namespace fs = std::filesystem;

TimePoint mtime_of(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return TimePoint{};
  return TimePoint{std::chrono::duration_cast<TimePoint::duration>(
      std::chrono::seconds(st.st_mtim.tv_sec) + std::chrono::nanoseconds(st.st_mtim.tv_nsec))};
}

uint64_t tree_bytes(const fs::path& p) {
  std::error_code ec;
  uint64_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(p, ec)) {
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  }
  return total;
}

bool is_dump_file(const std::string& name) {
  return name.ends_with(".sql") || name.ends_with(".sql.gz") || name.ends_with(".sql.zst");
}

// The file whose mtime says when a directory backup was finished.
fs::path finish_marker(const config::BackupSetConfig& set, const fs::path& dir) {
  std::error_code ec;
  if (set.format == "jaga") return dir / kManifestName;
  if (set.format == "mydumper") return dir / "metadata";
  for (const char* f : {"mariadb_backup_checkpoints", "xtrabackup_checkpoints"}) {
    if (fs::exists(dir / f, ec)) return dir / f;
  }
  return dir;
}

std::string read_small(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void crit(Verification& v, std::string message) {
  v.findings.push_back(SetFinding{Status::kCrit, std::move(message)});
}

// Checks the files against SHA256SUMS (in `dir`) when it exists.
void add_checksums(const fs::path& sums, const std::string& prefix,
                   std::vector<FileExpectation>& files, Verification& v) {
  std::error_code ec;
  if (!fs::exists(sums, ec)) return;
  auto parsed = parse_checksum_file(read_small(sums), sums.string());
  if (!parsed) return crit(v, parsed.error().message);
  for (auto& f : files) {
    auto it = parsed->find(f.name.substr(prefix.size()));
    if (it != parsed->end()) f.sha256 = it->second;
  }
  v.evidence["checksum_file"] = sums.string();
}

void run_verification(std::vector<FileExpectation>& files, Verification& v) {
  for (const auto& verdict : verify_files(files)) {
    v.raw_bytes += verdict.summary.raw_bytes;
    if (!verdict.ok()) {
      crit(v, verdict.problem);
    } else {
      v.sha256[verdict.name] = verdict.summary.sha256;
    }
  }
}

void verify_jaga(const Candidate& c, Verification& v, const config::PeerConfig& peer,
                 TimePoint now) {
  JagaBackupCheck check = check_jaga_backup(c.path, JagaCheckOptions{&peer, true, now});
  v.findings = std::move(check.findings);
  v.sha256 = std::move(check.sha256);
  v.raw_bytes = check.raw_bytes;
  if (!check.signature.empty()) v.evidence["signature"] = check.signature;
  if (!check.manifest) return;
  v.evidence["gtid_position"] = check.manifest->gtid_position;
  v.evidence["tables"] = check.manifest->tables.size();
}

void verify_dump(const Candidate& c, Verification& v) {
  std::vector<FileExpectation> files{FileExpectation{c.path, c.name, std::nullopt, std::nullopt}};
  const fs::path own = c.path + ".sha256";
  std::error_code ec;
  if (fs::exists(own, ec)) {
    add_checksums(own, "", files, v);
  } else {
    add_checksums(fs::path(c.path).parent_path() / "SHA256SUMS", "", files, v);
  }
  const auto verdicts = verify_files(files, 1);
  const FileVerdict& verdict = verdicts[0];
  v.raw_bytes = verdict.summary.raw_bytes;
  if (!verdict.ok()) return crit(v, verdict.problem);
  v.sha256[c.name] = verdict.summary.sha256;
  auto header = parse_dump_header(verdict.summary.head, c.path);
  if (!header) return crit(v, header.error().message);
  v.evidence["dump_tool"] = header->tool + " " + header->tool_version;
  v.evidence["server_version"] = header->server_version;
  if (!dump_completed(verdict.summary.tail)) {
    crit(v, fmt::format("{} does not end with \"-- Dump completed\": the dump stopped before its "
                        "end",
                        c.name));
  }
}

void verify_directory(const config::BackupSetConfig& set, const Candidate& c, Verification& v) {
  const fs::path dir(c.path);
  std::error_code ec;
  if (set.format == "mydumper") {
    const std::string metadata = read_small(dir / "metadata");
    if (metadata.find("Finished dump at") == std::string::npos) {
      crit(v, fmt::format("{}: metadata has no \"Finished dump at\" line: the dump did not finish",
                          c.name));
    }
  } else if (finish_marker(set, dir) == dir) {
    crit(v, fmt::format("{} has no mariadb_backup_checkpoints or xtrabackup_checkpoints: not a "
                        "complete mariabackup",
                        c.name));
  }
  std::vector<FileExpectation> files;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    if (!e.is_regular_file(ec)) continue;
    const std::string rel = fs::relative(e.path(), dir, ec).string();
    if (rel == "SHA256SUMS") continue;
    files.push_back(
        FileExpectation{e.path().string(), c.name + "/" + rel, std::nullopt, std::nullopt});
  }
  std::sort(files.begin(), files.end(),
            [](const FileExpectation& a, const FileExpectation& b) { return a.name < b.name; });
  add_checksums(dir / "SHA256SUMS", c.name + "/", files, v);
  run_verification(files, v);
}

}  // namespace

std::vector<Candidate> scan_set(const config::BackupSetConfig& set) {
  std::vector<Candidate> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(set.dir, ec)) {
    const std::string name = e.path().filename().string();
    if (fnmatch(set.pattern.c_str(), name.c_str(), FNM_PERIOD) != 0) continue;
    const bool dir = e.is_directory(ec);
    if (set.format == "jaga" && (!dir || !parse_backup_name(name))) continue;
    if (set.format == "mysqldump" && (dir || !is_dump_file(name))) continue;
    if ((set.format == "mariabackup" || set.format == "mydumper") && !dir) continue;
    Candidate c{name, e.path().string(), dir, {}, 0};
    c.time = mtime_of(dir ? finish_marker(set, e.path()) : e.path());
    c.bytes = dir ? tree_bytes(e.path()) : e.file_size(ec);
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    return a.time != b.time ? a.time < b.time : a.name < b.name;
  });
  return out;
}

Verification verify_candidate(const config::BackupSetConfig& set, const Candidate& c,
                              const config::PeerConfig& peer, TimePoint now) {
  Verification v;
  if (set.format == "jaga") {
    verify_jaga(c, v, peer, now);
  } else if (set.format == "mysqldump") {
    verify_dump(c, v);
  } else {
    verify_directory(set, c, v);
  }
  return v;
}

Result<std::map<std::string, std::string>> parse_checksum_file(const std::string& text,
                                                               const std::string& where) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    const bool hex = line.size() > 66 && std::all_of(line.begin(), line.begin() + 64, [](char ch) {
                       return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
                     });
    if (!hex || line[64] != ' ' || (line[65] != ' ' && line[65] != '*')) {
      return Error{
          fmt::format("{}:{}: expected \"<64 hex digits>  <file name>\" as sha256sum writes it",
                      where, number)};
    }
    out[line.substr(66)] = line.substr(0, 64);
  }
  return out;
}

}  // namespace jaga::backup
