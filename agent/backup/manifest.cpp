#include "backup/manifest.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

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

  const json* get(const char* key, json::value_t type, const char* expected) {
    if (error_ || !object_.is_object()) return nullptr;
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
};

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
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
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
    Fields s(*server, "\"server\"", error);
    s.str("role", m.server_role);
    s.str("endpoint", m.server);
    s.str("version", m.server_version);
  }
  if (auto* snapshot = top.get("snapshot", json::value_t::object, "an object")) {
    Fields s(*snapshot, "\"snapshot\"", error);
    s.str("gtid_position", m.gtid_position);
    s.str("binlog_file", m.binlog_file);
    s.integer("binlog_position", m.binlog_position);
    s.str("method", m.snapshot_method);
  }
  if (auto* schemas = top.array("schemas")) {
    for (size_t i = 0; i < schemas->size() && !error; ++i) {
      Fields s((*schemas)[i], fmt::format("schemas[{}]", i), error);
      ManifestSchema schema;
      s.str("name", schema.name);
      s.str("charset", schema.charset);
      s.str("collation", schema.collation);
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
          table.parts.push_back(std::move(part));
        }
      }
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
      if (!error &&
          (file.path.empty() || file.path[0] == '/' || file.path.find("..") != std::string::npos)) {
        error = Error{fmt::format("files[{}].path \"{}\" must be a relative path inside the backup",
                                  i, file.path)};
      }
      m.files.push_back(std::move(file));
    }
  }
  if (error) return Error{fmt::format("{}: {}", where, error->message)};
  for (const auto& t : m.tables) {
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

Result<Manifest> read_manifest(const std::string& backup_dir) {
  const std::string path = backup_dir + "/" + kManifestName;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{fmt::format("cannot read {}: no such file or not readable", path)};
  std::stringstream text;
  text << in.rdbuf();
  return parse_manifest(text.str(), path);
}

}  // namespace jaga::backup
