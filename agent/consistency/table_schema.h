// The shape of a table as the consistency engine needs it: its columns in order and the key
// that orders it into chunks (the primary key, else a unique key over NOT NULL columns, else
// none; only keys whose every column can order chunks, digest_sql.h chunkable_key_type). Read from
// information_schema of the primary.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "db/connection.h"

namespace jaga::consistency {

struct Column {
  Column() = default;
  Column(std::string name_, std::string data_type_, bool nullable_ = true,
         std::string charset_ = "", std::string collation_ = "")
      : name(std::move(name_)),
        data_type(std::move(data_type_)),
        nullable(nullable_),
        charset(std::move(charset_)),
        collation(std::move(collation_)) {}

  std::string name;
  std::string data_type;  // information_schema DATA_TYPE, lower case: "varchar", "float", ...
  bool nullable = true;
  // Text columns: the character set and collation their bytes and order follow ("" otherwise).
  std::string charset;
  std::string collation;
};

enum class KeyKind { kPrimary, kUnique, kNone };

struct TableSchema {
  std::string schema;
  std::string name;
  std::vector<Column> columns;
  std::vector<size_t> key;  // indexes into `columns`, in key order; empty for KeyKind::kNone
  KeyKind key_kind = KeyKind::kNone;
  std::string key_name;  // "PRIMARY" or the unique index's name

  std::string full_name() const { return schema + "." + name; }
  std::vector<std::string> key_names() const;
};

// `values` quoted for SQL and separated by commas, for an IN (...) list.
std::string in_list(db::Connection& connection, const std::vector<std::string>& values);
// Whether schema.name is one of `tables` ("schema.table" or a bare name); every table when empty.
bool wanted(const std::vector<std::string>& tables, const std::string& schema,
            const std::string& name);

// The base tables of `schemas` (all of them when `tables` is empty, else only those whose
// "schema.table" or bare name is listed), ordered by schema and name. A listed table that does
// not exist is an error naming it.
Result<std::vector<TableSchema>> load_tables(db::Connection& connection,
                                             const std::vector<std::string>& schemas,
                                             const std::vector<std::string>& tables);

}  // namespace jaga::consistency
