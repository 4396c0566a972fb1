#include "sign/signer_registry.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "core/durable_file.h"
#include "sign/key_files.h"

namespace jaga::sign {
namespace {

constexpr int kFormatVersion = 1;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string to_text(TimePoint time) {
  const time_t t = std::chrono::system_clock::to_time_t(time);
  struct tm tm {};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

bool from_text(const std::string& text, TimePoint& out) {
  struct tm tm {};
  char zone = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &zone) != 7 ||
      zone != 'Z') {
    return false;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  out = std::chrono::system_clock::from_time_t(timegm(&tm));
  return true;
}

nlohmann::json to_json(const SignerRecord& r) {
  nlohmann::json j = {{"id", r.id},
                      {"name", r.name},
                      {"role", role_name(r.role)},
                      {"serial", r.serial},
                      {"fingerprint", r.fingerprint},
                      {"issuer", r.issuer},
                      {"not_before", to_text(r.not_before)},
                      {"not_after", to_text(r.not_after)},
                      {"source", r.source},
                      {"cert_file", r.cert_file},
                      {"key_file", r.key_file}};
  if (!r.nip.empty()) j["nip"] = r.nip;
  return j;
}

Result<SignerRecord> from_json(const nlohmann::json& j, const std::string& where) {
  SignerRecord r;
  auto text = [&](const char* key, std::string& out) -> bool {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return false;
    out = it->get<std::string>();
    return true;
  };
  std::string role, not_before, not_after;
  for (auto [key, out] : {std::pair{"id", &r.id},
                          {"name", &r.name},
                          {"role", &role},
                          {"serial", &r.serial},
                          {"fingerprint", &r.fingerprint},
                          {"issuer", &r.issuer},
                          {"not_before", &not_before},
                          {"not_after", &not_after},
                          {"source", &r.source},
                          {"cert_file", &r.cert_file},
                          {"key_file", &r.key_file}}) {
    if (!text(key, *out)) return Error{fmt::format("{}: missing or non-text \"{}\"", where, key)};
  }
  // "nip" came later: an entry without it is a signer known by name only.
  if (j.contains("nip") && !text("nip", r.nip)) {
    return Error{fmt::format("{}: \"nip\" must be text", where)};
  }
  if (!r.nip.empty()) {
    if (auto ok = check_nip(r.nip); !ok)
      return Error{fmt::format("{}: {}", where, ok.error().message)};
  }
  auto parsed = parse_role(role);
  if (!parsed) return Error{fmt::format("{}: unknown role \"{}\"", where, role)};
  r.role = *parsed;
  if (!from_text(not_before, r.not_before) || !from_text(not_after, r.not_after)) {
    return Error{fmt::format("{}: dates must look like 2026-11-27T08:00:00Z", where)};
  }
  return r;
}

}  // namespace

Result<SignerRegistry> SignerRegistry::load(const std::string& pki_dir) {
  SignerRegistry registry;
  registry.path_ = pki_dir + "/signers.json";
  struct stat st {};
  if (stat(registry.path_.c_str(), &st) != 0) return registry;
  auto text = read_file(registry.path_);
  if (!text) return text.error();
  nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("signers") ||
      !doc["signers"].is_array()) {
    return Error{fmt::format("signer registry {} is not valid JSON with a \"signers\" array",
                             registry.path_)};
  }
  for (size_t i = 0; i < doc["signers"].size(); ++i) {
    auto record = from_json(doc["signers"][i], fmt::format("{}: signers[{}]", registry.path_, i));
    if (!record) return record.error();
    registry.signers_.push_back(std::move(*record));
  }
  return registry;
}

Result<SignerRecord> SignerRegistry::find(std::string_view id_or_name) const {
  for (const SignerRecord& r : signers_) {
    if (r.id == id_or_name) return r;
  }
  const SignerRecord* best = nullptr;
  for (const SignerRecord& r : signers_) {
    if (lower(r.name) == lower(id_or_name) && (!best || r.not_after > best->not_after)) best = &r;
  }
  if (best) return *best;
  std::string known;
  for (const SignerRecord& r : signers_) known += (known.empty() ? "" : ", ") + r.id;
  return Error{fmt::format("no signer '{}' in {} (signers: {})", id_or_name, path_,
                           known.empty() ? "none yet; see jaga pki issue" : known)};
}

const SignerRecord* SignerRegistry::find_fingerprint(std::string_view fingerprint) const {
  for (const SignerRecord& r : signers_) {
    if (r.fingerprint == fingerprint) return &r;
  }
  return nullptr;
}

std::vector<SignerRecord> SignerRegistry::other_roles(const Person& person, Role role) const {
  std::vector<SignerRecord> out;
  for (const SignerRecord& r : signers_) {
    if (r.role != role && same_person(r.person(), person)) out.push_back(r);
  }
  return out;
}

Result<void> SignerRegistry::check_new_role(const Person& person, Role role,
                                            bool allow_multiple_roles) const {
  const std::vector<SignerRecord> others = other_roles(person, role);
  if (allow_multiple_roles || others.empty()) return Ok();
  std::string held;
  for (const SignerRecord& r : others) {
    held += fmt::format("{}{} (signer {})", held.empty() ? "" : ", ", role_name(r.role), r.id);
  }
  const std::string who = describe(person);
  return Error{fmt::format(
      "{} sudah memegang peran {}; satu orang boleh memegang peran lain hanya bila definisi "
      "workflow mengizinkannya / {} already holds role {}; one person may also hold role {} "
      "only when the workflow definition allows it explicitly (allow_multiple_roles = true in "
      "its [workflow] table, for an acting official, Plt.)",
      who, held, who, held, role_name(role))};
}

std::string SignerRegistry::new_id(Role role, std::string_view name) const {
  std::string slug;
  for (unsigned char c : name) {
    if (std::isalnum(c)) {
      slug += static_cast<char>(std::tolower(c));
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (slug.empty()) slug = "signer";
  const std::string base = fmt::format("{}-{}", role_name(role), slug);
  std::string id = base;
  for (int n = 2; std::any_of(signers_.begin(), signers_.end(),
                              [&](const SignerRecord& r) { return r.id == id; });
       ++n) {
    id = fmt::format("{}-{}", base, n);
  }
  return id;
}

Result<void> SignerRegistry::add(SignerRecord record) {
  std::vector<SignerRecord> updated = signers_;
  updated.push_back(std::move(record));
  nlohmann::json doc = {{"format_version", kFormatVersion}, {"signers", nlohmann::json::array()}};
  for (const SignerRecord& r : updated) doc["signers"].push_back(to_json(r));
  if (auto written = replace_file(path_, doc.dump(2) + "\n", 0644); !written) {
    return written.error();
  }
  signers_ = std::move(updated);
  return Ok();
}

}  // namespace jaga::sign
