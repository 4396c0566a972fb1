// Reading one TOML table of the configuration into a struct. Each area of the configuration
// ([agent], [servers], [checks.*], [schedule], ...) has a read_* function that takes a TableReader;
// every problem becomes an Error naming the file, the line and the full key.
#pragma once

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace jaga::config {

inline const char* type_name(toml::node_type type) {
  switch (type) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "nothing";
  }
}

// Reads one TOML table into a struct, remembering which keys it consumed so that every key it
// did not ask for is reported as unknown. The first problem found wins and is kept as `error`.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string prefix, const std::string& path)
      : table_(table), prefix_(std::move(prefix)), path_(path) {}

  void string(std::string_view key, std::string& out, bool required = false) {
    if (const toml::node* node = find(key, required)) {
      if (auto v = node->value<std::string>()) {
        out = *v;
      } else {
        wrong_type(key, *node, "a string");
      }
    }
  }

  void strings(std::string_view key, std::vector<std::string>& out) {
    const toml::node* node = find(key, false);
    if (node == nullptr) return;
    const toml::array* array = node->as_array();
    if (array == nullptr) return wrong_type(key, *node, "an array of strings");
    std::vector<std::string> values;
    for (const toml::node& element : *array) {
      auto v = element.value<std::string>();
      if (!v) return wrong_type(key, element, "an array of strings");
      values.push_back(*v);
    }
    out = std::move(values);
  }

  void boolean(std::string_view key, bool& out) {
    if (const toml::node* node = find(key, false)) {
      if (auto v = node->value<bool>()) {
        out = *v;
      } else {
        wrong_type(key, *node, "a boolean (true or false)");
      }
    }
  }

  template <typename Int>
  void integer(std::string_view key, Int& out, int64_t min, int64_t max) {
    if (const toml::node* node = find(key, false)) {
      if (!node->is_integer()) return wrong_type(key, *node, "an integer");
      const int64_t v = node->as_integer()->get();
      if (v < min || v > max) {
        return fail(*node,
                    fmt::format("'{}' must be between {} and {}, got {}", full(key), min, max, v));
      }
      out = static_cast<Int>(v);
    }
  }

  void number(std::string_view key, double& out, double min, double max) {
    if (const toml::node* node = find(key, false)) {
      if (!node->is_number()) return wrong_type(key, *node, "a number");
      const double v = node->value<double>().value_or(0.0);
      if (!(v >= min && v <= max)) {  // also refuses nan
        return fail(*node,
                    fmt::format("'{}' must be between {} and {}, got {}", full(key), min, max, v));
      }
      out = v;
    }
  }

  // A string naming an environment variable. A value that is not a name is not repeated in the
  // message: an administrator who wrote the password itself here would find it in the log.
  void env_name(std::string_view key, std::string& out) {
    string(key, out);
    if (error || out.empty() || is_env_name(out)) return;
    fail(*table_.get(key),
         fmt::format("'{}' must be the name of an environment variable (letters, digits and _, "
                     "without $), not the password itself",
                     full(key)));
  }

  template <typename Enum>
  void one_of(std::string_view key, Enum& out, const std::map<std::string, Enum>& choices) {
    std::string text;
    const toml::node* node = find(key, false);
    if (node == nullptr) return;
    string(key, text);
    if (error) return;
    auto it = choices.find(text);
    if (it == choices.end()) {
      std::string names;
      for (const auto& [name, value] : choices) names += (names.empty() ? "" : ", ") + name;
      return fail(*node, fmt::format("'{}' must be one of {}, got \"{}\"", full(key), names, text));
    }
    out = it->second;
  }

  // Calls `read` with a reader for the sub-table `key` (optional unless `required`).
  void table(std::string_view key, bool required, const std::function<void(TableReader&)>& read) {
    const toml::node* node = find(key, required);
    if (node == nullptr) return;
    if (!node->is_table()) return wrong_type(key, *node, "a table");
    TableReader sub(*node->as_table(), full(key), path_);
    read(sub);
    sub.finish();
    if (sub.error && !error) error = sub.error;
  }

  // Calls `read` for each table of the array of tables `key`.
  void tables(std::string_view key, const std::function<void(TableReader&)>& read) {
    const toml::node* node = find(key, false);
    if (node == nullptr) return;
    const toml::array* array = node->as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
      return wrong_type(key, *node, fmt::format("an array of tables ([[{}]])", full(key)));
    }
    for (size_t i = 0; i < array->size() && !error; ++i) {
      TableReader sub(*array->get(i)->as_table(), fmt::format("{}[{}]", full(key), i), path_);
      read(sub);
      sub.finish();
      if (sub.error) error = sub.error;
    }
  }

  // Reports the first key of this table that nobody asked for.
  void finish() {
    if (error) return;
    for (const auto& [key, node] : table_) {
      if (!seen_.contains(std::string(key.str()))) {
        std::string known;
        for (const auto& k : seen_) known += (known.empty() ? "" : ", ") + k;
        fail(node, fmt::format("unknown key '{}'{}", full(key.str()),
                               known.empty() ? "" : fmt::format(" (known keys here: {})", known)));
        return;
      }
    }
  }

  // A problem the caller found with the value of `key` (present in this table), reported at it.
  void fail_at(std::string_view key, const std::string& message) {
    fail(*table_.get(key), fmt::format("'{}': {}", full(key), message));
  }

  // A problem the caller found after reading (a cross-key rule), reported at this table.
  void fail_here(const std::string& message) {
    if (!error) error = Error{fmt::format("{}:{}: {}", path_, line_of(table_), message)};
  }

  std::optional<Error> error;

 private:
  const toml::node* find(std::string_view key, bool required) {
    seen_.emplace(key);
    if (error) return nullptr;
    const toml::node* node = table_.get(key);
    if (node == nullptr && required) {
      fail_here(fmt::format("missing required key '{}'", full(key)));
    }
    return node;
  }

  void wrong_type(std::string_view key, const toml::node& node, std::string_view expected) {
    fail(node, fmt::format("'{}' must be {}, got {}", full(key), expected, type_name(node.type())));
  }

  void fail(const toml::node& node, const std::string& message) {
    if (!error) error = Error{fmt::format("{}:{}: {}", path_, line_of(node), message)};
  }

  static bool is_env_name(std::string_view name) {
    auto letter = [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    };
    if (name.empty() || !letter(name[0])) return false;
    for (char c : name) {
      if (!letter(c) && !(c >= '0' && c <= '9')) return false;
    }
    return true;
  }

  static std::string line_of(const toml::node& node) {
    const auto& begin = node.source().begin;
    return begin.line == 0 ? "1" : fmt::format("{}:{}", begin.line, begin.column);
  }

  std::string full(std::string_view key) const {
    return prefix_.empty() ? std::string(key) : fmt::format("{}.{}", prefix_, key);
  }

  const toml::table& table_;
  std::string prefix_;
  const std::string& path_;
  std::set<std::string> seen_;
};

}  // namespace jaga::config
