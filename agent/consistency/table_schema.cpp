#include "consistency/table_schema.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "consistency/digest_sql.h"

namespace jaga::consistency {
namespace {

// Picks the key that orders the table: PRIMARY, else the unique index with the fewest columns
// whose columns are all NOT NULL (a NULL-able unique key allows duplicate NULLs).
void choose_key(TableSchema& t, const std::map<std::string, std::vector<std::string>>& uniques) {
  auto column_index = [&](const std::string& name) -> std::optional<size_t> {
    for (size_t i = 0; i < t.columns.size(); ++i) {
      if (t.columns[i].name == name) return i;
    }
    return std::nullopt;
  };
  // NOT NULL (a NULL-able unique key allows duplicate NULLs) and of a type that orders chunks
  // exactly (a FLOAT key, say, prints values that need not compare equal to the stored ones).
  auto usable = [&](const std::vector<std::string>& columns) {
    return std::all_of(columns.begin(), columns.end(), [&](const std::string& c) {
      auto i = column_index(c);
      return i && !t.columns[*i].nullable && chunkable_key_type(t.columns[*i]);
    });
  };
  const std::vector<std::string>* best = nullptr;
  std::string best_name;
  if (auto primary = uniques.find("PRIMARY"); primary != uniques.end() && usable(primary->second)) {
    best = &primary->second;
    best_name = "PRIMARY";
  } else {
    for (const auto& [index, columns] : uniques) {
      if (index != "PRIMARY" && usable(columns) &&
          (best == nullptr || columns.size() < best->size())) {
        best = &columns;
        best_name = index;
      }
    }
  }
  if (best == nullptr) return;
  t.key_kind = best_name == "PRIMARY" ? KeyKind::kPrimary : KeyKind::kUnique;
  t.key_name = best_name;
  for (const auto& c : *best) t.key.push_back(*column_index(c));
}

}  // namespace

std::string in_list(db::Connection& c, const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + c.quote(v);
  return out;
}

bool wanted(const std::vector<std::string>& tables, const std::string& schema,
            const std::string& name) {
  if (tables.empty()) return true;
  return std::any_of(tables.begin(), tables.end(),
                     [&](const std::string& t) { return t == name || t == schema + "." + name; });
}

std::vector<std::string> TableSchema::key_names() const {
  std::vector<std::string> names;
  for (size_t i : key) names.push_back(columns[i].name);
  return names;
}

Result<std::vector<TableSchema>> load_tables(db::Connection& c,
                                             const std::vector<std::string>& schemas,
                                             const std::vector<std::string>& tables) {
  if (schemas.empty()) return std::vector<TableSchema>{};
  const std::string in = in_list(c, schemas);
  auto base = c.query(fmt::format(
      "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ({}) "
      "AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_SCHEMA, TABLE_NAME",
      in));
  if (!base) return base.error();
  auto columns = c.query(fmt::format(
      "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, LOWER(DATA_TYPE), IS_NULLABLE, "
      "COALESCE(CHARACTER_SET_NAME, ''), COALESCE(COLLATION_NAME, '') FROM "
      "information_schema.COLUMNS WHERE TABLE_SCHEMA IN ({}) ORDER BY TABLE_SCHEMA, TABLE_NAME, "
      "ORDINAL_POSITION",
      in));
  if (!columns) return columns.error();
  auto keys = c.query(fmt::format(
      "SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS "
      "WHERE TABLE_SCHEMA IN ({}) AND NON_UNIQUE = 0 AND SUB_PART IS NULL "
      "ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
      in));
  if (!keys) return keys.error();

  std::vector<TableSchema> out;
  std::set<std::string> found;
  for (const auto& row : base->rows) {
    const std::string schema = row[0].value_or(""), name = row[1].value_or("");
    found.insert(schema + "." + name);
    found.insert(name);
    if (!wanted(tables, schema, name)) continue;
    TableSchema t;
    t.schema = schema;
    t.name = name;
    for (const auto& col : columns->rows) {
      if (col[0] == schema && col[1] == name) {
        t.columns.push_back({col[2].value_or(""), col[3].value_or(""), col[4] == "YES",
                             col[5].value_or(""), col[6].value_or("")});
      }
    }
    std::map<std::string, std::vector<std::string>> uniques;
    for (const auto& k : keys->rows) {
      if (k[0] == schema && k[1] == name) uniques[k[2].value_or("")].push_back(k[3].value_or(""));
    }
    choose_key(t, uniques);
    out.push_back(std::move(t));
  }
  for (const auto& t : tables) {
    if (!found.contains(t)) {
      return Error{fmt::format("{}: table '{}' not found in schema{} {}", c.label(), t,
                               schemas.size() == 1 ? "" : "s", fmt::join(schemas, ", "))};
    }
  }
  return out;
}

}  // namespace jaga::consistency
