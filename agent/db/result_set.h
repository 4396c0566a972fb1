// A fully buffered query result: column names and rows of nullable text values, exactly as the
// server sent them. Small by design: checks read status rows, not population data.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jaga::db {

using Value = std::optional<std::string>;  // std::nullopt is SQL NULL
using Row = std::vector<Value>;

struct ResultSet {
  std::vector<std::string> columns;
  std::vector<Row> rows;

  // Index of `column` (case-insensitive), or -1 when the result has no such column.
  int column_index(std::string_view column) const;
  // Value of `column` in row `row`; nullopt for NULL, a missing column or a missing row.
  Value get(size_t row, std::string_view column) const;
  bool empty() const { return rows.empty(); }
};

// The server flavours jaga supports. They name replication commands and columns differently.
enum class Flavour { kMariaDB, kMySQL };

// Detects the flavour from the server's version string (`SELECT VERSION()`).
Flavour detect_flavour(std::string_view version);
const char* flavour_name(Flavour flavour);

}  // namespace jaga::db
