#include "backup/jaga_backup_check.h"

#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "backup/file_verifier.h"
#include "backup/manifest_signature.h"

namespace jaga::backup {
namespace {

namespace fs = std::filesystem;

constexpr size_t kNamesShown = 10;

// `text` for a message: at most 80 bytes, control characters shown as '?'.
std::string shown(const std::string& text) {
  std::string out = text.substr(0, 80);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return text.size() > 80 ? out + "..." : out;
}

std::string listing(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < kNamesShown; ++i) {
    out += (i == 0 ? "" : ", ") + shown(names[i]);
  }
  if (names.size() > kNamesShown) out += fmt::format(" and {} more", names.size() - kNamesShown);
  return out;
}

// Files and directories in `dir` that the manifest does not account for (WARN), and listed
// files that are not regular files (CRIT: a link could point anywhere).
void check_contents(const std::string& dir, const Manifest& m, JagaBackupCheck& out) {
  std::set<std::string> listed{kManifestName, kManifestSignatureName};
  std::set<std::string> dirs;
  for (const auto& f : m.files) {
    listed.insert(f.path);
    for (size_t slash = f.path.find('/'); slash != std::string::npos;
         slash = f.path.find('/', slash + 1)) {
      dirs.insert(f.path.substr(0, slash));
    }
  }
  std::vector<std::string> stray;
  std::vector<std::string> not_files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string rel = fs::relative(it->path(), dir, ec).string();
    const fs::file_status st = it->symlink_status(ec);
    if (fs::is_directory(st)) {
      if (!dirs.contains(rel)) {
        stray.push_back(rel + "/");
        it.disable_recursion_pending();
      }
    } else if (!listed.contains(rel)) {
      stray.push_back(rel);
    } else if (!fs::is_regular_file(st)) {
      not_files.push_back(rel);
    }
  }
  if (ec) {
    out.findings.push_back({Status::kCrit, fmt::format("cannot list {}: {}", dir, ec.message())});
  }
  if (!not_files.empty()) {
    out.findings.push_back(
        {Status::kCrit, fmt::format("{} listed in the manifest {} not a regular file (a link or "
                                    "device could point outside the backup): {}",
                                    not_files.size() == 1 ? "one file" : "files",
                                    not_files.size() == 1 ? "is" : "are", listing(not_files))});
  }
  if (!stray.empty()) {
    out.findings.push_back(
        {Status::kWarn, fmt::format("{} not listed in the manifest (not part of the backup, not "
                                    "verified; remove or explain): {}",
                                    stray.size() == 1 ? std::string("1 entry is")
                                                      : fmt::format("{} entries are", stray.size()),
                                    listing(stray))});
  }
}

void verify_listed(const std::string& dir, const Manifest& m, JagaBackupCheck& out) {
  std::map<std::string, std::string> owner;
  for (const auto& t : m.tables) {
    owner[t.ddl_file] = t.full_name();
    for (const auto& p : t.parts) owner[p.data_file] = t.full_name();
  }
  std::vector<FileExpectation> files;
  for (const auto& f : m.files) {
    files.push_back(FileExpectation{dir + "/" + f.path, f.path, f.size, f.sha256});
  }
  for (const auto& verdict : verify_files(files)) {
    out.raw_bytes += verdict.summary.raw_bytes;
    if (verdict.ok()) {
      out.sha256[verdict.name] = verdict.summary.sha256;
      continue;
    }
    auto it = owner.find(verdict.name);
    out.findings.push_back(
        {Status::kCrit, it == owner.end()
                            ? verdict.problem
                            : fmt::format("table {}: {}", shown(it->second), verdict.problem)});
  }
}

}  // namespace

Status JagaBackupCheck::worst() const {
  Status s = Status::kOk;
  for (const auto& f : findings) {
    if (f.status == Status::kCrit || (f.status == Status::kWarn && s == Status::kOk)) s = f.status;
  }
  return s;
}

std::string JagaBackupCheck::messages(Status status) const {
  std::string out;
  for (const auto& f : findings) {
    if (f.status == status) out += (out.empty() ? "" : "; ") + f.message;
  }
  return out;
}

JagaBackupCheck check_jaga_backup(const std::string& dir, const JagaCheckOptions& options) {
  JagaBackupCheck out;
  auto text = read_manifest_text(dir);
  if (!text) {
    out.findings.push_back({Status::kCrit, text.error().message});
    return out;
  }
  if (options.check_signature) {
    static const config::PeerConfig kNoPeer;
    const SignatureVerdict verdict =
        check_manifest_signature(dir, *text, options.peer ? *options.peer : kNoPeer, options.now);
    out.signature = verdict.message;
    if (verdict.status != Status::kOk) out.findings.push_back({verdict.status, verdict.message});
  }
  auto manifest = parse_manifest(*text, dir + "/" + kManifestName);
  if (!manifest) {
    out.findings.push_back({Status::kCrit, manifest.error().message});
    return out;
  }
  if (!manifest->unknown_keys.empty()) {
    out.findings.push_back(
        {Status::kWarn,
         fmt::format("the manifest has {} key(s) this jaga does not know, ignored: "
                     "{}",
                     manifest->unknown_keys.size(), listing(manifest->unknown_keys))});
  }
  check_contents(dir, *manifest, out);
  verify_listed(dir, *manifest, out);
  out.manifest = std::move(*manifest);
  return out;
}

}  // namespace jaga::backup
