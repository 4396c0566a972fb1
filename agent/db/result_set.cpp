#include "db/result_set.h"

#include <strings.h>

namespace jaga::db {

int ResultSet::column_index(std::string_view column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].size() == column.size() &&
        strncasecmp(columns[i].data(), column.data(), column.size()) == 0) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

Value ResultSet::get(size_t row, std::string_view column) const {
  const int index = column_index(column);
  if (index < 0 || row >= rows.size()) return std::nullopt;
  return rows[row][static_cast<size_t>(index)];
}

Flavour detect_flavour(std::string_view version) {
  return version.find("MariaDB") != std::string_view::npos ? Flavour::kMariaDB : Flavour::kMySQL;
}

const char* flavour_name(Flavour flavour) {
  return flavour == Flavour::kMariaDB ? "MariaDB" : "MySQL";
}

}  // namespace jaga::db
