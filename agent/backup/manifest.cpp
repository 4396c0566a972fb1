#include "backup/manifest.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "backup/file_names.h"

namespace jaga::backup {
namespace {

using nlohmann::json;

json bound(const std::optional<std::vector<std::string>>& b) { return b ? json(*b) : json(); }

// Reads typed keys of one JSON object; the first problem is kept, naming the key's path.
class Fields {
 public:
  Fields(const json& object, std::string path, std::optional<Error>& error)
      : object_(object), path_(std::move(path)), error_(error) {
    if (!object_.is_object() && !error_) {
      error_ = Error{fmt::format("{} must be an object, got {}", path_, object_.type_name())};
    }
  }

  // Appends the keys of the object that no getter asked for to `unknown`, each after `prefix`
  // (default: "PATH.").
  void collect_unknown(std::vector<std::string>& unknown,
                       const std::optional<std::string>& prefix = std::nullopt) const {
    if (error_ || !object_.is_object()) return;
    for (const auto& item : object_.items()) {
      if (!asked_.contains(item.key()))
        unknown.push_back(prefix.value_or(path_ + ".") + item.key());
    }
  }

  const json* get(const char* key, json::value_t type, const char* expected) {
    if (error_ || !object_.is_object()) return nullptr;
    asked_.insert(key);
    auto it = object_.find(key);
    if (it == object_.end()) {
      error_ = Error{fmt::format("missing key \"{}\" in {}", key, path_)};
      return nullptr;
    }
    const bool unsigned_ok = type == json::value_t::number_unsigned &&
                             it->type() == json::value_t::number_integer && *it >= 0;
    const bool integer_ok =
        type == json::value_t::number_integer && it->type() == json::value_t::number_unsigned;
    if (it->type() != type && !unsigned_ok && !integer_ok) {
      error_ = Error{
          fmt::format("\"{}\" in {} must be {}, got {}", key, path_, expected, it->type_name())};
      return nullptr;
    }
    return &*it;
  }
  void str(const char* key, std::string& out) {
    if (auto* v = get(key, json::value_t::string, "a string")) out = v->get<std::string>();
  }
  template <typename Int>
  void integer(const char* key, Int& out) {
    if (auto* v = get(key, json::value_t::number_unsigned, "a non-negative integer")) {
      out = v->get<Int>();
    }
  }
  const json* array(const char* key) { return get(key, json::value_t::array, "an array"); }
  void bound(const char* key, std::optional<std::vector<std::string>>& out) {
    if (error_ || !object_.is_object()) return;
    asked_.insert(key);
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return;
    if (!it->is_array()) {
      error_ = Error{fmt::format("\"{}\" in {} must be null or an array of strings, got {}", key,
                                 path_, it->type_name())};
      return;
    }
    std::vector<std::string> values;
    for (const json& v : *it) {
      if (!v.is_string()) {
        error_ = Error{fmt::format("\"{}\" in {} must be null or an array of strings", key, path_)};
        return;
      }
      values.push_back(v.get<std::string>());
    }
    out = std::move(values);
  }

 private:
  const json& object_;
  std::string path_;
  std::optional<Error>& error_;
  std::set<std::string> asked_;
};

// How deep arrays and objects nest in `text`, counted without parsing (strings skipped), so a
// hostile file is refused before the parser builds anything from it.
int nesting_depth(std::string_view text) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

bool is_sha256_hex(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// A charset or collation name as MariaDB spells them; they are written into CREATE DATABASE.
bool is_plain_name(const std::string& s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  });
}

}  // namespace

