#include "consistency/schema_compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace jaga::consistency {
namespace {

std::string text(const db::Value& v) { return v.value_or(""); }

// A value that may be NULL, as the definition shows it.
std::string shown(const db::Value& v, std::string_view if_null) {
  return v ? *v : std::string(if_null);
}

// Definitions are compared as the server sent their bytes, but shown and kept in JSON evidence,
// which holds UTF-8 only: a routine body stored in another character set then keeps its ASCII
// and shows every other byte as \xNN.
std::string printable(std::string s) {
  try {
    (void)nlohmann::json(s).dump();
    return s;
  } catch (const nlohmann::json::type_error&) {
    std::string out;
    for (char ch : s) {
      const auto byte = static_cast<unsigned char>(ch);
      out += byte >= 0x80 ? fmt::format("\\x{:02x}", byte)
             : ch == '\\' ? "\\\\"
                          : std::string(1, ch);
    }
    return out;
  }
}

std::string shorten(const std::string& s) {
  constexpr size_t kMax = 160;
  return printable(s.size() <= kMax ? s : s.substr(0, kMax) + "...");
}

class Reader {
 public:
  Reader(db::Connection& c, const std::vector<std::string>& schemas,
         const std::vector<std::string>& tables)
      : c_(c), schemas_(in_list(c, schemas)), schema_count_(schemas.size()), tables_(tables) {}

  Result<SchemaDefinitions> read() {
    if (auto r = read_tables(); !r) return r.error();
    if (auto r = read_columns(); !r) return r.error();
    if (auto r = read_indexes(); !r) return r.error();
    if (auto r = read_foreign_keys(); !r) return r.error();
    if (auto r = read_checks(); !r) return r.error();
    if (auto r = read_views(); !r) return r.error();
    if (auto r = read_triggers(); !r) return r.error();
    if (auto r = read_routines(); !r) return r.error();
    if (auto r = read_events(); !r) return r.error();
    return std::move(out_);
  }

 private:
  void add(ObjectKind kind, std::string name, std::string table, std::string definition) {
    SchemaObject o{kind, name, std::move(table), std::move(definition)};
    out_.objects[{kind, std::move(name)}] = std::move(o);
  }
  bool table_wanted(const db::Value& schema, const db::Value& table) const {
    return wanted(tables_, text(schema), text(table));
  }
  std::string full(const db::Value& schema, const db::Value& name) const {
    return text(schema) + "." + text(name);
  }
  // Whether this account holds `privilege` globally or on every configured schema.
  Result<bool> holds(const std::string& privilege) {
    auto global = c_.scalar(fmt::format(
        "SELECT COUNT(*) FROM information_schema.USER_PRIVILEGES WHERE PRIVILEGE_TYPE = {}",
        c_.quote(privilege)));
    if (!global) return global.error();
    if (global->value_or("0") != "0") return true;
    // A grant ON `a\_b`.* is kept with the wildcard escaped.
    auto schemas =
        c_.scalar(fmt::format("SELECT COUNT(DISTINCT REPLACE(TABLE_SCHEMA, '\\\\_', '_')) FROM "
                              "information_schema.SCHEMA_PRIVILEGES WHERE PRIVILEGE_TYPE = {} AND "
                              "REPLACE(TABLE_SCHEMA, '\\\\_', '_') IN ({})",
                              c_.quote(privilege), schemas_));
    if (!schemas) return schemas.error();
    return schemas->value_or("0") == std::to_string(schema_count_);
  }
  // Whether `table` (mysql.proc, mysql.event) can be read by this account.
  bool readable(const std::string& table) {
    return static_cast<bool>(c_.query("SELECT 1 FROM " + table + " LIMIT 0"));
  }

  Result<void> read_tables() {
    auto rows = c_.query(fmt::format(
        "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, CREATE_OPTIONS "
        "FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ({}) AND TABLE_TYPE <> 'VIEW'",
        schemas_));
    if (!rows) return rows.error();
    for (const auto& row : rows->rows) {
      if (!table_wanted(row[0], row[1])) continue;
      base_tables_.insert(full(row[0], row[1]));
      add(ObjectKind::kTable, full(row[0], row[1]), full(row[0], row[1]),
          fmt::format("{}, engine {}, collation {}{}", text(row[2]), shown(row[3], "none"),
                      shown(row[4], "none"),
                      text(row[5]).empty() ? "" : ", options " + text(row[5])));
    }
    return Ok();
  }

