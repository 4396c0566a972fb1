// Schema first: before any row is compared, the definitions of the configured schemas are read
// from both servers and compared object by object - tables (type, engine, collation), columns
// (name, order, type, nullability, default, character set, collation, extra), keys and indexes,
// foreign keys and CHECK constraints, views, triggers, stored routines and events. A table that
// exists on one side only, an extra column on the backup or a changed collation is a difference
// even when every row is identical.
//
// What the monitoring account cannot see is never counted as equal: triggers need the TRIGGER
// privilege, routines and events SELECT on mysql.proc and mysql.event, view bodies SHOW VIEW
// (ops/grants.sql). A kind of object one side cannot read is listed in `not_compared` instead.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "consistency/table_schema.h"
#include "core/result.h"
#include "db/connection.h"

namespace jaga::consistency {

enum class ObjectKind {
  kTable,
  kColumn,
  kIndex,
  kForeignKey,
  kCheck,
  kView,
  kTrigger,
  kRoutine,
  kEvent
};

// "table", "column", "index", "foreign key", "check constraint", "view", "trigger", "routine",
// "event".
std::string_view object_kind_name(ObjectKind kind);

struct SchemaObject {
  ObjectKind kind = ObjectKind::kTable;
  std::string name;        // "siak.t", "siak.t.col", "siak.t.PRIMARY", "siak.v", ...
  std::string table;       // the table it belongs to ("siak.t"), "" for views, routines, events
  std::string definition;  // the canonical text that is compared
};

// Every definition one server holds for the configured schemas.
struct SchemaDefinitions {
  std::map<std::pair<ObjectKind, std::string>, SchemaObject> objects;
  // Each base table's columns in their order on this server.
  std::map<std::string, std::vector<std::string>> column_order;
  // Each base table's column types ("siak.t" -> name -> COLUMN_TYPE such as "decimal(10,2)").
  std::map<std::string, std::map<std::string, std::string>> column_types;
  // Kinds of object this account cannot read on this server, each with the grant it needs.
  std::vector<std::string> not_visible;
};

struct SchemaDifference {
  ObjectKind kind = ObjectKind::kTable;
  std::string name;
  std::optional<std::string> primary;  // the definition on the primary; nullopt: absent there
  std::optional<std::string> backup;
  // Tables, columns and keys: the backup cannot stand in for the primary. Views, triggers,
  // routines and events: it can, but behaves differently.
  bool critical() const;
  // One line for a person: "column siak.t.v: primary decimal(10,2) ..., backup decimal(10,3) ...".
  std::string describe() const;
};

// Reads the definitions of `schemas` (restricted to `tables` as in load_tables when not empty).
// Errors only for a failed query; what the account may not read goes to `not_visible`.
Result<SchemaDefinitions> read_definitions(db::Connection& connection,
                                           const std::vector<std::string>& schemas,
                                           const std::vector<std::string>& tables);

// Every object that differs, absent on one side or defined differently, in a stable order. Parts
// of a table that exists on one side only are not listed again: the table is.
std::vector<SchemaDifference> compare_definitions(const SchemaDefinitions& primary,
                                                  const SchemaDefinitions& backup);

// The object kinds that could not be compared on either server, each once.
std::vector<std::string> not_compared(const SchemaDefinitions& primary,
                                      const SchemaDefinitions& backup);

// `table` restricted to the columns the backup has with the same type, so its rows are compared
// on what both sides hold: a column missing on the backup, or whose type differs (already a
// schema difference), does not turn every row into a difference. The names left out go to
// `left_out`. When a key column is left out, the table is compared without a key.
TableSchema common_columns(const TableSchema& table, const SchemaDefinitions& primary,
                           const SchemaDefinitions& backup, std::vector<std::string>& left_out);

nlohmann::json to_json(const SchemaDifference& difference);

}  // namespace jaga::consistency