const ManifestFile* Manifest::file(const std::string& path) const {
  for (const auto& f : files) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

uint64_t Manifest::total_bytes() const {
  uint64_t total = 0;
  for (const auto& f : files) total += f.size;
  return total;
}

json to_json(const Manifest& m) {
  json j = {
      {"format", "jaga-backup"},
      {"format_version", m.format_version},
      {"jaga_version", m.jaga_version},
      {"host_name", m.host_name},
      {"server", {{"role", m.server_role}, {"endpoint", m.server}, {"version", m.server_version}}},
      {"started_at", m.started_at},
      {"finished_at", m.finished_at},
      {"snapshot",
       {{"gtid_position", m.gtid_position},
        {"binlog_file", m.binlog_file},
        {"binlog_position", m.binlog_position},
        {"method", m.snapshot_method}}},
      {"digest", m.digest}};
  j["schemas"] = json::array();
  for (const auto& s : m.schemas) {
    j["schemas"].push_back({{"name", s.name}, {"charset", s.charset}, {"collation", s.collation}});
  }
  j["tables"] = json::array();
  for (const auto& t : m.tables) {
    json parts = json::array();
    for (const auto& p : t.parts) {
      parts.push_back({{"data_file", p.data_file},
                       {"lo", bound(p.lo)},
                       {"hi", bound(p.hi)},
                       {"rows", p.rows},
                       {"digest", p.digest}});
    }
    j["tables"].push_back({{"schema", t.schema},
                           {"name", t.name},
                           {"ddl_file", t.ddl_file},
                           {"rows", t.rows},
                           {"parts", parts}});
  }
  j["files"] = json::array();
  for (const auto& f : m.files) {
    j["files"].push_back(
        {{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}, {"raw_bytes", f.raw_bytes}});
  }
  return j;
}

Result<Manifest> parse_manifest(const std::string& text, const std::string& where) {
  if (text.size() > kMaxManifestBytes) {
    return Error{
        fmt::format("{} has {} bytes, more than the {} a manifest may have: not a jaga "
                    "manifest, or damaged",
                    where, text.size(), kMaxManifestBytes)};
  }
  if (const int depth = nesting_depth(text); depth > kMaxManifestDepth) {
    return Error{
        fmt::format("{} nests arrays and objects {} deep, more than the {} a manifest may "
                    "have: not a jaga manifest, or damaged",
                    where, depth, kMaxManifestDepth)};
  }
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {  // parse_error, or out_of_range for a number like 1e999
    return Error{fmt::format("{} is not valid JSON: {}", where, e.what())};
  }
  std::optional<Error> error;
  Manifest m;
  Fields top(j, "the manifest", error);
  std::string format;
  top.str("format", format);
  if (!error && format != "jaga-backup") {
    return Error{fmt::format("{}: \"format\" must be \"jaga-backup\", got \"{}\"", where, format)};
  }
  top.integer("format_version", m.format_version);
  if (!error && m.format_version != kManifestFormatVersion) {
    return Error{fmt::format("{}: format_version {} is not supported (this jaga reads {})", where,
                             m.format_version, kManifestFormatVersion)};
  }
  top.str("jaga_version", m.jaga_version);
  top.str("host_name", m.host_name);
  top.str("started_at", m.started_at);
  top.str("finished_at", m.finished_at);
  top.str("digest", m.digest);
  if (!error && m.digest != kDigestXxh3 && m.digest != kDigestCrc32) {
    return Error{fmt::format("{}: \"digest\" must be \"{}\" or \"{}\", got \"{}\"", where,
                             kDigestXxh3, kDigestCrc32, m.digest)};
  }
  if (auto* server = top.get("server", json::value_t::object, "an object")) {
    Fields s(*server, "server", error);
    s.str("role", m.server_role);
    s.str("endpoint", m.server);
    s.str("version", m.server_version);
    s.collect_unknown(m.unknown_keys);
  }
  if (auto* snapshot = top.get("snapshot", json::value_t::object, "an object")) {
    Fields s(*snapshot, "snapshot", error);
    s.str("gtid_position", m.gtid_position);
    s.str("binlog_file", m.binlog_file);
    s.integer("binlog_position", m.binlog_position);
    s.str("method", m.snapshot_method);
    s.collect_unknown(m.unknown_keys);
  }
  if (auto* schemas = top.array("schemas")) {
    for (size_t i = 0; i < schemas->size() && !error; ++i) {
      Fields s((*schemas)[i], fmt::format("schemas[{}]", i), error);
      ManifestSchema schema;
      s.str("name", schema.name);
      s.str("charset", schema.charset);
      s.str("collation", schema.collation);
      s.collect_unknown(m.unknown_keys);
      if (!error && (!is_plain_name(schema.charset) || !is_plain_name(schema.collation))) {
        error =
            Error{fmt::format("schemas[{}]: charset \"{}\" and collation \"{}\" must be "
                              "names of letters, digits and _",
                              i, schema.charset, schema.collation)};
      }
      m.schemas.push_back(std::move(schema));
    }
  }
  if (auto* tables = top.array("tables")) {
    for (size_t i = 0; i < tables->size() && !error; ++i) {
      Fields t((*tables)[i], fmt::format("tables[{}]", i), error);
      ManifestTable table;
      t.str("schema", table.schema);
      t.str("name", table.name);
      t.str("ddl_file", table.ddl_file);
      t.integer("rows", table.rows);
      if (auto* parts = t.array("parts")) {
        for (size_t k = 0; k < parts->size() && !error; ++k) {
          Fields p((*parts)[k], fmt::format("tables[{}].parts[{}]", i, k), error);
          TablePart part;
          p.str("data_file", part.data_file);
          p.bound("lo", part.lo);
          p.bound("hi", part.hi);
          p.integer("rows", part.rows);
          p.str("digest", part.digest);
          p.collect_unknown(m.unknown_keys);
          table.parts.push_back(std::move(part));
        }
      }
      t.collect_unknown(m.unknown_keys);
      m.tables.push_back(std::move(table));
    }
  }
  if (auto* files = top.array("files")) {
    for (size_t i = 0; i < files->size() && !error; ++i) {
      Fields f((*files)[i], fmt::format("files[{}]", i), error);
      ManifestFile file;
      f.str("path", file.path);
      f.integer("size", file.size);
      f.str("sha256", file.sha256);
      f.integer("raw_bytes", file.raw_bytes);
      f.collect_unknown(m.unknown_keys);
      if (!error && !is_safe_relative_path(file.path)) {
        error = Error{fmt::format("files[{}].path \"{}\" must be a relative path inside the backup",
                                  i, file.path)};
      }
      if (!error && !is_sha256_hex(file.sha256)) {
        error = Error{fmt::format("files[{}].sha256 must be 64 lower-case hex digits", i)};
      }
      if (!error && m.file(file.path) != nullptr) {
        error = Error{fmt::format("files[{}].path \"{}\" is listed twice", i, file.path)};
      }
      m.files.push_back(std::move(file));
    }
  }
  top.collect_unknown(m.unknown_keys, "");
  if (error) return Error{fmt::format("{}: {}", where, error->message)};
  for (const auto& t : m.tables) {
    const bool listed = std::any_of(m.schemas.begin(), m.schemas.end(),
                                    [&](const ManifestSchema& s) { return s.name == t.schema; });
    if (!listed) {
      return Error{fmt::format("{}: table {} is in schema \"{}\" that \"schemas\" does not list",
                               where, t.full_name(), t.schema)};
    }
    for (const std::string* f : {&t.ddl_file}) {
      if (m.file(*f) == nullptr) {
        return Error{fmt::format("{}: table {} names file \"{}\" that \"files\" does not list",
                                 where, t.full_name(), *f)};
      }
    }
    for (const auto& p : t.parts) {
      if (m.file(p.data_file) == nullptr) {
        return Error{fmt::format("{}: table {} names file \"{}\" that \"files\" does not list",
                                 where, t.full_name(), p.data_file)};
      }
    }
  }
  return m;
}

Result<std::string> read_manifest_text(const std::string& backup_dir) {
  const std::string path = backup_dir + "/" + kManifestName;
  std::ifstream in(path, std::ios::binary);
  struct stat st {};
  if (!in || ::stat(path.c_str(), &st) != 0) {
    return Error{fmt::format("cannot read {}: no such file or not readable", path)};
  }
  if (!S_ISREG(st.st_mode)) return Error{fmt::format("{} is not a regular file", path)};
  if (static_cast<uint64_t>(st.st_size) > kMaxManifestBytes) {
    return Error{
        fmt::format("{} has {} bytes, more than the {} a manifest may have: not a jaga "
                    "manifest, or damaged",
                    path, st.st_size, kMaxManifestBytes)};
  }
  std::string text(static_cast<size_t>(st.st_size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

Result<Manifest> read_manifest(const std::string& backup_dir) {
  auto text = read_manifest_text(backup_dir);
  if (!text) return text.error();
  return parse_manifest(*text, backup_dir + "/" + kManifestName);
}

}  // namespace jaga::backup