  Result<void> read_columns() {
    auto rows = c_.query(fmt::format(
        "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, "
        "CHARACTER_SET_NAME, COLLATION_NAME, EXTRA, GENERATION_EXPRESSION FROM "
        "information_schema.COLUMNS WHERE TABLE_SCHEMA IN ({}) "
        "ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION",
        schemas_));
    if (!rows) return rows.error();
    for (const auto& row : rows->rows) {
      const std::string table = full(row[0], row[1]);
      if (!base_tables_.count(table)) continue;  // a view's columns follow its definition
      const std::string name = text(row[2]);
      out_.column_order[table].push_back(name);
      out_.column_types[table][name] = text(row[3]);
      std::string definition =
          fmt::format("{} {}", text(row[3]), text(row[4]) == "YES" ? "NULL" : "NOT NULL");
      // MariaDB shows a default of NULL as the text NULL and no default as SQL NULL.
      definition += row[5] ? " DEFAULT " + *row[5] : " (no default)";
      if (row[6]) definition += " CHARACTER SET " + *row[6];
      if (row[7]) definition += " COLLATE " + *row[7];
      if (!text(row[8]).empty()) definition += " " + text(row[8]);
      if (row[9] && !row[9]->empty()) definition += " AS (" + *row[9] + ")";
      add(ObjectKind::kColumn, table + "." + name, table, std::move(definition));
    }
    return Ok();
  }

  Result<void> read_indexes() {
    auto rows = c_.query(fmt::format(
        "SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, "
        "COLLATION, INDEX_TYPE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA IN ({}) "
        "ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
        schemas_));
    if (!rows) return rows.error();
    std::map<std::string, std::pair<std::string, std::vector<std::string>>> indexes;
    std::map<std::string, std::string> owner;
    for (const auto& row : rows->rows) {
      const std::string table = full(row[0], row[1]);
      if (!base_tables_.count(table)) continue;
      const std::string name = table + "." + text(row[2]);
      auto& [kind, parts] = indexes[name];
      owner[name] = table;
      kind = fmt::format("{}{}",
                         text(row[2]) == "PRIMARY" ? "PRIMARY KEY"
                         : text(row[3]) == "0"     ? "UNIQUE"
                                                   : "INDEX",
                         text(row[7]).empty() ? "" : " " + text(row[7]));
      std::string part = text(row[4]);
      if (row[5]) part += "(" + *row[5] + ")";
      if (text(row[6]) == "D") part += " DESC";
      parts.push_back(std::move(part));
    }
    for (auto& [name, index] : indexes) {
      add(ObjectKind::kIndex, name, owner[name],
          fmt::format("{} ({})", index.first, fmt::join(index.second, ", ")));
    }
    return Ok();
  }

  Result<void> read_foreign_keys() {
    auto rows = c_.query(fmt::format(
        "SELECT k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, "
        "k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, "
        "r.UPDATE_RULE, r.DELETE_RULE FROM information_schema.KEY_COLUMN_USAGE k JOIN "
        "information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.TABLE_SCHEMA "
        "AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
        "WHERE k.TABLE_SCHEMA IN ({}) AND k.REFERENCED_TABLE_NAME IS NOT NULL "
        "ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
        schemas_));
    if (!rows) return rows.error();
    std::map<std::string, std::vector<db::Row>> keys;
    for (const auto& row : rows->rows) {
      const std::string table = full(row[0], row[1]);
      if (base_tables_.count(table)) keys[table + "." + text(row[2])].push_back(row);
    }
    for (const auto& [name, parts] : keys) {
      std::vector<std::string> columns, referenced;
      for (const auto& p : parts) {
        columns.push_back(text(p[3]));
        referenced.push_back(text(p[6]));
      }
      const db::Row& first = parts.front();
      add(ObjectKind::kForeignKey, name, full(first[0], first[1]),
          fmt::format("({}) REFERENCES {}.{} ({}) ON UPDATE {} ON DELETE {}",
                      fmt::join(columns, ", "), text(first[4]), text(first[5]),
                      fmt::join(referenced, ", "), text(first[7]), text(first[8])));
    }
    return Ok();
  }

  Result<void> read_checks() {
    auto rows = c_.query(
        fmt::format("SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM "
                    "information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN ({})",
                    schemas_));
    if (!rows) return rows.error();
    for (const auto& row : rows->rows) {
      const std::string table = full(row[0], row[1]);
      if (!base_tables_.count(table)) continue;
      add(ObjectKind::kCheck, table + "." + text(row[2]), table, "CHECK (" + text(row[3]) + ")");
    }
    return Ok();
  }

  Result<void> read_views() {
    auto rows = c_.query(fmt::format(
        "SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE, DEFINER, "
        "ALGORITHM FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN ({})",
        schemas_));
    if (!rows) return rows.error();
    bool hidden = false;
    for (const auto& row : rows->rows) {
      // Without SHOW VIEW the server lists the view with an empty definition.
      if (text(row[2]).empty()) hidden = true;
      add(ObjectKind::kView, full(row[0], row[1]), "",
          fmt::format("{} (check option {}, SQL SECURITY {}, definer {}, algorithm {})",
                      text(row[2]), text(row[3]), text(row[4]), text(row[5]), text(row[6])));
    }
    if (hidden) out_.not_visible.push_back("view definitions (GRANT SHOW VIEW)");
    return Ok();
  }

