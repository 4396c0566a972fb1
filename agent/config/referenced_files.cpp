#include "config/referenced_files.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace jaga::config {
namespace {

enum class Kind {
  kFile,          // read: a readable regular file
  kDirectory,     // used: an existing directory
  kNewDirectory,  // created by jaga when missing: the directory or its parent exists
  kInDirectory,   // a file jaga creates: its directory exists
};

struct Reference {
  std::string key;
  std::string path;
  Kind kind;
  std::string what;       // "TLS CA file", for the message
  bool drafting = false;  // read only when a report is drafted
};

std::string parent_of(const std::string& path) {
  std::string parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

bool is_directory(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The problem with `r`, or an empty string.
std::string problem(const Reference& r) {
  struct stat st {};
  switch (r.kind) {
    case Kind::kFile:
      if (stat(r.path.c_str(), &st) != 0 || access(r.path.c_str(), R_OK) != 0) {
        return fmt::format("cannot read {} {}: {}", r.what, r.path, std::strerror(errno));
      }
      if (!S_ISREG(st.st_mode)) return fmt::format("{} {} is not a regular file", r.what, r.path);
      return "";
    case Kind::kDirectory:
      if (stat(r.path.c_str(), &st) != 0) {
        return fmt::format("{} {}: {}", r.what, r.path, std::strerror(errno));
      }
      return S_ISDIR(st.st_mode) ? "" : fmt::format("{} {} is not a directory", r.what, r.path);
    case Kind::kNewDirectory:
      if (stat(r.path.c_str(), &st) == 0) {
        return S_ISDIR(st.st_mode) ? "" : fmt::format("{} {} is not a directory", r.what, r.path);
      }
      if (is_directory(parent_of(r.path))) return "";
      return fmt::format("{} {} cannot be created: directory {} does not exist", r.what, r.path,
                         parent_of(r.path));
    case Kind::kInDirectory:
      if (is_directory(parent_of(r.path))) return "";
      return fmt::format("the directory {} of the {} {} does not exist", parent_of(r.path), r.what,
                         r.path);
  }
  return "";
}

std::vector<Reference> references(const Config& c) {
  std::vector<Reference> out = {
      {"agent.evidence_db", c.agent.evidence_db, Kind::kInDirectory, "evidence store"},
      {"agent.log_file", c.agent.log_file, Kind::kInDirectory, "log file"},
      {"workflow.definition", c.workflow.definition, Kind::kFile, "workflow definition", true},
      {"report.dir", c.report.dir, Kind::kNewDirectory, "report directory"},
      {"report.letterhead.logo", c.report.logo, Kind::kFile, "letterhead logo", true},
      {"pki.dir", c.pki.dir, Kind::kNewDirectory, "PKI directory"},
      {"backup.dir", c.backups.dir, Kind::kNewDirectory, "backup directory"},
      {"backup.scratch_dir", c.backups.scratch_dir, Kind::kDirectory, "scratch directory"},
      {"notify.webhook_token_file", c.notify.webhook_token_file, Kind::kFile, "token file"},
      {"notify.smtp_password_file", c.notify.smtp_password_file, Kind::kFile, "password file"},
      {"notify.smtp_ca_file", c.notify.smtp_ca_file, Kind::kFile, "CA file"},
  };
  for (const ServerConfig* s : {&c.primary, &c.backup, &c.backups.scratch_server}) {
    out.push_back({s->table() + ".tls_ca", s->tls_ca, Kind::kFile, "TLS CA file"});
    out.push_back({s->table() + ".tls_cert", s->tls_cert, Kind::kFile, "TLS certificate"});
    out.push_back({s->table() + ".tls_key", s->tls_key, Kind::kFile, "TLS key"});
  }
  if (c.peer.enabled) {
    out.push_back({"peer.cert", c.peer.cert, Kind::kFile, "certificate"});
    out.push_back({"peer.key", c.peer.key, Kind::kFile, "key"});
    out.push_back({"peer.ca", c.peer.ca, Kind::kFile, "CA certificate"});
  }
  for (size_t i = 0; i < c.pki.trusted_cas.size(); ++i) {
    out.push_back({fmt::format("pki.trusted_cas[{}]", i), c.pki.trusted_cas[i], Kind::kFile,
                   "CA certificate"});
  }
  return out;
}

}  // namespace

KeyPlaces::KeyPlaces(std::string_view text, std::string path) : path_(std::move(path)) {
  try {
    root_ = toml::parse(text, path_);
  } catch (const toml::parse_error&) {
    // No places: messages then name the key without a line.
  }
}

std::optional<std::string> KeyPlaces::where(const std::string& key) const {
  const toml::node* node = root_.at_path(key).node();
  if (node == nullptr) return std::nullopt;
  const auto& begin = node->source().begin;
  return fmt::format("{}:{}:{}: {}", path_, begin.line, begin.column, key);
}

Result<void> check_referenced_files(const Config& config, const KeyPlaces& places,
                                    FileCheck which) {
  for (const Reference& r : references(config)) {
    if (r.path.empty() || (r.drafting && which == FileCheck::kLoad)) continue;
    const std::optional<std::string> place = places.where(r.key);
    if (!place) continue;
    if (std::string why = problem(r); !why.empty()) return Error{*place + ": " + why};
  }
  return Ok();
}

Result<void> check_all_referenced_files(const Config& config) {
  std::ifstream in(config.path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return check_referenced_files(config, KeyPlaces(text.str(), config.path), FileCheck::kAll);
}

}  // namespace jaga::config