  Result<void> read_triggers() {
    auto allowed = holds("TRIGGER");
    if (!allowed) return allowed.error();
    if (!*allowed) {
      out_.not_visible.push_back("triggers (GRANT TRIGGER)");
      return Ok();
    }
    auto rows = c_.query(fmt::format(
        "SELECT TRIGGER_SCHEMA, TRIGGER_NAME, EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE, "
        "ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER, ACTION_STATEMENT, DEFINER, SQL_MODE "
        "FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN ({})",
        schemas_));
    if (!rows) return rows.error();
    for (const auto& row : rows->rows) {
      add(ObjectKind::kTrigger, full(row[0], row[1]), full(row[2], row[3]),
          fmt::format("{} {} ON {} (order {}, definer {}, sql_mode {}): {}", text(row[4]),
                      text(row[5]), full(row[2], row[3]), text(row[6]), text(row[8]), text(row[9]),
                      text(row[7])));
    }
    return Ok();
  }

  Result<void> read_routines() {
    if (!readable("mysql.proc")) {
      out_.not_visible.push_back("routines (GRANT SELECT ON mysql.proc)");
      return Ok();
    }
    auto rows = c_.query(
        fmt::format("SELECT db, name, type, param_list, returns, body, security_type, definer, "
                    "is_deterministic, sql_data_access, sql_mode FROM mysql.proc WHERE db IN ({})",
                    schemas_));
    if (!rows) return rows.error();
    for (const auto& row : rows->rows) {
      add(ObjectKind::kRoutine, full(row[0], row[1]) + " (" + text(row[2]) + ")", "",
          fmt::format("{}({}) RETURNS {} (SQL SECURITY {}, definer {}, deterministic {}, {}, "
                      "sql_mode {}): {}",
                      text(row[2]), text(row[3]), shown(row[4], "nothing"), text(row[6]),
                      text(row[7]), text(row[8]), text(row[9]), text(row[10]), text(row[5])));
    }
    return Ok();
  }

  Result<void> read_events() {
    if (!readable("mysql.event")) {
      out_.not_visible.push_back("events (GRANT SELECT ON mysql.event)");
      return Ok();
    }
    auto rows = c_.query(fmt::format(
        "SELECT db, name, body, execute_at, interval_value, interval_field, starts, ends, "
        "on_completion, status, definer FROM mysql.event WHERE db IN ({})",
        schemas_));
    if (!rows) return rows.error();
    for (const auto& row : rows->rows) {
      // A replica keeps a replicated event as SLAVESIDE_DISABLED until it is promoted: that is
      // the primary's ENABLED event, not a difference.
      const std::string status =
          text(row[9]) == "SLAVESIDE_DISABLED" ? std::string("ENABLED") : text(row[9]);
      const std::string schedule =
          row[3] ? "AT " + *row[3]
                 : fmt::format("EVERY {} {} STARTS {} ENDS {}", text(row[4]), text(row[5]),
                               shown(row[6], "-"), shown(row[7], "-"));
      add(ObjectKind::kEvent, full(row[0], row[1]), "",
          fmt::format("{} ON COMPLETION {} {} (definer {}): {}", schedule, text(row[8]), status,
                      text(row[10]), text(row[2])));
    }
    return Ok();
  }

  db::Connection& c_;
  std::string schemas_;
  size_t schema_count_;
  std::vector<std::string> tables_;
  std::set<std::string> base_tables_;
  SchemaDefinitions out_;
};

}  // namespace

std::string_view object_kind_name(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kTable:
      return "table";
    case ObjectKind::kColumn:
      return "column";
    case ObjectKind::kIndex:
      return "index";
    case ObjectKind::kForeignKey:
      return "foreign key";
    case ObjectKind::kCheck:
      return "check constraint";
    case ObjectKind::kView:
      return "view";
    case ObjectKind::kTrigger:
      return "trigger";
    case ObjectKind::kRoutine:
      return "routine";
    case ObjectKind::kEvent:
      return "event";
  }
  return "object";
}

bool SchemaDifference::critical() const {
  switch (kind) {
    case ObjectKind::kTable:
    case ObjectKind::kColumn:
    case ObjectKind::kIndex:
    case ObjectKind::kForeignKey:
    case ObjectKind::kCheck:
      return true;
    default:
      return false;
  }
}

std::string SchemaDifference::describe() const {
  const std::string what = fmt::format("{} {}", object_kind_name(kind), name);
  if (!backup)
    return fmt::format("{} is missing on the backup (primary: {})", what, shorten(*primary));
  if (!primary) return fmt::format("{} exists only on the backup ({})", what, shorten(*backup));
  return fmt::format("{} differs: primary {}, backup {}", what, shorten(*primary),
                     shorten(*backup));
}

Result<SchemaDefinitions> read_definitions(db::Connection& connection,
                                           const std::vector<std::string>& schemas,
                                           const std::vector<std::string>& tables) {
  auto read = Reader(connection, schemas, tables).read();
  if (!read)
    return Error{
        fmt::format("{}: reading the schema: {}", connection.label(), read.error().message)};
  return read;
}

std::vector<SchemaDifference> compare_definitions(const SchemaDefinitions& primary,
                                                  const SchemaDefinitions& backup) {
  // Tables that exist on one side only: their parts are not listed again.
  std::set<std::string> one_sided;
  for (const auto& [id, o] : primary.objects) {
    if (id.first == ObjectKind::kTable && !backup.objects.count(id)) one_sided.insert(id.second);
  }
  for (const auto& [id, o] : backup.objects) {
    if (id.first == ObjectKind::kTable && !primary.objects.count(id)) one_sided.insert(id.second);
  }
  auto part_of_one_sided = [&](const SchemaObject& o) {
    return o.kind != ObjectKind::kTable && !o.table.empty() && one_sided.count(o.table) > 0;
  };

  std::vector<SchemaDifference> out;
  for (const auto& [id, o] : primary.objects) {
    if (part_of_one_sided(o)) continue;
    auto other = backup.objects.find(id);
    if (other == backup.objects.end()) {
      out.push_back({o.kind, o.name, o.definition, std::nullopt});
    } else if (other->second.definition != o.definition) {
      out.push_back({o.kind, o.name, o.definition, other->second.definition});
    }
  }
  for (const auto& [id, o] : backup.objects) {
    if (part_of_one_sided(o) || primary.objects.count(id)) continue;
    out.push_back({o.kind, o.name, std::nullopt, o.definition});
  }
  // The order of the columns both sides hold.
  for (const auto& [table, order] : primary.column_order) {
    auto other = backup.column_order.find(table);
    if (other == backup.column_order.end()) continue;
    auto common = [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
      std::vector<std::string> out;
      for (const auto& c : a) {
        if (std::find(b.begin(), b.end(), c) != b.end()) out.push_back(c);
      }
      return out;
    };
    const auto p = common(order, other->second);
    const auto b = common(other->second, order);
    if (p != b) {
      out.push_back({ObjectKind::kTable, table + " (column order)",
                     fmt::format("{}", fmt::join(p, ", ")), fmt::format("{}", fmt::join(b, ", "))});
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const SchemaDifference& a, const SchemaDifference& b) {
                     return std::tie(a.kind, a.name) < std::tie(b.kind, b.name);
                   });
  return out;
}

std::vector<std::string> not_compared(const SchemaDefinitions& primary,
                                      const SchemaDefinitions& backup) {
  std::vector<std::string> out = primary.not_visible;
  for (const auto& kind : backup.not_visible) {
    if (std::find(out.begin(), out.end(), kind) == out.end()) out.push_back(kind);
  }
  return out;
}

TableSchema common_columns(const TableSchema& table, const SchemaDefinitions& primary,
                           const SchemaDefinitions& backup, std::vector<std::string>& left_out) {
  const std::string name = table.full_name();
  auto mine = primary.column_types.find(name);
  auto theirs = backup.column_types.find(name);
  if (mine == primary.column_types.end() || theirs == backup.column_types.end()) return table;
  TableSchema out = table;
  out.columns.clear();
  out.key.clear();
  std::vector<size_t> new_index(table.columns.size(), SIZE_MAX);
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const std::string& column = table.columns[i].name;
    auto p = mine->second.find(column);
    auto b = theirs->second.find(column);
    if (p == mine->second.end() || b == theirs->second.end() || p->second != b->second) {
      left_out.push_back(column);
      continue;
    }
    new_index[i] = out.columns.size();
    out.columns.push_back(table.columns[i]);
  }
  for (size_t k : table.key) {
    if (new_index[k] == SIZE_MAX) {
      out.key.clear();
      out.key_kind = KeyKind::kNone;
      out.key_name.clear();
      return out;
    }
    out.key.push_back(new_index[k]);
  }
  return out;
}

nlohmann::json to_json(const SchemaDifference& d) {
  return {{"kind", object_kind_name(d.kind)},
          {"name", d.name},
          {"primary", d.primary ? nlohmann::json(printable(*d.primary)) : nlohmann::json(nullptr)},
          {"backup", d.backup ? nlohmann::json(printable(*d.backup)) : nlohmann::json(nullptr)},
          {"critical", d.critical()}};
}

}  // namespace jaga::consistency
